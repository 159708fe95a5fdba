namespace Crm.Data.Entities;

/// <summary>A proposed pair: buyer ↔ exhibitor (procurement) or promotion team ↔ exhibitor (investment).</summary>
public class Match
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    public MatchKind Kind { get; set; }
    public int ExhibitorId { get; set; }
    public Exhibitor? Exhibitor { get; set; }
    /// <summary>Set for procurement matches.</summary>
    public int? BuyerId { get; set; }
    public Buyer? Buyer { get; set; }
    /// <summary>Set for investment matches.</summary>
    public int? PromotionTeamId { get; set; }
    public PromotionTeam? PromotionTeam { get; set; }
    public double Score { get; set; }
    /// <summary>1-based rank within the buyer's (or team's) list.</summary>
    public int Rank { get; set; }
    public string ModelVersion { get; set; } = "";
    /// <summary>The top features behind the score, as JSON (feature, value, contribution).</summary>
    public string Explanation { get; set; } = "[]";
    public MatchDecision ExhibitorDecision { get; set; }
    /// <summary>The decision of the buyer's delegation or of the team.</summary>
    public MatchDecision CounterpartDecision { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum MatchKind { Procurement, Investment }

public enum MatchDecision { Proposed, Accepted, Declined }
