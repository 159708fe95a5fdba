namespace Crm.Data.Entities;

/// <summary>A legal entity with a stable identity across editions; it takes part as an exhibitor and/or a buyer.</summary>
public class Company : IVersioned
{
    public int Id { get; set; }
    /// <summary>Stable external key used by imports and exports (e.g. "C000123"); unique.</summary>
    public string Code { get; set; } = "";
    /// <summary>Name in the original language.</summary>
    public string Name { get; set; } = "";
    public string NameZh { get; set; } = "";
    public string CountryCode { get; set; } = "";
    public Country? Country { get; set; }
    public string SectorCode { get; set; } = "";
    public Sector? Sector { get; set; }
    public bool IsFortune500 { get; set; }
    public string? Website { get; set; }
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }
}
