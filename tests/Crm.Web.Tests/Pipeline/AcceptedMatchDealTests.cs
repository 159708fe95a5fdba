using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Features.Proposals;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Pipeline;

/// <summary>
/// A match both sides accept becomes the pair's deal at Contacted, in the same save as the decision; a pair that already
/// has a deal keeps that one (tied to the match); a declined or half-accepted match opens nothing. Each test proposes its
/// own exhibitors (from the end of the edition's list, nobody's deals) to one of the lead's last buyers.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class AcceptedMatchDealTests(SeededCrm crm)
{
    [Fact]
    public async Task When_the_organisers_accept_for_the_exhibitor_the_pair_gets_its_deal_at_contacted_with_the_match_and_its_history()
    {
        var match = await ProposeAsync(0);

        var asked = await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(match.Id, 0, Accept: true));
        Assert.Null(await DealOfAsync(match.Id)); // only one side has accepted
        await crm.SendAs(crm.Manager, new AnswerRequest.Command(match.Id, asked.Version, Accept: true));

        var deal = await DealOfAsync(match.Id);
        Assert.NotNull(deal);
        Assert.Equal((MatchKind.Procurement, DealStage.Contacted, match.ExhibitorId, match.BuyerId), (deal.Kind, deal.Stage, deal.ExhibitorId, deal.BuyerId));
        Assert.StartsWith("D09-", deal.Code);
        var change = Assert.Single(deal.StageChanges);
        Assert.Equal((null, DealStage.Contacted), (change.FromStage, change.ToStage));
        var pipeline = await crm.SendAs(crm.DelegationLead, new ListPipeline.Query(9, Kind: MatchKind.Procurement));
        Assert.Contains(pipeline.Rows, r => r.Code == deal.Code);
    }

    [Fact]
    public async Task An_exhibitor_that_accepts_at_once_makes_the_deciding_lead_the_owner_of_the_new_deal()
    {
        var match = await ProposeAsync(1, autoAccept: true);

        await crm.SendAs(crm.DelegationLead, new AcceptProposals.Command(match.BuyerId, null, 1));

        var deal = await DealOfAsync(match.Id);
        Assert.NotNull(deal);
        Assert.Equal((DealStage.Contacted, crm.DelegationLead.Id), (deal.Stage, deal.OwnerUserId));
    }

    [Fact]
    public async Task A_pair_with_a_deal_opened_by_hand_keeps_it_tied_to_the_match_and_a_declined_match_opens_nothing()
    {
        var match = await ProposeAsync(2, autoAccept: true);
        var declined = await ProposeAsync(3);
        var byHand = await crm.SendAs(crm.DelegationLead, new CreateDeal.Command(MatchKind.Procurement, match.ExhibitorId, null, match.BuyerId,
            DealStage.Met, "Quote", ExpoCalendar.Today(TimeProvider.System).AddDays(5)));

        await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(match.Id, 0, Accept: true));
        await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(declined.Id, 0, Accept: false, Reason: "不需要"));

        var deal = await DealOfAsync(match.Id);
        Assert.Equal((byHand.Code, DealStage.Met), (deal?.Code, deal?.Stage));
        Assert.Null(await DealOfAsync(declined.Id));
    }

    /// <summary>A proposal of a free exhibitor to one of the lead's last buyers of the current edition.</summary>
    private async Task<Match> ProposeAsync(int index, bool autoAccept = false)
    {
        await using var db = crm.Database.CreateDbContext();
        var buyer = await db.Buyers.Where(b => b.Edition!.Number == 9 && crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value))
            .OrderByDescending(b => b.Id).Skip(1).FirstAsync();
        var dealt = db.Deals.IgnoreQueryFilters().Select(d => d.ExhibitorId);
        var matched = db.Matches.IgnoreQueryFilters().Select(m => m.ExhibitorId);
        var exhibitor = await db.Exhibitors.Where(e => e.EditionId == buyer.EditionId && !dealt.Contains(e.Id) && !matched.Contains(e.Id))
            .OrderByDescending(e => e.Id).Skip(30 + index).FirstAsync();
        exhibitor.AutoAcceptsRequests = autoAccept;
        var match = new Match
        {
            EditionId = buyer.EditionId, Kind = MatchKind.Procurement, ExhibitorId = exhibitor.Id, BuyerId = buyer.Id, Score = 1.5, Rank = 1,
            ModelVersion = "deal-test", Explanation = "[]", CreatedAt = DateTime.UtcNow,
        };
        db.Matches.Add(match);
        await db.SaveChangesAsync();
        return match;
    }

    private async Task<Deal?> DealOfAsync(int matchId)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Deals.Include(d => d.StageChanges).AsNoTracking().SingleOrDefaultAsync(d => d.MatchId == matchId);
    }
}
