using System.Text.Json;
using Crm.Data;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Imports;

/// <summary>The latest imports, newest first, with their progress and, once done, what they did (the reasons stay with <see cref="GetImportReport"/>).</summary>
[RequiresRole(Roles.Administrator)]
public static class ListImports
{
    /// <param name="JobId">One import only (the API's status of an import).</param>
    public sealed record Query(int Take = 10, int? JobId = null) : IRequest<IReadOnlyList<Row>>;

    /// <param name="RunBy">The instance running the import, or that ran it (<c>Jobs:InstanceName</c>).</param>
    /// <param name="Attempts">How many times a runner took it up: more than 1 after a takeover.</param>
    public sealed record Row(int Id, string Kind, ImportMode Mode, string FileName, JobStatus Status, string? Stage, double Progress, string? Error,
        string CreatedBy, DateTime CreatedAt, DateTime? FinishedAt, ImportSummary? Summary, string? RunBy, int Attempts)
    {
        public bool IsOpen => Status is JobStatus.Queued or JobStatus.Running;
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var jobs = await db.BackgroundJobs.AsNoTracking().Where(j => j.Kind == ImportFileJob.Name && (request.JobId == null || j.Id == request.JobId))
                .OrderByDescending(j => j.Id).Take(Math.Clamp(request.Take, 1, 100))
                .ToListAsync(cancellationToken);
            return jobs.Select(j =>
                {
                    var p = JsonSerializer.Deserialize<ImportParameters>(j.Parameters)!;
                    var summary = j.Result is null ? null : JsonSerializer.Deserialize<ImportSummary>(j.Result);
                    return new Row(j.Id, p.Kind, p.Mode, p.FileName, j.Status, j.Stage, j.Progress, j.Error, j.CreatedBy, j.CreatedAt, j.FinishedAt,
                        summary is null ? null : summary with { Errors = [] }, j.LeaseOwner, j.Attempts);
                })
                .ToList();
        }
    }
}
