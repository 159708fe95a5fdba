using System.Text.Json;
using Crm.Data;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Imports;

/// <summary>An import's reasons, line by line (line 1 is the header; line 0 concerns the whole file); null when there is no such finished import.</summary>
[RequiresRole(Roles.Administrator)]
public static class GetImportReport
{
    public sealed record Query(int JobId) : IRequest<Report?>;

    public sealed record Report(string FileName, ImportSummary Summary);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Report?>
    {
        public async Task<Report?> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var job = await db.BackgroundJobs.AsNoTracking()
                .Where(j => j.Id == request.JobId && j.Kind == ImportFileJob.Name && j.Result != null)
                .Select(j => new { j.Parameters, j.Result }).SingleOrDefaultAsync(cancellationToken);
            return job is null ? null
                : new Report(JsonSerializer.Deserialize<ImportParameters>(job.Parameters)!.FileName, JsonSerializer.Deserialize<ImportSummary>(job.Result!)!);
        }
    }
}
