namespace Crm.Data.Entities;

/// <summary>
/// A token another system (registration, a mobile app, a script) sends as <c>Authorization: Bearer …</c> to use the HTTP
/// API as its user: the same roles and row-level reach as the user's pages. Only a SHA-256 hash of the token is kept;
/// the token itself is shown once, when it is made.
/// </summary>
public class ApiToken
{
    public const int NameMaxLength = 64;
    /// <summary>The start of every token, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string Prefix = "crm_";

    public int Id { get; set; }
    public string UserId { get; set; } = "";
    public AppUser? User { get; set; }
    /// <summary>What the token is for, as its owner named it ("registration system").</summary>
    public string Name { get; set; } = "";
    /// <summary>The SHA-256 of the token, lower-case hex.</summary>
    public string Hash { get; set; } = "";
    /// <summary>The token's first characters, shown in lists so its owner can tell tokens apart.</summary>
    public string Hint { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>When the token was last used, to the minute (written at most once a minute).</summary>
    public DateTime? LastUsedAt { get; set; }
}
