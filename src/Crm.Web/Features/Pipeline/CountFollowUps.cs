using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// The follow-up discipline at a glance, for the home page: of the open deals in the user's reach (the row-level filter:
/// their teams' investment deals, their delegations' procurement deals, or all for managers) in the current edition and the one before (the year of
/// follow-up after a show), how many have an overdue next step, one due within the week, or none at all.
/// </summary>
public static class CountFollowUps
{
    private static readonly DealStage[] _investmentClosed = [.. DealStages.Closed(MatchKind.Investment)];
    private static readonly DealStage[] _procurementClosed = [.. DealStages.Closed(MatchKind.Procurement)];

    public sealed record Query : IRequest<FollowUps>;

    public sealed record FollowUps(int Overdue, int DueThisWeek, int WithoutNextStep)
    {
        public bool Any => Overdue + DueThisWeek + WithoutNextStep > 0;
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Query, FollowUps>
    {
        public async Task<FollowUps> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var current = await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => (int?)e.Number).FirstOrDefaultAsync(cancellationToken);
            if (current is null)
            {
                return new FollowUps(0, 0, 0);
            }
            var today = ExpoCalendar.Today(clock);
            var week = today.AddDays(7);
            var open = db.Deals.AsNoTracking()
                .Where(d => d.Edition!.Number >= current - 1
                    && (d.Kind == MatchKind.Investment ? !_investmentClosed.Contains(d.Stage) : !_procurementClosed.Contains(d.Stage)));
            var counts = await open
                .GroupBy(_ => 1)
                .Select(g => new FollowUps(
                    g.Count(d => d.NextStepDueOn != null && d.NextStepDueOn < today),
                    g.Count(d => d.NextStepDueOn != null && d.NextStepDueOn >= today && d.NextStepDueOn <= week),
                    g.Count(d => d.NextStep == null)))
                .SingleOrDefaultAsync(cancellationToken);
            return counts ?? new FollowUps(0, 0, 0);
        }
    }
}
