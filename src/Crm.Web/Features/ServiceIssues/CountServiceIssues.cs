using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>
/// The desk's report for an edition: per category, how many issues are open (open or in progress) and closed (resolved
/// or closed), and how old the open ones are (up to a day, two to three days, four to seven, over a week), with totals.
/// </summary>
public static class CountServiceIssues
{
    public sealed record Query(int? Edition = null) : IRequest<Report>;

    /// <param name="OpenByAge">Open issues per age band, in the order of <see cref="ServiceIssueAge.Bands"/>.</param>
    public sealed record Line(ServiceIssueCategory? Category, int Open, int Closed, IReadOnlyList<int> OpenByAge)
    {
        public int Total => Open + Closed;
    }

    /// <param name="Lines">One per category that has issues, most open first.</param>
    /// <param name="Total">Every category together (its <see cref="Line.Category"/> is null).</param>
    public sealed record Report(int Edition, IReadOnlyList<Line> Lines, Line Total, int Unassigned, double? MedianDaysToResolve);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Query, Report>
    {
        public async Task<Report> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var edition = await ListedEdition.FindAsync(db, request.Edition, cancellationToken);
            var editionId = edition?.Id ?? 0;
            var issues = await db.ServiceIssues.AsNoTracking()
                .Where(i => i.EditionId == editionId)
                .Select(i => new { i.Category, i.Status, i.RaisedAt, i.ResolvedAt, Unowned = i.OwnerUserId == null })
                .ToListAsync(cancellationToken);
            var today = ExpoCalendar.Today(clock);
            var measured = issues.Select(i => new
            {
                i.Category,
                Open = i.Status.IsOpen(),
                i.Unowned,
                Days = ServiceIssueAge.Days(i.RaisedAt, i.ResolvedAt, today),
            }).ToList();
            Line Count(ServiceIssueCategory? category)
            {
                var these = measured.Where(i => category is null || i.Category == category).ToList();
                var open = these.Where(i => i.Open).ToList();
                return new Line(category, open.Count, these.Count - open.Count,
                    ServiceIssueAge.Bands.Select(band => open.Count(i => ServiceIssueAge.BandOf(i.Days) == band)).ToList());
            }

            var lines = measured.Select(i => i.Category).Distinct().Select(c => Count(c))
                .OrderByDescending(l => l.Open).ThenByDescending(l => l.Total).ThenBy(l => l.Category).ToList();
            var resolved = measured.Where(i => !i.Open).Select(i => (double)i.Days).Order().ToList();
            return new Report(edition?.Number ?? request.Edition ?? 0, lines, Count(null), measured.Count(i => i.Open && i.Unowned), Median(resolved));
        }

        private static double? Median(IReadOnlyList<double> sorted) => sorted.Count == 0 ? null
            : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
