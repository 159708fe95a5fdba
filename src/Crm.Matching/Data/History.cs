using System.Collections.Concurrent;

namespace Crm.Matching.Data;

/// <summary>
/// What happened in past editions, kept as "the first edition in which it happened", so that features for edition t
/// see only editions before t: the same lookups serve training on old editions and scoring the current one, and no
/// outcome ever leaks into its own features.
/// </summary>
internal sealed class History
{
    private readonly MatchingIndex _index;
    // Keys pack two ints into a long: (counterpart, company).
    private readonly Dictionary<long, int> _pairFirstMet = [];
    private readonly Dictionary<long, int> _pairFirstSigned = [];
    private readonly Dictionary<long, int> _buyerCountryFirstSigned = [];
    private readonly Dictionary<long, int> _delegationCompanyFirstSigned = [];
    private readonly Dictionary<long, int> _teamCompanyFirstMet = [];
    private readonly Dictionary<long, int> _teamCompanyFirstSigned = [];
    private readonly Dictionary<int, int> _companyFirstExhibited = [];
    // Meetings of a delegation with exhibitors of a region, per edition.
    private readonly Dictionary<int, int[]> _delegationRegionMeetings = [];
    // Intended values of signed procurement intents, per edition and exhibition area.
    private readonly List<(int Edition, int Area, double Value)> _intendedValues = [];
    private readonly ConcurrentDictionary<int, EditionHistory> _byCutoff = new();

    public History(MatchingIndex index, IReadOnlyList<OutcomeInput> outcomes)
    {
        _index = index;
        foreach (var e in index.Exhibitors)
        {
            First(_companyFirstExhibited, e.CompanyId, e.Edition);
        }
        var delegations = index.Delegations.Length;
        var regions = index.Regions.Length;
        foreach (var o in outcomes)
        {
            if (o.Grade <= 0)
            {
                continue;
            }
            if (!index.TryExhibitor(o.ExhibitorId, out var ep))
            {
                throw new MatchingDataException($"Outcome of edition {o.Edition}: unknown exhibitor id {o.ExhibitorId}.");
            }
            var exhibitor = index.Exhibitors[ep];
            var signed = o.Grade >= Grades.IntentSigned;
            if (o.Kind == PairKind.Procurement)
            {
                if (!index.TryBuyer(o.CounterpartId, out var bp))
                {
                    throw new MatchingDataException($"Outcome of edition {o.Edition}: unknown buyer id {o.CounterpartId}.");
                }
                var buyer = index.Buyers[bp];
                First(_pairFirstMet, Key(buyer.CompanyId, exhibitor.CompanyId), o.Edition);
                if (buyer.DelegationIndex >= 0)
                {
                    if (!_delegationRegionMeetings.TryGetValue(o.Edition, out var counts))
                    {
                        _delegationRegionMeetings[o.Edition] = counts = new int[delegations * regions];
                    }
                    counts[buyer.DelegationIndex * regions + exhibitor.RegionIndex]++;
                }
                if (signed)
                {
                    First(_pairFirstSigned, Key(buyer.CompanyId, exhibitor.CompanyId), o.Edition);
                    First(_buyerCountryFirstSigned, Key(buyer.CompanyId, exhibitor.CountryIndex), o.Edition);
                    if (buyer.DelegationIndex >= 0)
                    {
                        First(_delegationCompanyFirstSigned, Key(buyer.DelegationIndex, exhibitor.CompanyId), o.Edition);
                    }
                    if (o.IntendedValueUsd is > 0)
                    {
                        _intendedValues.Add((o.Edition, exhibitor.AreaIndex, o.IntendedValueUsd.Value));
                    }
                }
            }
            else
            {
                if (!index.TryTeam(o.CounterpartId, out var tp))
                {
                    throw new MatchingDataException($"Outcome of edition {o.Edition}: unknown team id {o.CounterpartId}.");
                }
                var team = index.Teams[tp];
                First(_teamCompanyFirstMet, Key(team.Id, exhibitor.CompanyId), o.Edition);
                if (signed)
                {
                    First(_teamCompanyFirstSigned, Key(team.Id, exhibitor.CompanyId), o.Edition);
                }
            }
        }
    }

    public bool PairMetBefore(int buyerCompany, int exhibitorCompany, int edition) =>
        Before(_pairFirstMet, Key(buyerCompany, exhibitorCompany), edition);

    public bool PairSignedBefore(int buyerCompany, int exhibitorCompany, int edition) =>
        Before(_pairFirstSigned, Key(buyerCompany, exhibitorCompany), edition);

    public bool BuyerSignedWithCountryBefore(int buyerCompany, int country, int edition) =>
        Before(_buyerCountryFirstSigned, Key(buyerCompany, country), edition);

    public bool DelegationSignedWithCompanyBefore(int delegation, int exhibitorCompany, int edition) =>
        delegation >= 0 && Before(_delegationCompanyFirstSigned, Key(delegation, exhibitorCompany), edition);

    public bool TeamMetCompanyBefore(int team, int company, int edition) =>
        Before(_teamCompanyFirstMet, Key(team, company), edition);

    public bool TeamSignedWithCompanyBefore(int team, int company, int edition) =>
        Before(_teamCompanyFirstSigned, Key(team, company), edition);

    public bool CompanyExhibitedBefore(int company, int edition) => Before(_companyFirstExhibited, company, edition);

    /// <summary>The history as known when edition <paramref name="edition"/> opens (editions before it only).</summary>
    public EditionHistory Before(int edition) => _byCutoff.GetOrAdd(edition, Build);

    private EditionHistory Build(int edition)
    {
        var delegations = _index.Delegations.Length;
        var regions = _index.Regions.Length;
        var counts = new double[delegations * regions];
        foreach (var (e, c) in _delegationRegionMeetings)
        {
            if (e < edition)
            {
                for (var i = 0; i < counts.Length; i++)
                {
                    counts[i] += c[i];
                }
            }
        }
        // Lift of a region for a delegation: its share of the delegation's meetings over the region's share of all
        // meetings, smoothed towards 1 with a prior of 20 meetings; log2 so 0 means "as usual".
        var regionTotals = new double[regions];
        var delegationTotals = new double[delegations];
        for (var d = 0; d < delegations; d++)
        {
            for (var r = 0; r < regions; r++)
            {
                regionTotals[r] += counts[d * regions + r];
                delegationTotals[d] += counts[d * regions + r];
            }
        }
        var all = regionTotals.Sum();
        var lift = new float[delegations * regions];
        if (all > 0)
        {
            const double prior = 20;
            for (var d = 0; d < delegations; d++)
            {
                for (var r = 0; r < regions; r++)
                {
                    var share = (regionTotals[r] + 1) / (all + regions);
                    var own = (counts[d * regions + r] + prior * share) / (delegationTotals[d] + prior);
                    lift[d * regions + r] = (float)Math.Log2(own / share);
                }
            }
        }
        var typical = new float[_index.Areas.Length];
        for (var a = 0; a < typical.Length; a++)
        {
            var values = _intendedValues.Where(v => v.Edition < edition && v.Area == a).Select(v => v.Value).Order().ToList();
            typical[a] = values.Count == 0 ? float.NaN : (float)values[values.Count / 2];
        }
        return new EditionHistory(edition, all > 0 ? lift : null, typical);
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    private static void First<TKey>(Dictionary<TKey, int> map, TKey key, int edition) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var first) || edition < first)
        {
            map[key] = edition;
        }
    }

    private static bool Before<TKey>(Dictionary<TKey, int> map, TKey key, int edition) where TKey : notnull =>
        map.TryGetValue(key, out var first) && first < edition;
}

/// <summary>Aggregates of the editions before <see cref="Edition"/>.</summary>
/// <param name="DelegationRegionLift">log2 lift of [delegation × region] meetings, or null with no earlier meetings.</param>
/// <param name="TypicalIntentUsd">Median intended value of signed intents per exhibition area (NaN when unknown).</param>
internal sealed record EditionHistory(int Edition, float[]? DelegationRegionLift, float[] TypicalIntentUsd);

/// <summary>The graded relevance of a pair's outcome (SPEC §4).</summary>
public static class Grades
{
    public const int Nothing = 0;
    public const int Met = 1;
    public const int IntentSigned = 2;
    public const int ContractSigned = 3;
}
