using Microsoft.AspNetCore.Identity;

namespace Crm.Data.Entities;

/// <summary>A person who signs in to the CRM.</summary>
public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>The user's language: "zh-CN" or "en".</summary>
    public string PreferredCulture { get; set; } = "zh-CN";
    public bool IsActive { get; set; } = true;
}

/// <summary>The roles of the product (SPEC §2).</summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Manager = "Manager";
    public const string DelegationLead = "DelegationLead";
    public const string TeamMember = "TeamMember";
    /// <summary>Reads what a manager reads; writes nothing.</summary>
    public const string Viewer = "Viewer";

    public static readonly IReadOnlyList<string> All = [Administrator, Manager, DelegationLead, TeamMember, Viewer];

    /// <summary>The roles that change records: every role but <see cref="Viewer"/>.</summary>
    public static readonly string[] Writing = [Administrator, Manager, DelegationLead, TeamMember];
}
