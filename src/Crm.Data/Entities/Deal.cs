namespace Crm.Data.Entities;

/// <summary>The pipeline item a match becomes, from first contact to a signed intent, a contract and a landed project.</summary>
public class Deal : IVersioned
{
    public int Id { get; set; }
    /// <summary>External key, unique (e.g. "D08-000123").</summary>
    public string Code { get; set; } = "";
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    public MatchKind Kind { get; set; }
    public int? MatchId { get; set; }
    public Match? Match { get; set; }
    public int ExhibitorId { get; set; }
    public Exhibitor? Exhibitor { get; set; }
    public int? BuyerId { get; set; }
    public Buyer? Buyer { get; set; }
    public int? PromotionTeamId { get; set; }
    public PromotionTeam? PromotionTeam { get; set; }
    public DealStage Stage { get; set; }
    public string? LostReason { get; set; }
    public string? OwnerUserId { get; set; }
    public AppUser? Owner { get; set; }
    /// <summary>Intended deal value (意向金额) in US$, set when the intent is signed (converted at the edition's rate when signed in yuan).</summary>
    public decimal? IntendedValueUsd { get; set; }
    /// <summary>The intended value as signed, in <see cref="IntendedCurrency"/>.</summary>
    public decimal? IntendedValue { get; set; }
    public DealCurrency? IntendedCurrency { get; set; }
    public DateOnly? IntentSignedOn { get; set; }
    /// <summary>Who signed the intent on the other side (e.g. a district government or the buyer's legal entity).</summary>
    public string? Counterpart { get; set; }
    public decimal? ContractValueUsd { get; set; }
    /// <summary>The contracted value as signed, in <see cref="ContractCurrency"/>.</summary>
    public decimal? ContractValue { get; set; }
    public DealCurrency? ContractCurrency { get; set; }
    public DateOnly? ContractSignedOn { get; set; }
    public DateOnly? LandedOn { get; set; }
    /// <summary>The entity registered for the landed project (e.g. "XX（上海）有限公司").</summary>
    public string? RegisteredEntity { get; set; }
    /// <summary>The district or park where the project landed.</summary>
    public string? DistrictCode { get; set; }
    public District? District { get; set; }
    public decimal? RegisteredCapitalUsd { get; set; }
    public decimal? CapexUsd { get; set; }
    /// <summary>Jobs the landed project plans.</summary>
    public int? Jobs { get; set; }
    /// <summary>Start of works (开工).</summary>
    public DateOnly? StartOfWorksOn { get; set; }
    /// <summary>Jobs and investment once the project operates.</summary>
    public int? ActualJobs { get; set; }
    public decimal? ActualInvestmentUsd { get; set; }
    /// <summary>What happens next on an open deal (e.g. "send the price list"), due on <see cref="NextStepDueOn"/>.</summary>
    public string? NextStep { get; set; }
    public DateOnly? NextStepDueOn { get; set; }
    public int? SigningEventId { get; set; }
    public SigningEvent? SigningEvent { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
    public List<DealStageChange> StageChanges { get; set; } = [];

    /// <summary>An edition's deal codes: "D09-" + six digits.</summary>
    public static string CodePrefix(int edition) => FormattableString.Invariant($"D{edition:00}-");

    public const int CodeDigits = 6;

    public const int NextStepMaxLength = 500;

    public const int NameMaxLength = 200;

    /// <summary>No amount above this (a trillion in either currency): a typing error, not a deal.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>No more jobs than this on one project.</summary>
    public const int MaxJobs = 1_000_000;
}

/// <summary>The currencies deal values are signed in; every value is also kept in US$ for sums and comparisons.</summary>
public enum DealCurrency { Usd, Cny }

/// <summary>Yuan per US dollar for a year (the year's average), to convert deal values signed in yuan.</summary>
public class ExchangeRate
{
    public int Year { get; set; }
    public decimal CnyPerUsd { get; set; }
}

/// <summary>
/// Pipeline stages in order. Procurement deals end at <see cref="ContractSigned"/> or <see cref="Delivered"/>;
/// investment deals go on to <see cref="Landed"/> and <see cref="Operational"/>. Stalled and Lost can happen at any point.
/// </summary>
public enum DealStage
{
    Proposed,
    Contacted,
    MeetingScheduled,
    Met,
    IntentSigned,
    ContractSigned,
    Delivered,
    Landed,
    Operational,
    Stalled,
    Lost,
}

/// <summary>One move of a deal between stages: who, when, from, to.</summary>
public class DealStageChange
{
    public int Id { get; set; }
    public int DealId { get; set; }
    public Deal? Deal { get; set; }
    public DealStage? FromStage { get; set; }
    public DealStage ToStage { get; set; }
    public DateTime ChangedAt { get; set; }
    /// <summary>The user who moved it, or null for imports of history.</summary>
    public string? ChangedByUserId { get; set; }
    public string? Note { get; set; }
    /// <summary>The values recorded with the move (JSON: field → value as entered, and in US$), or null.</summary>
    public string? Values { get; set; }
}
