using Crm.Data.Entities;
using Crm.Web.Infrastructure;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// What a move to a stage records (SPEC §3): a signed intent its value, currency, date and counterpart; a contract its
/// value, currency and date; a landed project the registered entity, registered capital, capex, planned jobs, district,
/// landing and start-of-works dates; an operating one its actual jobs and investment. Amounts are in
/// <see cref="Currency"/> and kept in US$ too, converted at the rate of the deal's edition year.
/// </summary>
public sealed record StageFacts
{
    public DealCurrency Currency { get; init; } = DealCurrency.Usd;

    /// <summary>The intended value (intent) or the contracted value (contract).</summary>
    public decimal? Amount { get; init; }

    /// <summary>When the intent or the contract was signed.</summary>
    public DateOnly? SignedOn { get; init; }

    public string? Counterpart { get; init; }

    public string? RegisteredEntity { get; init; }

    public decimal? RegisteredCapital { get; init; }

    public decimal? Capex { get; init; }

    public int? PlannedJobs { get; init; }

    public string? DistrictCode { get; init; }

    public DateOnly? LandedOn { get; init; }

    public DateOnly? StartOfWorksOn { get; init; }

    public int? ActualJobs { get; init; }

    public decimal? ActualInvestment { get; init; }

    /// <summary>No amount above this (a trillion in either currency): a typing error, not a deal.</summary>
    public const decimal MaxAmount = Deal.MaxAmount;

    public const int MaxJobs = Deal.MaxJobs;

    /// <summary>Dates a deal can carry: from the year before the first expo to a decade after the current one.</summary>
    public static readonly DateOnly Earliest = ExpoCalendar.Earliest;

    public static readonly DateOnly Latest = ExpoCalendar.Latest;
}
