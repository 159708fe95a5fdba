namespace Crm.Data.Entities;

/// <summary>The participation of a company in one edition as a buyer (采购商), usually inside a trade delegation.</summary>
public class Buyer : IParticipation
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    public string Province { get; set; } = "";
    public string City { get; set; } = "";
    public string SectorCode { get; set; } = "";
    /// <summary>Codes of the product categories the buyer wants.</summary>
    public List<string> WantedCategories { get; set; } = [];
    /// <summary>Procurement budget for the edition in US$.</summary>
    public decimal BudgetUsd { get; set; }
    /// <summary>The delegation or sub-delegation the buyer belongs to.</summary>
    public int? DelegationId { get; set; }
    public TradeDelegation? Delegation { get; set; }
}
