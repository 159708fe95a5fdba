namespace Crm.Data.Entities;

/// <summary>The participation of a company in one edition as an exhibitor (参展商). A company exhibits once per edition.</summary>
public class Exhibitor : IParticipation
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    public string AreaCode { get; set; } = "";
    public ExhibitionArea? Area { get; set; }
    public string? Hall { get; set; }
    public string? Booth { get; set; }
    public decimal BoothAreaSqm { get; set; }
    /// <summary>Codes of the product categories shown.</summary>
    public List<string> Categories { get; set; } = [];
    /// <summary>Whether the company says it is interested in investing in China (投资意向).</summary>
    public bool InterestedInInvesting { get; set; }
    /// <summary>How many matchmaking meetings the exhibitor can take during the show.</summary>
    public int MeetingCapacity { get; set; }
    /// <summary>Set by an organiser: requests to this exhibitor are accepted for it as they arrive (no double opt-in).</summary>
    public bool AutoAcceptsRequests { get; set; }
    /// <summary>
    /// The promotion team a manager made the owner of the investment lead when several teams pursued it (撞单); null
    /// while nobody was assigned.
    /// </summary>
    public int? InvestmentOwnerTeamId { get; set; }
    public PromotionTeam? InvestmentOwnerTeam { get; set; }

    /// <summary>The most meetings an exhibitor can be given.</summary>
    public const int MaxMeetingCapacity = 200;

    /// <summary>The largest booth (m²): larger is a typing error.</summary>
    public const decimal MaxBoothAreaSqm = 1_000_000m;
}
