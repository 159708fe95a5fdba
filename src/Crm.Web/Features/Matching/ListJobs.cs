using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Matching;

/// <summary>The latest matching jobs (training, scoring) with their progress and outcome, for the model page to follow.</summary>
[RequiresRole(Roles.Administrator)]
public static class ListJobs
{
    public sealed record Query(int Take = 10) : IRequest<IReadOnlyList<Row>>;

    /// <param name="ModelVersion">The model trained, or the model that scored.</param>
    /// <param name="Proposals">Proposals a scoring job wrote.</param>
    /// <param name="Participants">Buyers or teams a scoring job re-scored; null when it scored the whole edition.</param>
    public sealed record Row(int Id, string Kind, JobStatus Status, string? Stage, double Progress, string? Error,
        string CreatedBy, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt,
        string? ModelVersion, int? Proposals, int? Participants)
    {
        public bool IsOpen => Status is JobStatus.Queued or JobStatus.Running;
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        private static readonly string[] Kinds = [TrainModelJob.Name, ScoreEditionJob.Name];

        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var jobs = await db.BackgroundJobs.AsNoTracking()
                .Where(j => Kinds.Contains(j.Kind))
                .OrderByDescending(j => j.Id)
                .Take(Math.Clamp(request.Take, 1, 100))
                .Select(j => new { j.Id, j.Kind, j.Status, j.Stage, j.Progress, j.Parameters, j.Result, j.Error, j.CreatedBy, j.CreatedAt, j.StartedAt, j.FinishedAt })
                .ToListAsync(cancellationToken);
            return jobs.Select(j =>
                {
                    var (version, proposals) = Outcome(j.Result);
                    return new Row(j.Id, j.Kind, j.Status, j.Stage, j.Progress, j.Error, j.CreatedBy, j.CreatedAt, j.StartedAt, j.FinishedAt,
                        version, proposals, Participants(j.Kind, j.Parameters));
                })
                .ToList();
        }

        /// <summary>The model version and proposal count from a job's stored result (training: Version; scoring: ModelVersion, Proposals).</summary>
        private static (string? Version, int? Proposals) Outcome(string? result)
        {
            if (string.IsNullOrEmpty(result))
            {
                return (null, null);
            }
            using var json = JsonDocument.Parse(result);
            var root = json.RootElement;
            var version = root.TryGetProperty(nameof(ScoringSummary.ModelVersion), out var scored) ? scored.GetString()
                : root.TryGetProperty("Version", out var trained) ? trained.GetString() : null;
            int? proposals = root.TryGetProperty(nameof(ScoringSummary.Proposals), out var count) ? count.GetInt32() : null;
            return (version, proposals);
        }

        private static int? Participants(string kind, string parameters) =>
            kind == ScoreEditionJob.Name ? JsonSerializer.Deserialize<ScoreParameters>(parameters)?.CounterpartIds?.Count : null;
    }
}
