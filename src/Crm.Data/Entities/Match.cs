namespace Crm.Data.Entities;

/// <summary>A proposed pair: buyer ↔ exhibitor (procurement) or promotion team ↔ exhibitor (investment).</summary>
public class Match : IVersioned
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
    /// <summary>Why the exhibitor's side declined (required then).</summary>
    public string? ExhibitorReason { get; set; }
    public DateTime? ExhibitorDecidedAt { get; set; }
    /// <summary>The decision of the buyer's delegation or of the team.</summary>
    public MatchDecision CounterpartDecision { get; set; }
    /// <summary>Why the delegation or the team declined (required then).</summary>
    public string? CounterpartReason { get; set; }
    public DateTime? CounterpartDecidedAt { get; set; }
    /// <summary>
    /// Until when the exhibitor's side may answer a request (the counterpart accepted, the exhibitor not yet): after it,
    /// the request has lapsed and blocks nothing.
    /// </summary>
    public DateTime? RequestExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public long Version { get; set; }

    public const int ReasonMaxLength = 500;
}

public enum MatchKind { Procurement, Investment }

public enum MatchDecision { Proposed, Accepted, Declined }
