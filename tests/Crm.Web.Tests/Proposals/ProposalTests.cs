using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Matching;
using Crm.Web.Features.Proposals;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Proposals;

/// <summary>
/// The double opt-in over the small seed: a delegation lead accepts or declines the model's proposals for their buyers,
/// the organisers answer for the exhibitors, requests lapse, and nothing is decided over someone else's newer decision.
/// Each test proposes its own exhibitors to its own buyer of the lead's delegation.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class ProposalTests(SeededCrm crm)
{
    [Fact]
    public async Task A_lead_asks_the_exhibitor_and_the_pair_is_confirmed_when_the_organisers_accept_for_it()
    {
        var (buyer, matches) = await ProposeAsync(0, 3);

        var asked = await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[0], 0, Accept: true));

        Assert.Equal((true, MatchState.Requested), (asked.Saved, asked.State));
        var expires = (await StoredAsync(matches[0])).RequestExpiresAt!.Value;
        Assert.InRange(expires - DateTime.UtcNow, TimeSpan.FromDays(3) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(3));
        var waiting = await crm.SendAs(crm.Manager, new ListRequests.Query(ExhibitorId: (await StoredAsync(matches[0])).ExhibitorId));
        Assert.Contains(waiting.Rows, r => r.MatchId == matches[0]);

        var answered = await crm.SendAs(crm.Manager, new AnswerRequest.Command(matches[0], asked.Version, Accept: true));

        Assert.Equal((true, MatchState.Confirmed), (answered.Saved, answered.State));
        var proposals = await crm.SendAs(crm.DelegationLead, new ListProposals.Query(MatchKind.Procurement, buyer));
        Assert.Equal([MatchState.Confirmed, MatchState.Proposed, MatchState.Proposed], proposals.Select(p => p.State));
        Assert.Null(proposals[0].RequestExpiresAt);
    }

    [Theory]
    [InlineData("zh-CN", "请说明拒绝原因。")]
    [InlineData("en", "Say why the proposal is declined.")]
    public async Task A_decline_without_a_reason_is_refused_in_the_users_language_and_with_one_it_is_kept_and_cannot_be_answered(string culture,
        string message)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var (_, matches) = await ProposeAsync(culture == "en" ? 1 : 2, 1);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[0], 0, Accept: false, Reason: "  ")));
        Assert.Equal(message, Assert.Single(refused.Failures).ErrorMessage);
        Assert.Equal(MatchDecision.Proposed, (await StoredAsync(matches[0])).CounterpartDecision);

        var declined = await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[0], 0, Accept: false, Reason: "品类不符"));

        Assert.Equal(MatchState.Declined, declined.State);
        Assert.Equal("品类不符", (await StoredAsync(matches[0])).CounterpartReason);
        await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.Manager, new AnswerRequest.Command(matches[0], declined.Version, Accept: true)));
    }

    [Fact]
    public async Task An_exhibitor_set_to_accept_automatically_is_confirmed_at_once_and_its_waiting_requests_with_it()
    {
        var (_, first) = await ProposeAsync(3, 2);
        var asked = await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(first[1], 0, Accept: true));
        Assert.Equal(MatchState.Requested, asked.State);
        var exhibitor = (await StoredAsync(first[1])).ExhibitorId;

        Assert.Equal(1, await crm.SendAs(crm.Manager, new SetAutoAccept.Command(exhibitor, AutoAccept: true)));

        Assert.Equal(MatchDecision.Accepted, (await StoredAsync(first[1])).ExhibitorDecision);
        var (_, second) = await ProposeAsync(4, 1, exhibitor);
        var confirmed = await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(second[0], 0, Accept: true));
        Assert.Equal(MatchState.Confirmed, confirmed.State);
        await crm.SendAs(crm.Manager, new SetAutoAccept.Command(exhibitor, AutoAccept: false));
    }

    [Fact]
    public async Task A_request_not_answered_in_time_lapses_cannot_be_answered_and_can_be_asked_again()
    {
        var (_, matches) = await ProposeAsync(5, 1);
        var asked = await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[0], 0, Accept: true));
        await using (var db = crm.Database.CreateDbContext())
        {
            // Three days pass.
            await db.Matches.Where(m => m.Id == matches[0]).ExecuteUpdateAsync(s => s.SetProperty(m => m.RequestExpiresAt, DateTime.UtcNow.AddMinutes(-1)));
        }

        Assert.Equal(MatchState.Lapsed, (await StoredStateAsync(matches[0])));
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.Manager, new AnswerRequest.Command(matches[0], asked.Version, Accept: true)));
        Assert.Contains(refused.Failures, f => f.PropertyName == nameof(AnswerRequest.Command.MatchId));
        Assert.DoesNotContain((await crm.SendAs(crm.Manager, new ListRequests.Query())).Rows, r => r.MatchId == matches[0]);

        var again = await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[0], asked.Version, Accept: true));
        Assert.Equal(MatchState.Requested, again.State);
    }

    [Fact]
    public async Task Accepting_the_top_proposals_of_a_buyer_asks_only_the_best_ones_nobody_decided_on()
    {
        var (buyer, matches) = await ProposeAsync(6, 5);
        await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[1], 0, Accept: false, Reason: "已有供应商"));

        var accepted = await crm.SendAs(crm.DelegationLead, new AcceptProposals.Command(buyer, null, Top: 3));

        Assert.Equal(2, accepted);
        var states = (await crm.SendAs(crm.DelegationLead, new ListProposals.Query(MatchKind.Procurement, buyer))).Select(p => p.State);
        Assert.Equal([MatchState.Requested, MatchState.Declined, MatchState.Requested, MatchState.Proposed, MatchState.Proposed], states);
    }

    [Fact]
    public async Task A_decision_over_someone_elses_newer_one_writes_nothing_and_says_how_it_stands()
    {
        var (_, matches) = await ProposeAsync(7, 1);
        var theirs = await crm.SendAs(crm.Manager, new DecideProposal.Command(matches[0], 0, Accept: true));

        var mine = await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[0], 0, Accept: false, Reason: "不需要"));

        Assert.False(mine.Saved);
        Assert.Equal((MatchState.Requested, theirs.Version), (mine.State, mine.Version));
        Assert.Null((await StoredAsync(matches[0])).CounterpartReason);
    }

    [Fact]
    public async Task Only_the_buyers_delegation_decides_and_an_exhibitors_refusal_cannot_be_asked_again()
    {
        var (_, matches) = await ProposeAsync(8, 1);

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember, new DecideProposal.Command(matches[0], 0, true)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, new DecideProposal.Command(matches[0], 0, true)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.DelegationLead, new AnswerRequest.Command(matches[0], 0, true)));

        var asked = await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[0], 0, Accept: true));
        var no = await crm.SendAs(crm.Manager, new AnswerRequest.Command(matches[0], asked.Version, Accept: false, Reason: "档期已满"));
        Assert.Equal(MatchState.Declined, no.State);
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[0], no.Version, Accept: true)));
        Assert.Equal(nameof(DecideProposal.Command.MatchId), Assert.Single(refused.Failures).PropertyName);
    }

    [Fact]
    public async Task A_lead_lists_the_current_editions_buyers_of_their_delegations_with_how_their_proposals_stand()
    {
        var (buyer, matches) = await ProposeAsync(9, 2);
        await crm.SendAs(crm.DelegationLead, new DecideProposal.Command(matches[0], 0, Accept: true));

        var page = await crm.SendAs(crm.DelegationLead, new ListProposalBuyers.Query(Take: ListProposalBuyers.MaxTake));
        var all = await crm.SendAs(crm.Manager, new ListProposalBuyers.Query(Take: 1));

        await using var db = crm.Database.CreateDbContext();
        var theirs = await db.Buyers.CountAsync(b => b.Edition!.Status == EditionStatus.Current && crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value));
        Assert.Equal(theirs, page.Total);
        Assert.True(all.Total > page.Total);
        var row = Assert.Single(page.Rows, r => r.BuyerId == buyer);
        Assert.Equal((2, 1, 0, 0), (row.Proposals, row.Requested, row.Confirmed, row.Declined));
    }

    /// <summary>
    /// Proposes <paramref name="count"/> exhibitors of the current edition (ranks 1…) to the lead's buyer number
    /// <paramref name="buyerIndex"/>, as a scoring run writes them; each test its own buyer, so the pairs never collide.
    /// With <paramref name="exhibitorId"/>, that exhibitor alone.
    /// </summary>
    private async Task<(int Buyer, int[] Matches)> ProposeAsync(int buyerIndex, int count, int? exhibitorId = null)
    {
        await using var db = crm.Database.CreateDbContext();
        var buyer = await db.Buyers.Where(b => b.Edition!.Status == EditionStatus.Current && crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value))
            .OrderBy(b => b.Id).Skip(buyerIndex).FirstAsync();
        var exhibitors = exhibitorId is { } only
            ? await db.Exhibitors.Where(e => e.Id == only).ToListAsync()
            : await db.Exhibitors.Where(e => e.EditionId == buyer.EditionId).OrderBy(e => e.Id).Skip(40 + 6 * buyerIndex).Take(count).ToListAsync();
        var matches = exhibitors.Select((e, i) => new Match
        {
            EditionId = buyer.EditionId, Kind = MatchKind.Procurement, ExhibitorId = e.Id, BuyerId = buyer.Id, Score = 2.0 - i * 0.1, Rank = i + 1,
            ModelVersion = "procurement-test", Explanation = "[]", CreatedAt = DateTime.UtcNow,
        }).ToList();
        db.Matches.AddRange(matches);
        await db.SaveChangesAsync();
        return (buyer.Id, matches.Select(m => m.Id).ToArray());
    }

    private async Task<Match> StoredAsync(int matchId)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Matches.AsNoTracking().SingleAsync(m => m.Id == matchId);
    }

    private async Task<MatchState> StoredStateAsync(int matchId) => MatchStates.Of(await StoredAsync(matchId), DateTime.UtcNow);
}
