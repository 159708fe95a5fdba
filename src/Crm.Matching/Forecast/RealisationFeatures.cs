using Crm.Matching.Data;
using Crm.Matching.Features;

namespace Crm.Matching.Forecast;

/// <summary>
/// The features of a deal on a given day (schema <c>realisation-procurement-v1</c> / <c>realisation-investment-v1</c>,
/// documented in docs/forecast.md): first the pair's matchmaking features, computed by the ranker's own code with the
/// history of the editions before the deal's, then what the deal itself shows on that day. The same code computes them
/// for the past days a model learns from and for today's forecast; nothing recorded after the day is read.
/// </summary>
internal sealed class RealisationFeatures
{
    private static readonly FeatureDefinition[] DealFeatures =
    [
        new("intended_value_musd_log", FeatureValueKind.LogRatio, "ln(intended value in US$ m)."),
        new("days_since_intent", FeatureValueKind.Count, "Days since the intent was signed."),
        new("contract_signed", FeatureValueKind.Flag, "The contract is signed (investment: the project has not landed yet)."),
        new("days_since_contract", FeatureValueKind.Count, "Days since the contract was signed."),
        new("meetings_held", FeatureValueKind.Count, "Meetings the two parties held in the deal's edition."),
        new("collective_signing", FeatureValueKind.Flag, "The intent was signed at a collective signing (集中签约)."),
        new("days_since_last_activity", FeatureValueKind.Count, "Days since someone last logged an activity on the deal."),
        new("counterpart_past_intents", FeatureValueKind.Count, "Intents the buyer's company (or the team) signed in earlier editions."),
        new("counterpart_past_realised_share", FeatureValueKind.Fraction, "Share of those that had become real by the day."),
        new("exhibitor_past_intents", FeatureValueKind.Count, "Intents the exhibitor's company signed in earlier editions."),
        new("exhibitor_past_realised_share", FeatureValueKind.Fraction, "Share of those that had become real by the day."),
    ];

    public static readonly FeatureSchema Procurement = Compose(PairKind.Procurement);
    public static readonly FeatureSchema Investment = Compose(PairKind.Investment);

    private readonly MatchingIndex _index;
    private readonly PairSpace _space;
    private readonly int _pairColumns;
    private readonly Dictionary<int, List<DealInput>> _byCounterpart = [];
    private readonly Dictionary<int, List<DealInput>> _byExhibitorCompany = [];

    public RealisationFeatures(PairKind kind, MatchingIndex index, IEnumerable<DealInput> deals)
    {
        Kind = kind;
        _index = index;
        _space = PairSpace.For(kind, index);
        _pairColumns = _space.Schema.Count;
        foreach (var deal in deals.Where(d => d.Kind == kind))
        {
            if (TryParties(deal, out _, out _, out var counterpartKey, out var exhibitorCompany))
            {
                Add(_byCounterpart, counterpartKey, deal);
                Add(_byExhibitorCompany, exhibitorCompany, deal);
            }
        }
    }

    public PairKind Kind { get; }

    public FeatureSchema Schema => For(Kind);

    public static FeatureSchema For(PairKind kind) => kind == PairKind.Procurement ? Procurement : Investment;

    /// <summary>Checks that a stored model's schema is the one this build computes.</summary>
    public static FeatureSchema Require(PairKind kind, string storedVersion)
    {
        var schema = For(kind);
        if (schema.Version != storedVersion)
        {
            throw new FeatureSchemaMismatchException(schema.Version, storedVersion);
        }
        return schema;
    }

    /// <summary>Whether the deal's parties are in the data (a deal whose buyer, team or exhibitor is missing cannot be described).</summary>
    public bool Knows(DealInput deal) => TryParties(deal, out _, out _, out _, out _);

    /// <summary>Writes the deal's features as of the end of <paramref name="day"/> into <paramref name="row"/>.</summary>
    public void Compute(DealInput deal, DateOnly day, Span<float> row)
    {
        if (!TryParties(deal, out var query, out var exhibitor, out var counterpartKey, out var exhibitorCompany))
        {
            throw new MatchingDataException($"Deal {deal.Id}: its parties are not in the data.");
        }
        _space.Compute(_index.History.Before(deal.Edition), query, exhibitor, row[.._pairColumns]);
        var d = row[_pairColumns..];
        d[0] = deal.IntendedValueUsd is { } value && value > 0 ? (float)Math.Log(value / 1e6) : float.NaN;
        d[1] = day.DayNumber - deal.IntentSignedOn.DayNumber;
        var contract = deal.Kind == PairKind.Investment && deal.ContractSignedOn is { } signed && signed <= day ? signed : (DateOnly?)null;
        d[2] = contract is null ? 0f : 1f;
        d[3] = contract is { } c ? day.DayNumber - c.DayNumber : float.NaN;
        d[4] = deal.MeetingDays.Count(m => m <= day);
        d[5] = deal.CollectiveSigning ? 1f : 0f;
        var lastActivity = deal.ActivityDays.Where(a => a <= day).DefaultIfEmpty().Max();
        d[6] = lastActivity == default ? float.NaN : day.DayNumber - lastActivity.DayNumber;
        (d[7], d[8]) = PastRecord(_byCounterpart, counterpartKey, deal.Edition, day);
        (d[9], d[10]) = PastRecord(_byExhibitorCompany, exhibitorCompany, deal.Edition, day);
    }

    /// <summary>Intents of earlier editions, and the share of them realised by the day (NaN when there were none).</summary>
    private static (float Intents, float RealisedShare) PastRecord(Dictionary<int, List<DealInput>> byKey, int key, int edition, DateOnly day)
    {
        if (!byKey.TryGetValue(key, out var deals))
        {
            return (0, float.NaN);
        }
        int intents = 0, realised = 0;
        foreach (var past in deals)
        {
            if (past.Edition < edition && past.IntentSignedOn <= day)
            {
                intents++;
                realised += past.RealisedBy(day) ? 1 : 0;
            }
        }
        return (intents, intents == 0 ? float.NaN : (float)realised / intents);
    }

    private bool TryParties(DealInput deal, out int query, out int exhibitor, out int counterpartKey, out int exhibitorCompany)
    {
        query = -1;
        counterpartKey = -1;
        exhibitorCompany = -1;
        if (!_index.TryExhibitor(deal.ExhibitorId, out exhibitor))
        {
            return false;
        }
        exhibitorCompany = _index.Exhibitors[exhibitor].CompanyId;
        if (Kind == PairKind.Procurement)
        {
            if (!_index.TryBuyer(deal.CounterpartId, out query))
            {
                return false;
            }
            counterpartKey = _index.Buyers[query].CompanyId;
            return true;
        }
        if (!_index.TryTeam(deal.CounterpartId, out query))
        {
            return false;
        }
        counterpartKey = deal.CounterpartId;
        return true;
    }

    private static void Add(Dictionary<int, List<DealInput>> byKey, int key, DealInput deal)
    {
        if (!byKey.TryGetValue(key, out var list))
        {
            byKey[key] = list = [];
        }
        list.Add(deal);
    }

    private static FeatureSchema Compose(PairKind kind)
    {
        var pair = kind == PairKind.Procurement ? ProcurementFeatures.Schema : InvestmentFeatures.Schema;
        return new FeatureSchema(kind, $"realisation-{(kind == PairKind.Procurement ? "procurement" : "investment")}-v1",
            [.. pair.Features, .. DealFeatures]);
    }
}
