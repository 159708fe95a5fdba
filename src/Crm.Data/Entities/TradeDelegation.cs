namespace Crm.Data.Entities;

/// <summary>A trade delegation (交易团) of an edition, or a sub-delegation (交易分团) when it has a parent.</summary>
public class TradeDelegation
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    /// <summary>External key, unique within the edition (e.g. "D09-SH" or "D09-SH-03").</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string NameZh { get; set; } = "";
    /// <summary>Province, ministry or central enterprise group the delegation represents.</summary>
    public string Region { get; set; } = "";
    public int? ParentId { get; set; }
    public TradeDelegation? Parent { get; set; }
    public List<TradeDelegation> Children { get; set; } = [];
    public List<TradeDelegationLead> Leads { get; set; } = [];
}

/// <summary>A user who leads a delegation or sub-delegation.</summary>
public class TradeDelegationLead
{
    public int DelegationId { get; set; }
    public TradeDelegation? Delegation { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
}
