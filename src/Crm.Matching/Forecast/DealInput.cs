using Crm.Matching.Data;

namespace Crm.Matching.Forecast;

/// <summary>
/// A deal that signed an intent, as the realisation forecast reads it: its pair, its dates and what happened around it.
/// Realised means the value became real: the contract signed (procurement) or the project landed (investment).
/// </summary>
/// <param name="CounterpartId">The buyer's id (procurement) or the promotion team's id (investment).</param>
/// <param name="ContractSignedOn">The contract's date; for procurement this is the realisation itself.</param>
/// <param name="RealisedOn">When the value became real (procurement: the contract; investment: the landing), if it did.</param>
/// <param name="LostOn">When the deal was marked lost, if it was and the date is known (imports of history may not say).</param>
/// <param name="IntendedValueUsd">The intended value, in US$.</param>
/// <param name="CollectiveSigning">The intent is part of a collective signing (集中签约).</param>
/// <param name="ActivityDays">Days on which someone logged a call, visit, e-mail, note or finished task on the deal.</param>
/// <param name="MeetingDays">Days on which the two parties held a meeting in the deal's edition.</param>
public sealed record DealInput(
    int Id,
    PairKind Kind,
    int Edition,
    int ExhibitorId,
    int CounterpartId,
    DateOnly IntentSignedOn,
    DateOnly? ContractSignedOn,
    DateOnly? RealisedOn,
    DateOnly? LostOn,
    double? IntendedValueUsd,
    bool CollectiveSigning,
    IReadOnlyList<DateOnly> ActivityDays,
    IReadOnlyList<DateOnly> MeetingDays)
{
    /// <summary>Whether the value had become real by the end of <paramref name="day"/>.</summary>
    public bool RealisedBy(DateOnly day) => RealisedOn is { } on && on <= day;
}

/// <summary>
/// What the forecast reads: the matchmaking engine's data (parties, reference data, graded history) and the deals that
/// signed an intent, with the day up to which outcomes are known.
/// </summary>
/// <param name="OutcomesKnownUntil">
/// The last day whose outcomes are recorded: a forecast window that ends after it is not complete, so it is neither learned
/// from nor evaluated on.
/// </param>
public sealed record ForecastData(MatchingData Matching, IReadOnlyList<DealInput> Deals, DateOnly OutcomesKnownUntil);
