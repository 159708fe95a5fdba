namespace Crm.Data.Entities;

/// <summary>One edition of the expo (the 1st was 2018). Every participation, match, meeting and deal belongs to one.</summary>
public class Edition
{
    public int Id { get; set; }
    /// <summary>1, 2, 3 …: the public number of the edition; unique.</summary>
    public int Number { get; set; }
    public int Year { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public EditionStatus Status { get; set; }
    /// <summary>Intended deal value the organisers reported for the edition, in US$ billion (null until reported).</summary>
    public decimal? ReportedIntendedDealValueUsdBn { get; set; }
    public int? ReportedExhibitors { get; set; }
    public int? ReportedCountries { get; set; }
    /// <summary>Exhibition area in m².</summary>
    public int? ReportedAreaSqm { get; set; }

    /// <summary>The largest reported intended deal value, in US$ billion: larger is a typing error.</summary>
    public const decimal MaxReportedValueUsdBn = 1_000_000m;
}

public enum EditionStatus { Past, Current, Planned }
