namespace Crm.Data.Entities;

/// <summary>Who changed what, when, old → new. Written for every save (see <c>AuditingInterceptor</c>).</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    /// <summary>The request that made the change (e.g. "BookMeeting" or "Import exhibitors").</summary>
    public string? Operation { get; set; }
    public string EntityType { get; set; } = "";
    public string EntityKey { get; set; } = "";
    public AuditAction Action { get; set; }
    /// <summary>JSON object: property → [old, new].</summary>
    public string Changes { get; set; } = "{}";
}

public enum AuditAction
{
    Created,
    Updated,
    Deleted,
    Imported,
    SignedIn,
    SignInFailed,
    LockedOut,
    SignedOut,
    PasswordChanged,
    AccessDenied,
    /// <summary>An edition (or some of its buyers and teams) scored by a ranking model: one entry per run.</summary>
    Scored,
}
