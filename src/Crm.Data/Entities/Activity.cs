namespace Crm.Data.Entities;

/// <summary>A call, visit, email, note or task on a company, match or deal.</summary>
public class Activity
{
    public int Id { get; set; }
    public ActivityKind Kind { get; set; }
    public string Subject { get; set; } = "";
    public string? Notes { get; set; }
    public DateOnly? DueOn { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int? CompanyId { get; set; }
    public Company? Company { get; set; }
    public int? MatchId { get; set; }
    public Match? Match { get; set; }
    public int? DealId { get; set; }
    public Deal? Deal { get; set; }
    public string? OwnerUserId { get; set; }
    public AppUser? Owner { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum ActivityKind { Call, Visit, Email, Note, Task }
