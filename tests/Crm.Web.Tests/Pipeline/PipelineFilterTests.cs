using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Data;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Pipeline;

/// <summary>
/// The pipeline's list and board filters: procurement deals for delegation leads, grouped by their delegation; my deals;
/// a text; what needs attention. Deals made here have codes D09-9xxxxx.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class PipelineFilterTests(SeededCrm crm)
{
    [Fact]
    public async Task A_delegation_lead_sees_the_procurement_deals_of_their_delegations_buyers_with_the_top_level_delegation_named()
    {
        var (buyer, top) = await SubDelegationBuyerAsync();
        var code = await DealAsync(MatchKind.Procurement, buyer: buyer);

        var pipeline = await crm.SendAs(crm.DelegationLead, new ListPipeline.Query(EditionNumber: 9));

        Assert.Equal(MatchKind.Procurement, pipeline.Kind);
        Assert.Contains(pipeline.Delegations!, d => d.Id == top);
        var row = Assert.Single(pipeline.Rows, r => r.Code == code);
        Assert.Equal(top, row.Delegation!.Id);
        Assert.NotNull(row.Delegation.Sub);
        Assert.All(pipeline.Rows, r => Assert.Equal(MatchKind.Procurement, r.Kind));
        Assert.All(pipeline.Rows, r => Assert.Contains(r.Delegation!.Id!.Value, crm.DelegationLead.DelegationIds));

        var filtered = await crm.SendAs(crm.DelegationLead, new ListPipeline.Query(9, Kind: MatchKind.Procurement, DelegationId: top));
        Assert.Contains(filtered.Rows, r => r.Code == code); // a sub-delegation's buyer is in its delegation
    }

    [Fact]
    public async Task A_delegation_outside_the_users_reach_is_refused_and_a_team_is_no_filter_for_procurement()
    {
        int other;
        await using (var db = crm.Database.CreateDbContext())
        {
            other = await db.TradeDelegations.Where(d => !crm.DelegationLead.DelegationIds.Contains(d.Id)).Select(d => d.Id).FirstAsync();
        }

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            crm.SendAs(crm.DelegationLead, new ListPipeline.Query(9, Kind: MatchKind.Procurement, DelegationId: other)));
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.Manager, new ListPipeline.Query(9, TeamId: crm.TeamMember.TeamIds[0], Kind: MatchKind.Procurement)));
        Assert.Contains(refused.Failures, f => f.PropertyName == nameof(ListPipeline.Query.TeamId));
    }

    [Fact]
    public async Task My_deals_are_the_deals_the_user_owns_and_the_search_finds_a_deal_by_any_case_of_its_company_name()
    {
        var team = crm.TeamMember.TeamIds[0];
        var mine = await DealAsync(MatchKind.Investment, team: team, owner: crm.TeamMember.Id);
        var theirs = await DealAsync(MatchKind.Investment, team: team, owner: crm.Manager.Id);

        var myDeals = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(9, Mine: true));
        Assert.Contains(myDeals.Rows, r => r.Code == mine);
        Assert.DoesNotContain(myDeals.Rows, r => r.Code == theirs);

        var company = (await crm.SendAs(crm.TeamMember, new ListPipeline.Query(9))).Rows.Single(r => r.Code == mine).Company;
        var found = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(9, Search: company.ToUpperInvariant()));
        Assert.Contains(found.Rows, r => r.Code == mine);
        Assert.All(found.Rows, r => Assert.Contains(company, r.Company, StringComparison.OrdinalIgnoreCase));
        var byCode = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(9, Search: mine));
        Assert.Equal(mine, Assert.Single(byCode.Rows).Code);
    }

    [Fact]
    public async Task The_attention_filter_keeps_the_open_deals_in_that_state_only_and_the_stage_counts_follow_it()
    {
        var team = crm.TeamMember.TeamIds[0];
        var today = ExpoCalendar.Today(TimeProvider.System);
        var overdue = await DealAsync(MatchKind.Investment, team: team, due: today.AddDays(-3));
        var onTime = await DealAsync(MatchKind.Investment, team: team, due: today.AddDays(3));

        var pipeline = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(9, Attention: Attention.Overdue));

        Assert.Contains(pipeline.Rows, r => r.Code == overdue);
        Assert.DoesNotContain(pipeline.Rows, r => r.Code == onTime);
        Assert.All(pipeline.Rows, r => Assert.True(r.NextStepDueOn < today && DealStages.IsOpen(r.Kind, r.Stage)));
        Assert.Equal(pipeline.Rows.Count, pipeline.Stages.Sum(s => s.Deals));
    }

    [Fact]
    public async Task An_address_keeps_every_filter_and_reads_back_the_same_query()
    {
        var query = new ListPipeline.Query(8, null, DealStage.Met, MatchKind.Procurement, true, 12, "上海 & co", Attention.Stale);

        var address = PipelineAddress.Of(query);
        var values = System.Web.HttpUtility.ParseQueryString(address);
        var read = PipelineAddress.Parse(values["kind"], int.Parse(values["edition"]!), null, int.Parse(values["delegation"]!), values["stage"],
            bool.Parse(values["mine"]!), values["attention"], values["q"]);

        Assert.Equal(query, read);
        Assert.Equal(new ListPipeline.Query(), PipelineAddress.Parse("7", null, null, null, "Nowhere", null, "42", "  "));
    }

    private async Task<(int Buyer, int Top)> SubDelegationBuyerAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        var buyer = await db.Buyers
            .Where(b => b.Edition!.Number == 9 && b.Delegation!.ParentId != null && crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value))
            .Select(b => new { b.Id, Top = b.Delegation!.ParentId!.Value })
            .FirstAsync();
        return (buyer.Id, buyer.Top);
    }

    private async Task<string> DealAsync(MatchKind kind, int? team = null, int? buyer = null, string? owner = null, DateOnly? due = null)
    {
        await using var db = crm.Database.CreateDbContext();
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Number == 9).OrderBy(e => e.Id).Skip(3).FirstAsync();
        var code = $"D09-9{await db.Deals.CountAsync(d => d.Code.StartsWith("D09-9")) + 1:00000}";
        db.Deals.Add(new Deal
        {
            Code = code, EditionId = exhibitor.EditionId, Kind = kind, ExhibitorId = exhibitor.Id, PromotionTeamId = team, BuyerId = buyer,
            Stage = DealStage.Met, OwnerUserId = owner, NextStep = "Call", NextStepDueOn = due ?? ExpoCalendar.Today(TimeProvider.System).AddDays(10),
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
        return code;
    }
}
