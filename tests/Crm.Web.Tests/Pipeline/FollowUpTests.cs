using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Pipeline;

/// <summary>The home page's follow-up reminder counts the open deals in the user's reach by the state of their next step.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class FollowUpTests(SeededCrm crm)
{
    [Fact]
    public async Task Overdue_due_this_week_and_missing_next_steps_are_counted_for_the_users_teams_only_and_closed_deals_not_at_all()
    {
        var before = await crm.SendAs(crm.TeamMember, new CountFollowUps.Query());
        var today = ExpoCalendar.Today(TimeProvider.System);
        int otherTeam;
        await using (var db = crm.Database.CreateDbContext())
        {
            otherTeam = await db.PromotionTeams.Where(t => !crm.TeamMember.TeamIds.Contains(t.Id)).Select(t => t.Id).FirstAsync();
        }
        var team = crm.TeamMember.TeamIds[0];

        await DealAsync(team, DealStage.Met, "Call", today.AddDays(-1));         // overdue
        await DealAsync(team, DealStage.IntentSigned, "Visit", today.AddDays(3)); // due this week
        await DealAsync(team, DealStage.Contacted, null, null);                   // no next step
        await DealAsync(team, DealStage.Met, "Later", today.AddDays(30));        // neither
        await DealAsync(team, DealStage.Lost, null, null);                        // closed
        await DealAsync(otherTeam, DealStage.Met, "Call", today.AddDays(-2));    // not theirs
        var after = await crm.SendAs(crm.TeamMember, new CountFollowUps.Query());
        var manager = await crm.SendAs(crm.Manager, new CountFollowUps.Query());

        Assert.Equal((before.Overdue + 1, before.DueThisWeek + 1, before.WithoutNextStep + 1), (after.Overdue, after.DueThisWeek, after.WithoutNextStep));
        Assert.True(manager.Overdue >= after.Overdue + 1); // the other team's too
    }

    [Fact]
    public async Task A_delegation_leads_reminder_counts_their_buyers_open_procurement_deals_and_a_delivered_one_not_at_all()
    {
        var before = await crm.SendAs(crm.DelegationLead, new CountFollowUps.Query());
        var today = ExpoCalendar.Today(TimeProvider.System);
        int buyer;
        await using (var db = crm.Database.CreateDbContext())
        {
            buyer = await db.Buyers.Where(b => b.Edition!.Status == EditionStatus.Current && crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value))
                .Select(b => b.Id).FirstAsync();
        }

        await DealAsync(null, DealStage.Met, "Quote", today.AddDays(-1), buyer);      // overdue
        await DealAsync(null, DealStage.Delivered, "Invoice", today.AddDays(-1), buyer); // closed
        var after = await crm.SendAs(crm.DelegationLead, new CountFollowUps.Query());

        Assert.Equal(before.Overdue + 1, after.Overdue);
    }

    private async Task DealAsync(int? team, DealStage stage, string? nextStep, DateOnly? due, int? buyer = null)
    {
        await using var db = crm.Database.CreateDbContext();
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Status == EditionStatus.Current).OrderBy(e => e.Id).FirstAsync();
        var number = await db.Deals.CountAsync(d => d.Code.StartsWith("D09-6")) + 1;
        db.Deals.Add(new Deal
        {
            Code = $"D09-6{number:00000}", EditionId = exhibitor.EditionId, Kind = buyer is null ? MatchKind.Investment : MatchKind.Procurement,
            ExhibitorId = exhibitor.Id, PromotionTeamId = team, BuyerId = buyer,
            Stage = stage, NextStep = nextStep, NextStepDueOn = due, LostReason = stage == DealStage.Lost ? "No budget" : null,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
