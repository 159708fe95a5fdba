namespace Crm.Data.Entities;

/// <summary>An issue raised by an exhibitor or a buyer (问题清单): registration, badges, logistics, customs …</summary>
public class ServiceIssue
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    public ServiceIssueCategory Category { get; set; }
    public ServiceIssueSeverity Severity { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string? OwnerUserId { get; set; }
    public AppUser? Owner { get; set; }
    public ServiceIssueStatus Status { get; set; }
    public string? Resolution { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
}

public enum ServiceIssueCategory { Registration, Badges, Logistics, Customs, Catering, Accommodation, Booth, Other }

public enum ServiceIssueSeverity { Low, Medium, High, Critical }

public enum ServiceIssueStatus { Open, InProgress, Resolved, Closed }
