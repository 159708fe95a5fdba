using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Jobs;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Matching;

/// <summary>The latest matching jobs (training, scoring) with their progress, for the model page to follow.</summary>
[RequiresRole(Roles.Administrator)]
public static class ListJobs
{
    public sealed record Query(int Take = 10) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Id, string Kind, JobStatus Status, string? Stage, double Progress, string? Result, string? Error,
        string CreatedBy, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt)
    {
        public bool IsOpen => Status is JobStatus.Queued or JobStatus.Running;
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        private static readonly string[] Kinds = [TrainModelJob.Name, ScoreEditionJob.Name];

        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.BackgroundJobs.AsNoTracking()
                .Where(j => Kinds.Contains(j.Kind))
                .OrderByDescending(j => j.Id)
                .Take(Math.Clamp(request.Take, 1, 100))
                .Select(j => new Row(j.Id, j.Kind, j.Status, j.Stage, j.Progress, j.Result, j.Error, j.CreatedBy, j.CreatedAt, j.StartedAt, j.FinishedAt))
                .ToListAsync(cancellationToken);
        }
    }
}
