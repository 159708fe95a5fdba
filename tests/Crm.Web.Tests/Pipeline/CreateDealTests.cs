using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Pipeline;

/// <summary>
/// Deals opened by hand: the pair's one deal, the exhibitor's assigned owner, another team's claim named back (撞单), the
/// early stages only, the counterpart within reach, and the deal with its first stage change and task saved together.
/// Each test takes exhibitors of the current edition that nobody has a deal with, from the end of the list.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class CreateDealTests(SeededCrm crm)
{
    private static readonly DateOnly _due = ExpoCalendar.Today(TimeProvider.System).AddDays(7);

    [Fact]
    public async Task A_team_member_opens_an_investment_deal_they_own_with_its_first_stage_change_and_the_next_step_as_their_task()
    {
        var exhibitor = await FreeExhibitorAsync(0);
        var team = crm.TeamMember.TeamIds[0];

        var created = await crm.SendAs(crm.TeamMember, new CreateDeal.Command(MatchKind.Investment, exhibitor, team, null, DealStage.Contacted, " 拜访总部 ", _due));

        Assert.StartsWith("D09-", created.Code);
        Assert.Empty(created.Rivals);
        await using var db = crm.Database.CreateDbContext();
        var deal = await db.Deals.Include(d => d.StageChanges).SingleAsync(d => d.Id == created.DealId);
        Assert.Equal((DealStage.Contacted, crm.TeamMember.Id, "拜访总部", _due, (int?)team), (deal.Stage, deal.OwnerUserId, deal.NextStep, deal.NextStepDueOn, deal.PromotionTeamId));
        var change = Assert.Single(deal.StageChanges);
        Assert.Equal((null, DealStage.Contacted, crm.TeamMember.Id), (change.FromStage, change.ToStage, change.ChangedByUserId));
        Assert.True(await db.Activities.AnyAsync(a => a.DealId == deal.Id && a.Kind == ActivityKind.Task && a.Subject == "拜访总部" && a.OwnerUserId == crm.TeamMember.Id));
        var mine = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(9, Mine: true));
        Assert.Contains(mine.Rows, r => r.Code == created.Code);
    }

    [Fact]
    public async Task A_second_deal_for_the_same_pair_is_refused_naming_the_first_and_nothing_is_written()
    {
        var exhibitor = await FreeExhibitorAsync(1);
        var team = crm.TeamMember.TeamIds[0];
        var first = await crm.SendAs(crm.TeamMember, new CreateDeal.Command(MatchKind.Investment, exhibitor, team, null, DealStage.Proposed, "Call", _due));
        var before = await DealCountAsync();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.TeamMember, new CreateDeal.Command(MatchKind.Investment, exhibitor, team, null, DealStage.Met, "Call again", _due)));

        Assert.Contains(refused.Failures, f => f.ErrorMessage.Contains(first.Code, StringComparison.Ordinal));
        Assert.Equal(before, await DealCountAsync());
    }

    [Fact]
    public async Task Another_teams_claim_is_allowed_and_named_back_and_both_teams_see_the_conflict_until_an_owner_is_assigned_then_it_is_refused()
    {
        var exhibitor = await FreeExhibitorAsync(2);
        var team = crm.TeamMember.TeamIds[0];
        var other = await OtherTeamAsync();
        var theirs = await crm.SendAs(crm.Manager, new CreateDeal.Command(MatchKind.Investment, exhibitor, other, null, DealStage.Contacted, "Visit", _due));

        var ours = await crm.SendAs(crm.TeamMember, new CreateDeal.Command(MatchKind.Investment, exhibitor, team, null, DealStage.Contacted, "Visit too", _due));

        Assert.Single(ours.Rivals);
        var seen = await crm.SendAs(crm.Manager, new ListPipeline.Query(9));
        Assert.NotEmpty(seen.Rows.Single(r => r.Code == ours.Code).Rivals!);
        Assert.NotEmpty(seen.Rows.Single(r => r.Code == theirs.Code).Rivals!);

        await crm.SendAs(crm.Manager, new AssignInvestmentOwner.Command(exhibitor, other));
        await using (var db = crm.Database.CreateDbContext())
        {
            Assert.Equal(DealStage.Lost, await db.Deals.Where(d => d.Code == ours.Code).Select(d => d.Stage).SingleAsync());
        }
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.TeamMember, new CreateDeal.Command(MatchKind.Investment, exhibitor, team, null, DealStage.Contacted, "Try again", _due)));
        Assert.Contains(refused.Failures, f => f.PropertyName == nameof(CreateDeal.Command.ExhibitorId));
    }

    [Fact]
    public async Task Late_stages_a_missing_next_step_and_a_team_on_a_procurement_deal_are_refused_with_reasons()
    {
        var exhibitor = await FreeExhibitorAsync(3);
        var team = crm.TeamMember.TeamIds[0];

        var late = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.TeamMember, new CreateDeal.Command(MatchKind.Investment, exhibitor, team, null, DealStage.IntentSigned, "Sign", _due)));
        var noStep = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.TeamMember, new CreateDeal.Command(MatchKind.Investment, exhibitor, team, null, DealStage.Met, " ", null)));
        var mixed = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.Manager, new CreateDeal.Command(MatchKind.Procurement, exhibitor, team, null, DealStage.Met, "Call", _due)));

        Assert.Contains(late.Failures, f => f.PropertyName == nameof(CreateDeal.Command.Stage));
        Assert.Equal([nameof(CreateDeal.Command.NextStep), nameof(CreateDeal.Command.NextStepDueOn)], noStep.Failures.Select(f => f.PropertyName).Order());
        Assert.Contains(mixed.Failures, f => f.PropertyName == nameof(CreateDeal.Command.TeamId));
        Assert.Contains(mixed.Failures, f => f.PropertyName == nameof(CreateDeal.Command.BuyerId));
    }

    [Fact]
    public async Task A_counterpart_outside_the_users_reach_is_refused_and_a_viewer_opens_nothing()
    {
        var exhibitor = await FreeExhibitorAsync(4);
        var other = await OtherTeamAsync();
        int outsideBuyer;
        await using (var db = crm.Database.CreateDbContext())
        {
            outsideBuyer = await db.Buyers.Where(b => b.Edition!.Number == 9 && (b.DelegationId == null || !crm.DelegationLead.DelegationIds.Contains(b.DelegationId.Value)))
                .Select(b => b.Id).FirstAsync();
        }
        var before = await DealCountAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            crm.SendAs(crm.TeamMember, new CreateDeal.Command(MatchKind.Investment, exhibitor, other, null, DealStage.Contacted, "Call", _due)));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            crm.SendAs(crm.DelegationLead, new CreateDeal.Command(MatchKind.Procurement, exhibitor, null, outsideBuyer, DealStage.Contacted, "Call", _due)));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            crm.SendAs(crm.Viewer, new CreateDeal.Command(MatchKind.Investment, exhibitor, other, null, DealStage.Contacted, "Call", _due)));
        Assert.Equal(before, await DealCountAsync());
    }

    [Fact]
    public async Task A_delegation_lead_opens_a_procurement_deal_for_their_buyer_and_sees_it_under_their_delegation()
    {
        var exhibitor = await FreeExhibitorAsync(5);
        int buyer;
        await using (var db = crm.Database.CreateDbContext())
        {
            buyer = await db.Buyers.Where(b => b.Edition!.Number == 9 && crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value))
                .OrderByDescending(b => b.Id).Select(b => b.Id).FirstAsync();
        }

        var created = await crm.SendAs(crm.DelegationLead, new CreateDeal.Command(MatchKind.Procurement, exhibitor, null, buyer, DealStage.MeetingScheduled, "Send samples", _due));

        var pipeline = await crm.SendAs(crm.DelegationLead, new ListPipeline.Query(9, Kind: MatchKind.Procurement));
        var row = Assert.Single(pipeline.Rows, r => r.Code == created.Code);
        Assert.Equal((DealStage.MeetingScheduled, buyer), (row.Stage, row.Delegation!.BuyerId));
        Assert.Contains(row.Delegation.Id!.Value, crm.DelegationLead.DelegationIds);
    }

    [Fact]
    public async Task The_form_finds_exhibitors_by_part_of_a_name_and_a_lead_only_their_own_buyers()
    {
        string name;
        await using (var db = crm.Database.CreateDbContext())
        {
            name = await db.Exhibitors.Where(e => e.Edition!.Number == 9).OrderBy(e => e.Id).Select(e => e.Company!.Name).FirstAsync();
        }
        var part = name[1..Math.Min(name.Length, 6)].ToLowerInvariant();

        var exhibitors = await crm.SendAs(crm.TeamMember, new ListDealChoices.Exhibitors(9, part));
        var buyers = await crm.SendAs(crm.DelegationLead, new ListDealChoices.Buyers(9, null));

        Assert.Contains(exhibitors, e => e.Name == name);
        Assert.All(exhibitors, e => Assert.Contains(part, e.Name, StringComparison.OrdinalIgnoreCase));
        await using var check = crm.Database.CreateDbContext();
        var ids = buyers.Select(b => b.Id).ToList();
        Assert.NotEmpty(ids);
        Assert.All(await check.Buyers.Where(b => ids.Contains(b.Id)).Select(b => b.DelegationId).ToListAsync(),
            d => Assert.Contains(d!.Value, crm.DelegationLead.DelegationIds));
    }

    /// <summary>The current edition's exhibitor number <paramref name="index"/> from the end among those nobody has a deal with.</summary>
    private async Task<int> FreeExhibitorAsync(int index)
    {
        await using var db = crm.Database.CreateDbContext();
        var dealt = db.Deals.IgnoreQueryFilters().Select(d => d.ExhibitorId);
        return await db.Exhibitors.Where(e => e.Edition!.Number == 9 && !dealt.Contains(e.Id) && e.InvestmentOwnerTeamId == null)
            .OrderByDescending(e => e.Id).Skip(10 + index).Select(e => e.Id).FirstAsync();
    }

    private async Task<int> OtherTeamAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.PromotionTeams.Where(t => !crm.TeamMember.TeamIds.Contains(t.Id)).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
    }

    private async Task<int> DealCountAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Deals.IgnoreQueryFilters().CountAsync();
    }
}
