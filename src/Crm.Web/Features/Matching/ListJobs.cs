using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Forecast;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Matching;

/// <summary>
/// The latest model jobs with their progress and outcome, for the model page to follow: training and scoring of the rankers,
/// training of the realisation models and forecasting of the deals.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class ListJobs
{
    /// <param name="Id">One job only (the API's job status).</param>
    public sealed record Query(int Take = 10, int? Id = null) : IRequest<IReadOnlyList<Row>>;

    /// <param name="Error">Why it failed, in the reader's language when the job foresaw it (<see cref="ModelJobFailure"/>).</param>
    /// <param name="Partial">A scoring job that re-scores only some buyers or teams (after a change), not the whole edition;
    /// a forecasting job that forecasts only the deals that changed.</param>
    /// <param name="ModelVersion">The model trained, or the model that scored.</param>
    /// <param name="Proposals">Proposals a scoring job wrote.</param>
    /// <param name="Queries">Buyers or teams a scoring job scored.</param>
    /// <param name="Trained">The realisation models a forecast training registered, one per kind.</param>
    /// <param name="Forecasts">Forecasts a forecasting job wrote.</param>
    /// <param name="Removed">Forecasts a forecasting job removed (their deals are no longer open).</param>
    /// <param name="ForecastModels">The realisation models a forecasting job used.</param>
    /// <param name="RunBy">The instance running the job, or that ran it last (<c>Jobs:InstanceName</c>).</param>
    /// <param name="Attempts">How many times a runner took it up: more than 1 after a takeover.</param>
    public sealed record Row(int Id, string Kind, JobStatus Status, string? Stage, double Progress, string? Error,
        string CreatedBy, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt, string? RunBy, int Attempts,
        bool Partial, string? ModelVersion, int? Proposals, int? Queries,
        IReadOnlyList<TrainedModel> Trained, int? Forecasts, int? Removed, IReadOnlyList<string> ForecastModels)
    {
        public bool IsOpen => Status is JobStatus.Queued or JobStatus.Running;
    }

    /// <summary>A realisation model a forecast training registered.</summary>
    public sealed record TrainedModel(string Version, bool BeatsBaseline, bool IsActive);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MatchingText> text) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        private static readonly string[] Kinds = [TrainModelJob.Name, ScoreEditionJob.Name, TrainForecastJob.Name, ForecastDealsJob.Name];

        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var jobs = await db.BackgroundJobs.AsNoTracking()
                .Where(j => Kinds.Contains(j.Kind) && (request.Id == null || j.Id == request.Id))
                .OrderByDescending(j => j.Id)
                .Take(Math.Clamp(request.Take, 1, 100))
                .Select(j => new
                {
                    j.Id, j.Kind, j.Status, j.Stage, j.Progress, j.Parameters, j.Result, j.Error, j.CreatedBy, j.CreatedAt, j.StartedAt, j.FinishedAt,
                    j.LeaseOwner, j.Attempts,
                })
                .ToListAsync(cancellationToken);
            return jobs.Select(j =>
                {
                    var (version, proposals, queries) = j.Kind is TrainModelJob.Name or ScoreEditionJob.Name ? Outcome(j.Result) : (null, null, null);
                    var trained = j.Kind == TrainForecastJob.Name ? TrainedModels(j.Result) : [];
                    var run = j.Kind == ForecastDealsJob.Name ? ForecastRun(j.Result) : null;
                    return new Row(j.Id, j.Kind, j.Status, j.Stage, j.Progress, ModelJobFailure.Describe(j.Error, text), j.CreatedBy, j.CreatedAt, j.StartedAt, j.FinishedAt,
                        j.LeaseOwner, j.Attempts,
                        IsPartial(j.Kind, j.Parameters), version, proposals, queries,
                        trained, run?.Forecasts, run?.Removed, run?.Models ?? []);
                })
                .ToList();
        }

        /// <summary>What a forecast training stored: an array of the models it registered.</summary>
        private static IReadOnlyList<TrainedModel> TrainedModels(string? result) =>
            string.IsNullOrEmpty(result) ? [] : JsonSerializer.Deserialize<List<TrainedModel>>(result) ?? [];

        /// <summary>What a forecasting job stored.</summary>
        private static ForecastRun? ForecastRun(string? result) =>
            string.IsNullOrEmpty(result) ? null : JsonSerializer.Deserialize<ForecastRun>(result);

        /// <summary>What a job's stored result says: the model (training: Version; scoring: ModelVersion), proposals and queries scored.</summary>
        private static (string? Version, int? Proposals, int? Queries) Outcome(string? result)
        {
            if (string.IsNullOrEmpty(result))
            {
                return (null, null, null);
            }
            using var json = JsonDocument.Parse(result);
            var root = json.RootElement;
            var version = root.TryGetProperty(nameof(ScoringSummary.ModelVersion), out var scored) ? scored.GetString()
                : root.TryGetProperty("Version", out var trained) ? trained.GetString() : null;
            int? proposals = root.TryGetProperty(nameof(ScoringSummary.Proposals), out var count) ? count.GetInt32() : null;
            int? queries = root.TryGetProperty(nameof(ScoringSummary.Queries), out var queried) ? queried.GetInt32() : null;
            return (version, proposals, queries);
        }

        private static bool IsPartial(string kind, string parameters) => kind switch
        {
            ScoreEditionJob.Name => JsonSerializer.Deserialize<ScoreParameters>(parameters) is { } p && (p.CounterpartIds is not null || p.ExhibitorIds is not null),
            ForecastDealsJob.Name => JsonSerializer.Deserialize<ForecastParameters>(parameters) is { DealIds: not null },
            _ => false,
        };
    }
}
