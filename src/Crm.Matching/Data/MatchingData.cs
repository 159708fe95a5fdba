namespace Crm.Matching.Data;

/// <summary>The two kinds of pair the engine ranks: buyer ↔ exhibitor, and promotion team ↔ exhibitor.</summary>
public enum PairKind { Procurement, Investment }

/// <summary>A product category and where it belongs.</summary>
public sealed record CategoryInput(string Code, string AreaCode, string SectorCode);

/// <summary>A country: its world region and the main language business is done in (ISO 639-1).</summary>
public sealed record CountryInput(string Code, string Region, string Language);

/// <summary>A company's participation in one edition as an exhibitor.</summary>
public sealed record ExhibitorInput(
    int Id,
    int Edition,
    int CompanyId,
    string CountryCode,
    string SectorCode,
    bool IsFortune500,
    string AreaCode,
    double BoothAreaSqm,
    IReadOnlyList<string> Categories,
    bool InterestedInInvesting,
    int MeetingCapacity);

/// <summary>A company's participation in one edition as a buyer.</summary>
/// <param name="DelegationKey">
/// The buyer's top-level trade delegation, as a key that stays the same across editions (e.g. its name), or null.
/// </param>
public sealed record BuyerInput(
    int Id,
    int Edition,
    int CompanyId,
    string SectorCode,
    IReadOnlyList<string> WantedCategories,
    double BudgetUsd,
    string? DelegationKey);

/// <summary>A promotion team and the sectors it focuses on, first focus first.</summary>
public sealed record TeamInput(int Id, string Code, IReadOnlyList<string> FocusSectors);

/// <summary>
/// What became of a pair in a past edition, graded for ranking: 1 met, 2 intent signed, 3 contract signed (or beyond).
/// A pair without an outcome is graded 0.
/// </summary>
/// <param name="CounterpartId">The buyer's id for procurement pairs, the team's id for investment pairs.</param>
/// <param name="IntendedValueUsd">The intended value of a signed intent, if any (used for typical deal sizes).</param>
public sealed record OutcomeInput(PairKind Kind, int Edition, int ExhibitorId, int CounterpartId, int Grade, double? IntendedValueUsd);

/// <summary>
/// Everything the engine reads, as plain values: reference data, the participants of every edition, and the outcomes
/// of past editions. The web app loads it from the database; tests and tools build it directly.
/// </summary>
public sealed class MatchingData
{
    public required IReadOnlyList<CategoryInput> Categories { get; init; }
    public required IReadOnlyList<CountryInput> Countries { get; init; }
    public required IReadOnlyList<ExhibitorInput> Exhibitors { get; init; }
    public required IReadOnlyList<BuyerInput> Buyers { get; init; }
    public required IReadOnlyList<TeamInput> Teams { get; init; }
    public required IReadOnlyList<OutcomeInput> Outcomes { get; init; }

    /// <summary>The editions that have at least one participant, in order.</summary>
    public IReadOnlyList<int> Editions() =>
        Exhibitors.Select(e => e.Edition).Concat(Buyers.Select(b => b.Edition)).Distinct().Order().ToList();

    /// <summary>The editions that have outcomes of the given kind, in order: the ones a model can learn from.</summary>
    public IReadOnlyList<int> EditionsWithOutcomes(PairKind kind) =>
        Outcomes.Where(o => o.Kind == kind).Select(o => o.Edition).Distinct().Order().ToList();
}
