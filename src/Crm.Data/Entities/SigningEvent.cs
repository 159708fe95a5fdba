namespace Crm.Data.Entities;

/// <summary>A collective signing (集中签约) at which many intents or projects are signed together.</summary>
public class SigningEvent
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
}
