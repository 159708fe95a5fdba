namespace Crm.Data.Entities;

/// <summary>
/// A collective signing (集中签约) at which many intents or projects are signed together. Deals are attached while it is
/// planned; recording the signing (<see cref="RecordedAt"/>) moves the attached deals to a signed intent and closes the list.
/// </summary>
public class SigningEvent : IVersioned
{
    public int Id { get; set; }
    /// <summary>External key, unique (e.g. "S08-01").</summary>
    public string Code { get; set; } = "";
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    public string Name { get; set; } = "";
    public string NameZh { get; set; } = "";
    public DateOnly HeldOn { get; set; }
    public string? Venue { get; set; }
    public List<Deal> Deals { get; set; } = [];
    /// <summary>When the signing was recorded in the CRM (UTC); null while it is planned.</summary>
    public DateTime? RecordedAt { get; set; }
    /// <summary>Who recorded the signing.</summary>
    public string? RecordedByUserId { get; set; }
    public AppUser? RecordedBy { get; set; }
    public long Version { get; set; }

    public bool IsRecorded => RecordedAt is not null;

    /// <summary>An edition's event codes: "S09-" + two digits.</summary>
    public static string CodePrefix(int edition) => FormattableString.Invariant($"S{edition:00}-");

    public const int CodeDigits = 2;

    public const int NameMaxLength = 200;

    public const int NameZhMaxLength = 100;

    public const int VenueMaxLength = 200;
}
