namespace Crm.Data.Entities;

/// <summary>An issue raised by an exhibitor or a buyer (问题清单): registration, badges, logistics, customs …</summary>
public class ServiceIssue : IVersioned
{
    public int Id { get; set; }
    /// <summary>Stable external key used by imports and exports (e.g. "SI09-00042"); unique.</summary>
    public string Code { get; set; } = "";
    public int EditionId { get; set; }
    public Edition? Edition { get; set; }
    public int CompanyId { get; set; }
    public Company? Company { get; set; }
    /// <summary>Whether the company raised it as an exhibitor or as a buyer of the edition.</summary>
    public ServiceIssueParty RaisedAs { get; set; }
    public ServiceIssueCategory Category { get; set; }
    public ServiceIssueSeverity Severity { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>Who works on it; none while it waits to be assigned.</summary>
    public string? OwnerUserId { get; set; }
    public AppUser? Owner { get; set; }
    public ServiceIssueStatus Status { get; set; }
    /// <summary>How it was resolved; required once resolved or closed.</summary>
    public string? Resolution { get; set; }
    public DateTime RaisedAt { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public long Version { get; set; }
}

public enum ServiceIssueParty { Exhibitor, Buyer }

public enum ServiceIssueCategory { Registration, Badges, Logistics, Customs, Catering, Accommodation, Booth, Other }

public enum ServiceIssueSeverity { Low, Medium, High, Critical }

public enum ServiceIssueStatus { Open, InProgress, Resolved, Closed }

public static class ServiceIssueStatuses
{
    /// <summary>The statuses of an issue still to be worked on; the others are resolved.</summary>
    public static readonly ServiceIssueStatus[] Open = [ServiceIssueStatus.Open, ServiceIssueStatus.InProgress];

    public static bool IsOpen(this ServiceIssueStatus status) => status is ServiceIssueStatus.Open or ServiceIssueStatus.InProgress;
}
