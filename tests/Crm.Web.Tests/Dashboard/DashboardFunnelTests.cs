using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Dashboard;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Dashboard;

/// <summary>
/// Issue 8, item 3: the dashboard's funnel (proposal → accepted → meeting held → intent → contract → landed), every step
/// recounted in pairs from the matches, meetings and deals read without the row-level filters. The small seed's past
/// editions have meetings and deals but no matches; the tests add matches, meetings and deals of their own to the
/// current edition (fresh exhibitors; deal codes D09-2xxxxx, meeting codes M09-2xxxxx), outside the seeded delegation
/// lead's delegation and the seeded team member's team, and recount rather than expect fixed numbers.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class DashboardFunnelTests(SeededCrm crm) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>
    /// Each test's matches, meetings and deals are removed after it: they use the current edition's exhibitors' meeting
    /// capacity and pairs, which the booking and schedule tests of the collection book after them.
    /// </summary>
    public async Task DisposeAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        var meetings = db.Meetings.IgnoreQueryFilters().Where(m => m.Code.StartsWith("M") && m.Code.Substring(3, 2) == "-2");
        var deals = db.Deals.IgnoreQueryFilters().Where(d => d.Code.StartsWith("D") && d.Code.Substring(3, 2) == "-2");
        await db.DealStageChanges.IgnoreQueryFilters().Where(c => deals.Select(d => d.Id).Contains(c.DealId)).ExecuteDeleteAsync();
        await meetings.ExecuteDeleteAsync();
        await deals.ExecuteDeleteAsync();
        await db.Matches.IgnoreQueryFilters().Where(m => m.ModelVersion == "funnel-test").ExecuteDeleteAsync();
    }

    [Fact]
    public async Task Every_step_of_a_managers_funnel_of_a_past_edition_is_the_recount_of_its_meetings_and_deals_beside_the_edition_before()
    {
        var current = await CurrentEditionAsync();

        var funnel = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(current - 1));

        await using var db = crm.Database.CreateDbContext();
        var now = FunnelRecount.Funnel(await FunnelRecount.FactsAsync(db, current - 1));
        var before = FunnelRecount.Funnel(await FunnelRecount.FactsAsync(db, current - 2));
        Assert.Equal((current - 1, current - 2), (funnel.EditionNumber, funnel.PreviousNumber));
        Assert.Equal(now, FunnelRecount.Of(funnel.Overall));
        Assert.Equal(before, FunnelRecount.Of(funnel.Previous!));
        // The seed's past editions: meetings held, intents, contracts and landings, but no proposals.
        Assert.All(new[] { funnel.Overall, funnel.Previous! }, f => Assert.True(
            f[FunnelStep.MeetingHeld].Pairs > 0 && f[FunnelStep.Intent].Pairs > 0 && f[FunnelStep.Landed].Pairs > 0 && f.MedianDaysToLanding > 0));
        Assert.False(funnel.Previous!.HasProposals);
        Assert.Null(funnel.Previous[FunnelStep.Accepted].Conversion);
        Assert.Null(funnel.Previous[FunnelStep.MeetingHeld].Conversion);
        Assert.Equal(funnel.Previous[FunnelStep.MeetingHeld].Pairs, funnel.Previous[FunnelStep.MeetingHeld].EnteredHere);
    }

    [Fact]
    public async Task With_proposals_every_step_and_conversion_is_the_recount_and_only_matches_both_sides_accepted_lead_to_meetings_from_the_step_before()
    {
        var current = await CurrentEditionAsync();
        var before = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(current));
        var arranged = await ArrangeMixedPairsAsync();

        var funnel = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(current));

        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(FunnelRecount.Funnel(await FunnelRecount.FactsAsync(db, current)), FunnelRecount.Of(funnel.Overall));
        Assert.Equal(FunnelRecount.Funnel(await FunnelRecount.FactsAsync(db, current - 1)), FunnelRecount.Of(funnel.Previous!));
        Assert.True(funnel.Overall.HasProposals);
        Assert.NotNull(funnel.Overall[FunnelStep.Accepted].Conversion);
        // What the arrangement adds, step by step: 7 proposals, 4 of them accepted by both sides (2 by one side only, 1
        // declined); 5 pairs with held meetings, 3 after a match both accepted (one of them with two meetings), 2 without;
        // 6 intents, 4 after a held meeting, 2 by hand; 5 contracts, all after an intent; 3 landings, all after a contract.
        int[] pairs = [7, 4, 5, 6, 5, 3];
        int[] fromPrevious = [0, 4, 3, 4, 5, 3];
        foreach (var step in Enum.GetValues<FunnelStep>())
        {
            var (then, now) = (before.Overall[step], funnel.Overall[step]);
            Assert.Equal((step, then.Pairs + pairs[(int)step]), (step, now.Pairs));
            Assert.Equal((step, (then.FromPrevious ?? 0) + fromPrevious[(int)step]), (step, now.FromPrevious ?? 0));
        }
        Assert.Equal(before.Overall[FunnelStep.Intent].EnteredHere + 2, funnel.Overall[FunnelStep.Intent].EnteredHere);
        Assert.Equal(before.Overall[FunnelStep.MeetingHeld].EnteredHere + 2, funnel.Overall[FunnelStep.MeetingHeld].EnteredHere);
        Assert.Contains(funnel.Teams, r => r.Id == arranged.Teams[0]);
    }

    [Fact]
    public async Task Team_and_delegation_rows_are_the_recount_of_their_pairs_and_sum_to_the_overall_steps_of_their_kind()
    {
        var current = await CurrentEditionAsync();
        await ArrangeMixedPairsAsync();

        foreach (var edition in new[] { current, current - 1 })
        {
            var funnel = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(edition));

            await using var db = crm.Database.CreateDbContext();
            var facts = await FunnelRecount.FactsAsync(db, edition);
            Assert.NotEmpty(funnel.Teams);
            Assert.NotEmpty(funnel.Delegations);
            Assert.Equal(facts.Rows(MatchKind.Investment).Order(StringComparer.Ordinal), funnel.Teams.Select(r => r.Key).Order(StringComparer.Ordinal));
            Assert.Equal(facts.Rows(MatchKind.Procurement).Order(StringComparer.Ordinal), funnel.Delegations.Select(r => r.Key).Order(StringComparer.Ordinal));
            foreach (var row in funnel.Teams)
            {
                Assert.Equal((row.Key, FunnelRecount.Funnel(facts, p => p.Kind == MatchKind.Investment && p.Row == row.Key)), (row.Key, FunnelRecount.Of(row.Funnel)));
            }
            foreach (var row in funnel.Delegations)
            {
                Assert.Equal((row.Key, FunnelRecount.Funnel(facts, p => p.Kind == MatchKind.Procurement && p.Row == row.Key)), (row.Key, FunnelRecount.Of(row.Funnel)));
            }
            var investment = FunnelRecount.Funnel(facts, p => p.Kind == MatchKind.Investment);
            var procurement = FunnelRecount.Funnel(facts, p => p.Kind == MatchKind.Procurement);
            foreach (var step in Enum.GetValues<FunnelStep>())
            {
                Assert.Equal((step, investment.Steps[(int)step].Pairs), (step, funnel.Teams.Sum(r => r.Funnel[step].Pairs)));
                Assert.Equal((step, procurement.Steps[(int)step].Pairs), (step, funnel.Delegations.Sum(r => r.Funnel[step].Pairs)));
                Assert.Equal((step, funnel.Overall[step].Pairs), (step, funnel.Teams.Sum(r => r.Funnel[step].Pairs) + funnel.Delegations.Sum(r => r.Funnel[step].Pairs)));
                Assert.Equal((step, funnel.Overall[step].FromPrevious),
                    (step, step == FunnelStep.Proposed ? null : funnel.Teams.Sum(r => r.Funnel[step].FromPrevious) + funnel.Delegations.Sum(r => r.Funnel[step].FromPrevious)));
            }
            // Each row is named from the teams and this edition's delegations, with the id to open them by.
            var team = await db.PromotionTeams.SingleAsync(t => t.Code == funnel.Teams[0].Key);
            Assert.Equal((team.Id, team.NameZh), (funnel.Teams[0].Id, funnel.Teams[0].NameZh));
            var delegation = funnel.Delegations.First(r => r.Key.Length > 0);
            var top = await db.TradeDelegations.SingleAsync(t => t.Id == delegation.Id);
            Assert.Equal((edition, (int?)null, delegation.Key), (await db.Editions.Where(e => e.Id == top.EditionId).Select(e => e.Number).SingleAsync(), top.ParentId, top.Code[4..]));
        }
    }

    [Fact]
    public async Task A_pair_with_two_held_meetings_counts_once()
    {
        var current = await CurrentEditionAsync();
        var parties = await PartiesAsync(exhibitors: 1);
        var pair = parties.Investment(0, 1);
        var before = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(current));
        var teamBefore = before.Teams.SingleOrDefault(r => r.Id == pair.TeamId)?.Funnel[FunnelStep.MeetingHeld].Pairs ?? 0;

        await AddHeldMeetingAsync(pair);
        await AddHeldMeetingAsync(pair);

        var after = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(current));
        Assert.Equal(before.Overall[FunnelStep.MeetingHeld].Pairs + 1, after.Overall[FunnelStep.MeetingHeld].Pairs);
        Assert.Equal(before.Overall[FunnelStep.MeetingHeld].EnteredHere + 1, after.Overall[FunnelStep.MeetingHeld].EnteredHere);
        Assert.Equal(teamBefore + 1, after.Teams.Single(r => r.Id == pair.TeamId).Funnel[FunnelStep.MeetingHeld].Pairs);
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(2, await db.Meetings.CountAsync(m => m.ExhibitorId == pair.ExhibitorId && m.PromotionTeamId == pair.TeamId && m.Status == MeetingStatus.Held));
    }

    [Fact]
    public async Task A_deal_made_by_hand_enters_at_the_intent_and_its_contract_still_comes_from_the_intent()
    {
        var current = await CurrentEditionAsync();
        var parties = await PartiesAsync(exhibitors: 1);
        var byHand = parties.Procurement(0, 0);
        var afterMeeting = parties.Procurement(0, 1);
        var before = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(current));

        var opening = await OpeningDayAsync(current);
        await AddDealAsync(byHand, intent: opening, contract: opening.AddDays(20));
        await AddHeldMeetingAsync(afterMeeting);
        await AddDealAsync(afterMeeting, intent: opening.AddDays(1));

        var after = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(current));
        var (intentBefore, intentAfter) = (before.Overall[FunnelStep.Intent], after.Overall[FunnelStep.Intent]);
        Assert.Equal(intentBefore.Pairs + 2, intentAfter.Pairs);
        Assert.Equal(intentBefore.FromPrevious + 1, intentAfter.FromPrevious); // only the pair that met
        Assert.Equal(intentBefore.EnteredHere + 1, intentAfter.EnteredHere);   // the deal made by hand
        var (contractBefore, contractAfter) = (before.Overall[FunnelStep.Contract], after.Overall[FunnelStep.Contract]);
        Assert.Equal((contractBefore.Pairs + 1, contractBefore.FromPrevious + 1), (contractAfter.Pairs, contractAfter.FromPrevious));
        Assert.Equal(before.Overall[FunnelStep.MeetingHeld].Pairs + 1, after.Overall[FunnelStep.MeetingHeld].Pairs);
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(FunnelRecount.Funnel(await FunnelRecount.FactsAsync(db, current)), FunnelRecount.Of(after.Overall));
    }

    [Fact]
    public async Task A_team_members_funnel_holds_only_their_teams_pairs()
    {
        var current = await CurrentEditionAsync();
        await ArrangeMixedPairsAsync(); // other teams' and delegations' pairs of the current edition
        var teams = crm.TeamMember.TeamIds;

        foreach (var edition in new[] { current, current - 1 })
        {
            var mine = await crm.SendAs(crm.TeamMember, new GetDashboardFunnel.Query(edition));

            await using var db = crm.Database.CreateDbContext();
            Assert.Equal(FunnelRecount.Funnel(await FunnelRecount.FactsAsync(db, edition, teams)), FunnelRecount.Of(mine.Overall));
            Assert.Equal(FunnelRecount.Funnel(await FunnelRecount.FactsAsync(db, edition - 1, teams)), FunnelRecount.Of(mine.Previous!));
            Assert.All(mine.Teams, r => Assert.Contains(r.Id!.Value, teams));
            Assert.Empty(mine.Delegations);
        }
        var past = await crm.SendAs(crm.TeamMember, new GetDashboardFunnel.Query(current - 1));
        var all = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(current - 1));
        Assert.True(past.Overall[FunnelStep.MeetingHeld].Pairs > 0);
        Assert.True(all.Overall[FunnelStep.MeetingHeld].Pairs > past.Overall[FunnelStep.MeetingHeld].Pairs);
    }

    [Fact]
    public async Task An_unknown_edition_is_refused_with_a_message_naming_it()
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(99)));

        Assert.Contains("99", refused.Failures.Single().ErrorMessage);
    }

    [Fact]
    public async Task The_median_days_from_intent_to_landing_of_an_even_count_is_the_mean_of_the_two_middle_values()
    {
        Assert.Equal(5.5m, GetDashboardFunnel.Median([10, 1, 4, 7]));
        Assert.Equal(4m, GetDashboardFunnel.Median([10, 1, 4]));
        Assert.Null(GetDashboardFunnel.Median([]));

        // A team without a landed deal in the current edition gets two: 30 and 45 days after their intents.
        var current = await CurrentEditionAsync();
        var parties = await PartiesAsync(exhibitors: 1, teamWithoutLandings: true);
        var opening = await OpeningDayAsync(current);
        await AddDealAsync(parties.Investment(0, 0), intent: opening, contract: opening.AddDays(10), landed: opening.AddDays(30));
        await AddDealAsync(parties.Investment(0, 0), intent: opening.AddDays(5), contract: opening.AddDays(20), landed: opening.AddDays(50));

        var funnel = await crm.SendAs(crm.Manager, new GetDashboardFunnel.Query(current));

        var row = funnel.Teams.Single(r => r.Id == parties.Teams[0]).Funnel;
        Assert.Equal((37.5m, 2), (row.MedianDaysToLanding, row.MedianOf));
        Assert.Equal(1, row[FunnelStep.Landed].Pairs); // two deals of one pair: one landed pair
    }

    /// <summary>
    /// Seven proposals between two fresh exhibitors and four buyers and two teams of the current edition, and the
    /// meetings and deals that follow some of them; plus a held meeting booked without a proposal and deals made by hand.
    /// </summary>
    private async Task<Parties> ArrangeMixedPairsAsync()
    {
        var parties = await PartiesAsync(exhibitors: 2);
        var opening = await OpeningDayAsync(parties.EditionNumber);
        const MatchDecision yes = MatchDecision.Accepted, no = MatchDecision.Declined, open = MatchDecision.Proposed;

        // Accepted by both: a held meeting, then an intent and a contract.
        var a = parties.Procurement(0, 0);
        await AddHeldMeetingAsync(a, await AddMatchAsync(a, yes, yes));
        await AddDealAsync(a, intent: opening, contract: opening.AddDays(40));
        // Accepted by both, no meeting yet.
        await AddMatchAsync(parties.Procurement(0, 1), yes, yes);
        // Accepted by one side only, the meeting held all the same (not from an accepted match).
        var c = parties.Procurement(0, 2);
        await AddMatchAsync(c, yes, open);
        await AddHeldMeetingAsync(c);
        await AddMatchAsync(parties.Procurement(0, 3), open, yes);
        await AddMatchAsync(parties.Procurement(1, 0), no, yes);
        // Investment: accepted by both, held (one pair twice), intent, contract, landing.
        var f = parties.Investment(0, 0);
        await AddHeldMeetingAsync(f, await AddMatchAsync(f, yes, yes));
        await AddDealAsync(f, intent: opening, contract: opening.AddDays(30), landed: opening.AddDays(100));
        var g = parties.Investment(0, 1);
        await AddHeldMeetingAsync(g, await AddMatchAsync(g, yes, yes));
        await AddHeldMeetingAsync(g);
        await AddDealAsync(g, intent: opening.AddDays(2), contract: opening.AddDays(60), landed: opening.AddDays(153));
        // Without a proposal: a meeting booked by hand, then an intent, a contract and a landing.
        var h = parties.Investment(1, 0);
        await AddHeldMeetingAsync(h);
        await AddDealAsync(h, intent: opening.AddDays(3), contract: opening.AddDays(9), landed: opening.AddDays(44));
        // Deals made by hand, without a proposal or a meeting: an intent, and an intent with a contract.
        await AddDealAsync(parties.Procurement(1, 1), intent: opening.AddDays(4));
        await AddDealAsync(parties.Investment(1, 1), intent: opening.AddDays(5), contract: opening.AddDays(15));
        return parties;
    }

    /// <summary>Fresh exhibitors (no match, meeting or deal) and buyers and teams of the current edition to pair them with.</summary>
    private sealed record Parties(int EditionNumber, int EditionId, int[] Exhibitors, int[] Buyers, int[] Teams)
    {
        public TestPair Procurement(int exhibitor, int buyer) => new(EditionId, MatchKind.Procurement, Exhibitors[exhibitor], Buyers[buyer], null);

        public TestPair Investment(int exhibitor, int team) => new(EditionId, MatchKind.Investment, Exhibitors[exhibitor], null, Teams[team]);
    }

    private sealed record TestPair(int EditionId, MatchKind Kind, int ExhibitorId, int? BuyerId, int? TeamId);

    /// <summary>
    /// The current edition's first exhibitors without any match, meeting or deal; four buyers of two top-level delegations
    /// other than the seeded lead's (the second in a sub-delegation); two teams other than the seeded member's (optionally
    /// without a landed deal in the edition).
    /// </summary>
    private async Task<Parties> PartiesAsync(int exhibitors, bool teamWithoutLandings = false)
    {
        await using var db = crm.Database.CreateDbContext();
        var edition = await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => new { e.Id, e.Number }).SingleAsync();
        var matched = db.Matches.IgnoreQueryFilters().Select(m => m.ExhibitorId);
        var met = db.Meetings.IgnoreQueryFilters().Select(m => m.ExhibitorId);
        var dealt = db.Deals.IgnoreQueryFilters().Select(d => d.ExhibitorId);
        var fresh = await db.Exhibitors.Where(e => e.EditionId == edition.Id && !matched.Contains(e.Id) && !met.Contains(e.Id) && !dealt.Contains(e.Id))
            .OrderBy(e => e.Id).Select(e => e.Id).Take(exhibitors).ToArrayAsync();
        Assert.Equal(exhibitors, fresh.Length);

        var lead = crm.DelegationLead.DelegationIds;
        var buyers = await db.Buyers.IgnoreQueryFilters()
            .Where(b => b.EditionId == edition.Id && b.DelegationId != null && !lead.Contains(b.DelegationId.Value))
            .Select(b => new { b.Id, Top = b.Delegation!.ParentId ?? b.DelegationId!.Value, Sub = b.Delegation.ParentId != null })
            .OrderBy(b => b.Id).ToListAsync();
        var withSub = buyers.GroupBy(b => b.Top).First(g => g.Any(b => b.Sub));
        var inSub = withSub.First(b => b.Sub).Id;
        var other = buyers.Where(b => b.Top != withSub.Key).GroupBy(b => b.Top).First(g => g.Count() >= 2).Select(b => b.Id).Take(2).ToList();
        int[] chosen = [withSub.First(b => b.Id != inSub).Id, inSub, other[0], other[1]];

        var landed = db.Deals.IgnoreQueryFilters().Where(d => d.EditionId == edition.Id && d.LandedOn != null && d.PromotionTeamId != null)
            .Select(d => d.PromotionTeamId!.Value);
        var teams = await db.PromotionTeams.Where(t => !crm.TeamMember.TeamIds.Contains(t.Id) && (!teamWithoutLandings || !landed.Contains(t.Id)))
            .OrderBy(t => t.Code).Select(t => t.Id).Take(2).ToArrayAsync();
        return new Parties(edition.Number, edition.Id, fresh, chosen, teams);
    }

    private async Task<int> AddMatchAsync(TestPair pair, MatchDecision exhibitor, MatchDecision counterpart)
    {
        await using var db = crm.Database.CreateDbContext();
        var match = new Match
        {
            EditionId = pair.EditionId, Kind = pair.Kind, ExhibitorId = pair.ExhibitorId, BuyerId = pair.BuyerId, PromotionTeamId = pair.TeamId,
            Score = 1.2, Rank = 1, ModelVersion = "funnel-test", Explanation = "[]", CreatedAt = DateTime.UtcNow,
            ExhibitorDecision = exhibitor, CounterpartDecision = counterpart,
        };
        db.Matches.Add(match);
        await db.SaveChangesAsync();
        return match.Id;
    }

    /// <summary>A held meeting of the pair at the exhibitor's booth (code M09-2xxxxx, each at its own minute, 17 s past it: no slot clashes).</summary>
    private async Task AddHeldMeetingAsync(TestPair pair, int? matchId = null)
    {
        await using var db = crm.Database.CreateDbContext();
        var prefix = Meeting.CodePrefix(await NumberOfAsync(db, pair.EditionId)) + "2";
        var number = await db.Meetings.IgnoreQueryFilters().CountAsync(m => m.Code.StartsWith(prefix)) + 1;
        var startsAt = new DateTime(2026, 11, 8, 6, 0, 17, DateTimeKind.Utc).AddMinutes(7 * number);
        db.Meetings.Add(new Meeting
        {
            Code = $"{prefix}{number:00000}", EditionId = pair.EditionId, MatchId = matchId, ExhibitorId = pair.ExhibitorId, BuyerId = pair.BuyerId,
            PromotionTeamId = pair.TeamId, StartsAt = startsAt, EndsAt = startsAt.AddMinutes(20), Place = MeetingPlace.Booth, Status = MeetingStatus.Held,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A deal of the pair (code D09-2xxxxx) with the dates it reached.</summary>
    private async Task AddDealAsync(TestPair pair, DateOnly? intent = null, DateOnly? contract = null, DateOnly? landed = null)
    {
        await using var db = crm.Database.CreateDbContext();
        var prefix = Deal.CodePrefix(await NumberOfAsync(db, pair.EditionId)) + "2";
        var number = await db.Deals.IgnoreQueryFilters().CountAsync(d => d.Code.StartsWith(prefix)) + 1;
        var stage = landed is not null ? DealStage.Landed : contract is not null ? DealStage.ContractSigned : intent is not null ? DealStage.IntentSigned : DealStage.Met;
        db.Deals.Add(new Deal
        {
            Code = $"{prefix}{number:00000}", EditionId = pair.EditionId, Kind = pair.Kind, ExhibitorId = pair.ExhibitorId, BuyerId = pair.BuyerId,
            PromotionTeamId = pair.TeamId, Stage = stage, IntentSignedOn = intent, IntendedValueUsd = intent is null ? null : 1_000_000m,
            IntendedValue = intent is null ? null : 1_000_000m, IntendedCurrency = intent is null ? null : DealCurrency.Usd, Counterpart = "Funnel test",
            ContractSignedOn = contract, ContractValueUsd = contract is null ? null : 800_000m, ContractValue = contract is null ? null : 800_000m,
            ContractCurrency = contract is null ? null : DealCurrency.Usd, LandedOn = landed, CapexUsd = landed is null ? null : 500_000m,
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    private static Task<int> NumberOfAsync(CrmDbContext db, int editionId) =>
        db.Editions.Where(e => e.Id == editionId).Select(e => e.Number).SingleAsync();

    private async Task<int> CurrentEditionAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => e.Number).SingleAsync();
    }

    private async Task<DateOnly> OpeningDayAsync(int edition)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Editions.Where(e => e.Number == edition).Select(e => e.StartsOn).SingleAsync();
    }
}

/// <summary>
/// The funnel counted again, independently of its handler: an edition's matches, held meetings and dated deals read
/// without the row-level filters (optionally kept to some teams' pairs), as sets of pairs, one set per step.
/// </summary>
internal static class FunnelRecount
{
    /// <summary>(kind, exhibitor, counterpart), with the key of its row: the team's code or the buyer's top-level delegation's.</summary>
    public sealed record Pair(MatchKind Kind, int ExhibitorId, int CounterpartId, string Row);

    public sealed record DealFacts(Pair Pair, DateOnly? IntentSignedOn, DateOnly? ContractSignedOn, DateOnly? LandedOn);

    public sealed record Facts(List<(Pair Pair, bool Accepted)> Matches, List<Pair> Held, List<DealFacts> Deals)
    {
        public IEnumerable<string> Rows(MatchKind kind) =>
            Matches.Select(m => m.Pair).Concat(Held).Concat(Deals.Select(d => d.Pair)).Where(p => p.Kind == kind).Select(p => p.Row).Distinct();
    }

    /// <summary>A step as the handler reports it: its pairs, those from the step before, the conversion.</summary>
    public sealed record StepCount(FunnelStep Step, int Pairs, int? FromPrevious, decimal? Conversion);

    /// <summary>A funnel's steps and median, comparable with <see cref="Of"/> (records compare their lists by reference, so a string).</summary>
    public sealed record Expected(IReadOnlyList<StepCount> Steps, decimal? Median, int MedianOf)
    {
        public bool Equals(Expected? other) => other is not null && ToString() == other.ToString();

        public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

        public override string ToString() => string.Join("; ", Steps) + $"; median {Median} of {MedianOf}";
    }

    public static Expected Of(GetDashboardFunnel.Funnel funnel) =>
        new(funnel.Steps.Select(s => new StepCount(s.Name, s.Pairs, s.FromPrevious, s.Conversion)).ToList(), funnel.MedianDaysToLanding, funnel.MedianOf);

    /// <param name="teams">Only these teams' (investment) pairs; null: every pair.</param>
    public static async Task<Facts> FactsAsync(CrmDbContext db, int editionNumber, int[]? teams = null)
    {
        var matches = await db.Matches.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.Edition!.Number == editionNumber && (teams == null || (m.PromotionTeamId != null && teams.Contains(m.PromotionTeamId.Value))))
            .Select(m => new
            {
                m.Kind, m.ExhibitorId, m.BuyerId, m.PromotionTeamId, Team = m.PromotionTeam!.Code, m.Buyer!.Delegation!.Code, Parent = m.Buyer.Delegation.Parent!.Code,
                Accepted = m.ExhibitorDecision == MatchDecision.Accepted && m.CounterpartDecision == MatchDecision.Accepted,
            })
            .ToListAsync();
        var held = await db.Meetings.IgnoreQueryFilters().AsNoTracking()
            .Where(m => m.Edition!.Number == editionNumber && m.Status == MeetingStatus.Held
                && (teams == null || (m.PromotionTeamId != null && teams.Contains(m.PromotionTeamId.Value))))
            .Select(m => new { m.ExhibitorId, m.BuyerId, m.PromotionTeamId, Team = m.PromotionTeam!.Code, m.Buyer!.Delegation!.Code, Parent = m.Buyer.Delegation.Parent!.Code })
            .ToListAsync();
        var deals = await db.Deals.IgnoreQueryFilters().AsNoTracking()
            .Where(d => d.Edition!.Number == editionNumber && (teams == null || (d.PromotionTeamId != null && teams.Contains(d.PromotionTeamId.Value))))
            .Select(d => new
            {
                d.Kind, d.ExhibitorId, d.BuyerId, d.PromotionTeamId, Team = d.PromotionTeam!.Code, d.Buyer!.Delegation!.Code, Parent = d.Buyer.Delegation.Parent!.Code,
                d.IntentSignedOn, d.ContractSignedOn, d.LandedOn,
            })
            .ToListAsync();

        static Pair PairOf(MatchKind kind, int exhibitor, int? buyer, int? team, string? teamCode, string? code, string? parent) => kind == MatchKind.Investment
            ? new Pair(kind, exhibitor, team!.Value, teamCode!)
            : new Pair(kind, exhibitor, buyer!.Value, (parent ?? code) is { } top ? top[(top.IndexOf('-') + 1)..] : "");
        return new Facts(
            matches.Select(m => (PairOf(m.Kind, m.ExhibitorId, m.BuyerId, m.PromotionTeamId, m.Team, m.Code, m.Parent), m.Accepted)).ToList(),
            held.Select(m => PairOf(m.BuyerId is null ? MatchKind.Investment : MatchKind.Procurement, m.ExhibitorId, m.BuyerId, m.PromotionTeamId, m.Team, m.Code, m.Parent)).ToList(),
            deals.Select(d => new DealFacts(PairOf(d.Kind, d.ExhibitorId, d.BuyerId, d.PromotionTeamId, d.Team, d.Code, d.Parent),
                d.IntentSignedOn, d.ContractSignedOn, d.LandedOn)).ToList());
    }

    /// <summary>The funnel of the pairs <paramref name="include"/> keeps (every pair by default).</summary>
    public static Expected Funnel(Facts facts, Func<Pair, bool>? include = null)
    {
        include ??= _ => true;
        HashSet<Pair>[] sets =
        [
            facts.Matches.Select(m => m.Pair).Where(include).ToHashSet(),
            facts.Matches.Where(m => m.Accepted).Select(m => m.Pair).Where(include).ToHashSet(),
            facts.Held.Where(include).ToHashSet(),
            facts.Deals.Where(d => d.IntentSignedOn != null).Select(d => d.Pair).Where(include).ToHashSet(),
            facts.Deals.Where(d => d.ContractSignedOn != null).Select(d => d.Pair).Where(include).ToHashSet(),
            facts.Deals.Where(d => d.LandedOn != null).Select(d => d.Pair).Where(include).ToHashSet(),
        ];
        var steps = Enum.GetValues<FunnelStep>().Select(step =>
        {
            var i = (int)step;
            if (i == 0)
            {
                return new StepCount(step, sets[0].Count, null, null);
            }
            var from = sets[i].Count(sets[i - 1].Contains);
            return new StepCount(step, sets[i].Count, from,
                sets[i - 1].Count == 0 ? null : Math.Round((decimal)from / sets[i - 1].Count, 4, MidpointRounding.AwayFromZero));
        }).ToList();
        var days = facts.Deals.Where(d => include(d.Pair) && d.IntentSignedOn != null && d.LandedOn != null)
            .Select(d => d.LandedOn!.Value.DayNumber - d.IntentSignedOn!.Value.DayNumber).Order().ToList();
        decimal? median = days.Count == 0 ? null
            : days.Count % 2 == 1 ? days[days.Count / 2] : (days[days.Count / 2 - 1] + days[days.Count / 2]) / 2m;
        return new Expected(steps, median, days.Count);
    }
}
