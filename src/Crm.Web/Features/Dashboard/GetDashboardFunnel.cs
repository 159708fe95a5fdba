using Crm.Data;
using Crm.Data.Entities;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// The conversion funnel of an edition (J3, issue 8 item 3): proposal → accepted → meeting held → intent → contract →
/// landed, counted in <em>pairs</em>, with the conversion of each step from the one before, overall (both kinds) beside
/// the previous edition's, per promotion team and per trade delegation, and the median days from intent to landing.
/// <list type="bullet">
/// <item>A <b>pair</b> is (kind, exhibitor, counterpart) of the edition: the counterpart is the buyer (procurement) or
/// the promotion team (investment). Exhibitors and buyers are records of each edition, so a pair never spans two.</item>
/// <item>The <b>steps</b> (<see cref="FunnelStep"/>) are sets of pairs: <see cref="FunnelStep.Proposed"/> the pairs with a
/// match of the edition; <see cref="FunnelStep.Accepted"/> those whose match both sides accepted;
/// <see cref="FunnelStep.MeetingHeld"/> the pairs with a meeting of the edition in status Held;
/// <see cref="FunnelStep.Intent"/>, <see cref="FunnelStep.Contract"/>, <see cref="FunnelStep.Landed"/> the pairs with a
/// deal of the edition with an intent signing, contract signing or landing date (final: every date, no cut-off; a later
/// loss does not undo a signature). A pair counts once in a step however many meetings or deals it has.</item>
/// <item><see cref="Step.FromPrevious"/>: of a step's pairs, those also in the previous step's set (null for the first
/// step); <see cref="Step.Conversion"/> = FromPrevious ÷ the previous step's pairs, a fraction rounded to 4 decimals
/// (half away from zero), null for the first step or when the previous step has no pair. A deal opened by hand, or a
/// meeting booked without a proposal, enters the funnel part-way: <see cref="Step.EnteredHere"/> = Pairs − FromPrevious.</item>
/// <item>The <b>median</b> days from intent to landing is taken over the deals (not pairs) with both an intent signing
/// and a landing date: LandedOn − IntentSignedOn in days, the mean of the two middle values for an even count, null
/// when there is none.</item>
/// </list>
/// Rows: per promotion team (investment pairs, keyed by the team's code) and per trade delegation (procurement pairs, by
/// the buyer's top-level delegation, keyed by its code without the edition prefix as <see cref="GetDashboardBreakdown"/>
/// does; "" for buyers in no delegation). The pairs of the team rows sum to the overall investment pairs of each step,
/// those of the delegation rows to the procurement pairs. The row-level filters decide which matches, meetings and deals
/// are counted, as for every dashboard read. Past editions of the seed have no matches (proposals are written when an
/// administrator scores the current edition), so their first two steps are 0 and the first conversions null.
/// </summary>
public static class GetDashboardFunnel
{
    /// <param name="EditionNumber">By default the current edition, else the newest (as the headlines).</param>
    public sealed record Query(int? EditionNumber = null) : IRequest<Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<DashboardText> text)
        {
            RuleFor(q => q.EditionNumber).MustBeAnEdition(contexts, text);
        }
    }

    /// <param name="Previous">The previous edition's overall funnel (number − 1), null when there is none.</param>
    /// <param name="Teams">Per promotion team with investment pairs in this edition, most proposed first.</param>
    /// <param name="Delegations">Per top-level trade delegation with procurement pairs in this edition, most proposed first.</param>
    public sealed record Result(
        int EditionNumber,
        int? PreviousNumber,
        Funnel Overall,
        Funnel? Previous,
        IReadOnlyList<Row> Teams,
        IReadOnlyList<Row> Delegations);

    /// <summary>
    /// The steps of one funnel in order, and the median days from intent to landing over <paramref name="MedianOf"/>
    /// deals (null when there are none).
    /// </summary>
    public sealed record Funnel(IReadOnlyList<Step> Steps, decimal? MedianDaysToLanding, int MedianOf)
    {
        public Step this[FunnelStep step] => Steps[(int)step];

        /// <summary>False for an edition without a single match (past editions of the seed, the current one before scoring).</summary>
        public bool HasProposals => this[FunnelStep.Proposed].Pairs > 0;
    }

    /// <summary>
    /// One step: its distinct pairs, those of them that were in the previous step (null for the first), and that number
    /// over the previous step's pairs (null for the first step, or when the previous step has none).
    /// </summary>
    public sealed record Step(FunnelStep Name, int Pairs, int? FromPrevious, decimal? Conversion)
    {
        /// <summary>The pairs that reach this step without the previous one (a deal opened by hand, a meeting booked without a proposal).</summary>
        public int EnteredHere => Pairs - (FromPrevious ?? 0);
    }

    /// <summary>
    /// A team's or a delegation's funnel. <paramref name="Key"/> is the team's code or the delegation's code without its
    /// edition prefix ("" for buyers in no delegation): the key of <see cref="DashboardSlice"/>'s breakdown row.
    /// <paramref name="Id"/> is the team's or this edition's delegation's id (null for "").
    /// </summary>
    public sealed record Row(string Key, int? Id, string Name, string NameZh, Funnel Funnel);

    /// <summary>
    /// The records behind a step's count, for its <see cref="DashboardSlice"/>: the matches (proposed, accepted), the held
    /// meetings, or the deals with an intent, a contract or a landing. The records page lists records, not pairs: a pair
    /// with two held meetings shows both.
    /// </summary>
    public static DashboardMeasure MeasureOf(FunnelStep step) => step switch
    {
        FunnelStep.Proposed => DashboardMeasure.Proposed,
        FunnelStep.Accepted => DashboardMeasure.Accepted,
        FunnelStep.MeetingHeld => DashboardMeasure.MeetingsHeld,
        FunnelStep.Intent => DashboardMeasure.Intents,
        FunnelStep.Contract => DashboardMeasure.Contracts,
        FunnelStep.Landed => DashboardMeasure.Landed,
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var (chosen, previous, _) = await DashboardEditions.ResolveAsync(db, request.EditionNumber, cancellationToken);
            var thisId = chosen.Id;
            var previousId = previous?.Id ?? -1;

            // Integer keys only, both editions in each query. Matches may be many once an edition is scored (ten per buyer:
            // two hundred thousand over the full seed), so they are counted in SQL per counterpart, in the order of the
            // covering index IX_Matches_EditionId_BuyerId_PromotionTeamId_Decisions (no sort, no table read); only the
            // accepted ones, few, are read pair by pair, for the held meetings to be looked up in.
            var proposed = await db.Matches.AsNoTracking()
                .Where(m => m.EditionId == thisId || m.EditionId == previousId)
                .GroupBy(m => new { m.EditionId, m.BuyerId, m.PromotionTeamId })
                .Select(g => new
                {
                    g.Key.EditionId,
                    g.Key.BuyerId,
                    g.Key.PromotionTeamId,
                    Matches = g.Count(),
                    Accepted = g.Count(m => m.ExhibitorDecision == MatchDecision.Accepted && m.CounterpartDecision == MatchDecision.Accepted),
                })
                .ToListAsync(cancellationToken);
            // The buyers' delegations, read apart (asked inside the grouping, EF asks them again for every group), for the
            // editions that have procurement proposals only.
            var withBuyers = proposed.Where(p => p.BuyerId != null).Select(p => p.EditionId).Distinct().ToList();
            var buyerDelegations = withBuyers.Count == 0 ? [] : await db.Buyers.AsNoTracking()
                .Where(b => withBuyers.Contains(b.EditionId) && b.DelegationId != null)
                .Select(b => new { b.Id, b.DelegationId })
                .ToDictionaryAsync(b => b.Id, b => b.DelegationId, cancellationToken);
            var proposedRows = proposed
                .Select(p => new ProposedRow(p.EditionId, p.BuyerId, p.PromotionTeamId,
                    p.BuyerId is { } buyer ? buyerDelegations.GetValueOrDefault(buyer) : null, p.Matches, p.Accepted))
                .ToList();
            var accepted = await db.Matches.AsNoTracking()
                .Where(m => (m.EditionId == thisId || m.EditionId == previousId)
                    && m.ExhibitorDecision == MatchDecision.Accepted && m.CounterpartDecision == MatchDecision.Accepted)
                .Select(m => new PairRow(m.EditionId, m.ExhibitorId, m.BuyerId, m.PromotionTeamId, m.Buyer!.DelegationId))
                .ToListAsync(cancellationToken);
            var held = await db.Meetings.AsNoTracking()
                .Where(m => (m.EditionId == thisId || m.EditionId == previousId) && m.Status == MeetingStatus.Held
                    && (m.BuyerId != null || m.PromotionTeamId != null))
                .Select(m => new PairRow(m.EditionId, m.ExhibitorId, m.BuyerId, m.PromotionTeamId, m.Buyer!.DelegationId))
                .ToListAsync(cancellationToken);
            var deals = await db.Deals.AsNoTracking()
                .Where(d => (d.EditionId == thisId || d.EditionId == previousId)
                    && (d.IntentSignedOn != null || d.ContractSignedOn != null || d.LandedOn != null))
                .Select(d => new DealRow(d.EditionId, d.ExhibitorId, d.BuyerId, d.PromotionTeamId, d.Buyer!.DelegationId,
                    d.IntentSignedOn, d.ContractSignedOn, d.LandedOn))
                .ToListAsync(cancellationToken);

            var teams = await db.PromotionTeams.AsNoTracking()
                .Select(t => new { t.Id, t.Code, t.Name, t.NameZh })
                .ToDictionaryAsync(t => t.Id, cancellationToken);
            var delegations = await db.TradeDelegations.AsNoTracking()
                .Where(t => t.EditionId == thisId || t.EditionId == previousId)
                .Select(t => new { t.Id, t.EditionId, t.ParentId, t.Code, ParentCode = t.Parent!.Code, t.Name, t.NameZh })
                .ToListAsync(cancellationToken);
            // A buyer's delegation → its top-level delegation's key ("D09-SH-03" → "SH"); the rows are named after the top level.
            var keys = delegations.ToDictionary(t => t.Id, t => DashboardEditions.DelegationKey(t.ParentCode ?? t.Code));
            var topLevel = delegations.Where(t => t.EditionId == thisId && t.ParentId == null)
                .ToDictionary(t => DashboardEditions.DelegationKey(t.Code));

            var now = Count(thisId, proposedRows, accepted, held, deals, keys);
            var before = previous is null ? null : Count(previousId, proposedRows, accepted, held, deals, keys);

            var teamRows = now.Teams
                .Select(pair =>
                {
                    var team = teams[pair.Key];
                    return new Row(team.Code, team.Id, team.Name, team.NameZh, pair.Value.Funnel());
                })
                .OrderBy(Busiest).ThenBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
            var delegationRows = now.Delegations
                .Select(pair => topLevel.TryGetValue(pair.Key, out var delegation)
                    ? new Row(pair.Key, delegation.Id, delegation.Name, delegation.NameZh, pair.Value.Funnel())
                    : new Row(pair.Key, null, pair.Key, pair.Key, pair.Value.Funnel()))
                .OrderBy(Busiest).ThenBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
            return new Result(chosen.Number, previous?.Number, now.Overall.Funnel(), before?.Overall.Funnel(), teamRows, delegationRows);
        }

        /// <summary>Most proposals first, then most held meetings, then most intents.</summary>
        private static (int, int, int) Busiest(Row row) =>
            (-row.Funnel[FunnelStep.Proposed].Pairs, -row.Funnel[FunnelStep.MeetingHeld].Pairs, -row.Funnel[FunnelStep.Intent].Pairs);

        /// <summary>
        /// One edition's funnels: overall, per team (investment pairs) and per delegation key (procurement pairs). A pair's
        /// counterpart decides its row, so a row's "from previous" are its own pairs found in its own previous step.
        /// </summary>
        private static Tallies Count(int editionId, List<ProposedRow> proposed, List<PairRow> acceptedMatches, List<PairRow> held, List<DealRow> deals,
            Dictionary<int, string> delegationKeys)
        {
            var tallies = new Tallies(delegationKeys);

            // One match per pair (unique exhibitor + buyer, exhibitor + team): every match is a proposed pair, and an
            // accepted one was proposed.
            foreach (var counted in proposed.Where(p => p.EditionId == editionId))
            {
                var (overall, row) = tallies.Of(counted.BuyerId is null ? MatchKind.Investment : MatchKind.Procurement, counted.TeamId, counted.DelegationId);
                foreach (var tally in row is null ? [overall] : new[] { overall, row })
                {
                    tally.Add(FunnelStep.Proposed, counted.Matches, counted.Matches);
                    tally.Add(FunnelStep.Accepted, counted.Accepted, counted.Accepted);
                }
            }
            var accepted = acceptedMatches.Where(m => m.EditionId == editionId).Select(m => m.Pair).ToHashSet();

            // A pair with several held meetings counts once.
            var met = new HashSet<Pair>();
            foreach (var m in held.Where(m => m.EditionId == editionId))
            {
                if (met.Add(m.Pair))
                {
                    var (overall, row) = tallies.Of(m.Kind, m.TeamId, m.DelegationId);
                    var fromAccepted = accepted.Contains(m.Pair);
                    overall.Add(FunnelStep.MeetingHeld, fromAccepted);
                    row?.Add(FunnelStep.MeetingHeld, fromAccepted);
                }
            }

            // A pair with several deals reaches a step when any of them does; the median goes by deal.
            foreach (var pairDeals in deals.Where(d => d.EditionId == editionId).GroupBy(d => d.Pair))
            {
                var first = pairDeals.First();
                var intent = pairDeals.Any(d => d.IntentSignedOn != null);
                var contract = pairDeals.Any(d => d.ContractSignedOn != null);
                var landed = pairDeals.Any(d => d.LandedOn != null);
                var days = pairDeals.Where(d => d.IntentSignedOn != null && d.LandedOn != null)
                    .Select(d => d.LandedOn!.Value.DayNumber - d.IntentSignedOn!.Value.DayNumber);
                var (overall, row) = tallies.Of(first.Kind, first.TeamId, first.DelegationId);
                foreach (var tally in row is null ? [overall] : new[] { overall, row })
                {
                    if (intent)
                    {
                        tally.Add(FunnelStep.Intent, met.Contains(pairDeals.Key));
                    }
                    if (contract)
                    {
                        tally.Add(FunnelStep.Contract, intent);
                    }
                    if (landed)
                    {
                        tally.Add(FunnelStep.Landed, contract);
                    }
                    tally.Days.AddRange(days);
                }
            }
            return tallies;
        }
    }

    /// <summary>The median of whole days: the middle value, or the mean of the two middle values; null for none.</summary>
    internal static decimal? Median(IReadOnlyCollection<int> days)
    {
        if (days.Count == 0)
        {
            return null;
        }
        var sorted = days.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2m;
    }

    /// <summary>(kind, exhibitor, counterpart): the buyer's id for procurement, the team's for investment.</summary>
    private readonly record struct Pair(MatchKind Kind, int ExhibitorId, int CounterpartId);

    /// <summary>
    /// A match's, meeting's or deal's pair with the keys of its row. Procurement records carry a buyer, investment ones
    /// a team (the database checks that each has exactly one), so the buyer tells the kind.
    /// </summary>
    private abstract record PairKeys(int EditionId, int ExhibitorId, int? BuyerId, int? TeamId, int? DelegationId)
    {
        public MatchKind Kind => BuyerId is null ? MatchKind.Investment : MatchKind.Procurement;

        public Pair Pair => new(Kind, ExhibitorId, BuyerId ?? TeamId ?? 0);
    }

    /// <summary>One counterpart's matches in an edition, counted: all of them (proposed pairs), and those both sides accepted.</summary>
    private sealed record ProposedRow(int EditionId, int? BuyerId, int? TeamId, int? DelegationId, int Matches, int Accepted);

    private sealed record PairRow(int EditionId, int ExhibitorId, int? BuyerId, int? TeamId, int? DelegationId)
        : PairKeys(EditionId, ExhibitorId, BuyerId, TeamId, DelegationId);

    private sealed record DealRow(
        int EditionId, int ExhibitorId, int? BuyerId, int? TeamId, int? DelegationId,
        DateOnly? IntentSignedOn, DateOnly? ContractSignedOn, DateOnly? LandedOn)
        : PairKeys(EditionId, ExhibitorId, BuyerId, TeamId, DelegationId);

    /// <summary>The running counts of one funnel: pairs and "from previous" per step, and the intent-to-landing days.</summary>
    private sealed class Tally
    {
        private readonly int[] _pairs = new int[Enum.GetValues<FunnelStep>().Length];
        private readonly int[] _fromPrevious = new int[Enum.GetValues<FunnelStep>().Length];

        public List<int> Days { get; } = [];

        /// <summary>One more pair in the step, which was (or was not) in the previous step too.</summary>
        public void Add(FunnelStep step, bool fromPrevious) => Add(step, 1, fromPrevious ? 1 : 0);

        /// <summary>Pairs in the step, of which <paramref name="fromPrevious"/> were in the previous step too.</summary>
        public void Add(FunnelStep step, int pairs, int fromPrevious)
        {
            _pairs[(int)step] += pairs;
            _fromPrevious[(int)step] += fromPrevious;
        }

        public Funnel Funnel()
        {
            var steps = Enum.GetValues<FunnelStep>()
                .Select(step => (int)step is var i && i == 0
                    ? new Step(step, _pairs[i], null, null)
                    : new Step(step, _pairs[i], _fromPrevious[i], _pairs[i - 1] == 0 ? null
                        : Math.Round((decimal)_fromPrevious[i] / _pairs[i - 1], 4, MidpointRounding.AwayFromZero)))
                .ToList();
            return new Funnel(steps, Median(Days), Days.Count);
        }
    }

    /// <summary>An edition's tallies: overall, per team id, per delegation key.</summary>
    private sealed class Tallies(Dictionary<int, string> delegationKeys)
    {
        public Tally Overall { get; } = new();

        public Dictionary<int, Tally> Teams { get; } = [];

        public Dictionary<string, Tally> Delegations { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// The tallies a pair counts in: overall, and its team's row (investment) or its buyer's top-level delegation's
        /// (procurement; "" for a buyer in no delegation). No row for an investment record without a team (none exist).
        /// </summary>
        public (Tally Overall, Tally? Row) Of(MatchKind kind, int? teamId, int? delegationId)
        {
            if (kind == MatchKind.Investment)
            {
                return (Overall, teamId is { } team ? Teams.TryGetValue(team, out var tally) ? tally : Teams[team] = new Tally() : null);
            }
            var key = delegationId is { } id ? delegationKeys.GetValueOrDefault(id, "") : "";
            return (Overall, Delegations.TryGetValue(key, out var row) ? row : Delegations[key] = new Tally());
        }
    }
}

/// <summary>The steps of the dashboard's funnel, in order (<see cref="GetDashboardFunnel"/> defines each).</summary>
public enum FunnelStep { Proposed, Accepted, MeetingHeld, Intent, Contract, Landed }
