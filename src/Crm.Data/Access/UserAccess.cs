namespace Crm.Data.Access;

/// <summary>
/// What one user may read and write: the rows of every query made through a context carrying it are filtered by it
/// (see <see cref="CrmDbContext.Access"/>), so lists, search, exports and dashboards never show what is not theirs.
/// </summary>
public sealed record UserAccess
{
    /// <summary>The command line, the seed and background jobs: everything.</summary>
    public static readonly UserAccess System = new() { ReadsAll = true, Writes = true, ReadsAudit = true, IsAdministrator = true };

    /// <summary>Nobody signed in, or access not resolved: nothing beyond the public directory.</summary>
    public static readonly UserAccess None = new();

    public string? UserId { get; init; }

    /// <summary>Managers, viewers and administrators read every pipeline, buyer and meeting.</summary>
    public bool ReadsAll { get; init; }

    /// <summary>False for viewers and for nobody signed in.</summary>
    public bool Writes { get; init; }

    /// <summary>Administrators read the audit trail.</summary>
    public bool ReadsAudit { get; init; }

    public bool IsAdministrator { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>The promotion teams the user is a member of: their investment pipelines.</summary>
    public int[] TeamIds { get; init; } = [];

    /// <summary>The delegations the user leads, with all their sub-delegations: their buyers, proposals and meetings.</summary>
    public int[] DelegationIds { get; init; } = [];

    public bool IsInRole(string role) => Roles.Contains(role);
}
