using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using FluentValidation.Results;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>A team the user belongs to, and whether they lead it.</summary>
public sealed record TeamMembership(int TeamId, bool IsLead);

/// <summary>The rules the user use cases share: Identity's password policy in the user's language, memberships that exist.</summary>
internal static class UserRules
{
    public const int MaxUserName = 64;
    public const int MaxDisplayName = 100;

    /// <summary>Runs Identity's password validators and reports each failure by its code, in the user's language.</summary>
    public static async Task<List<ValidationFailure>> PasswordFailuresAsync(
        UserManager<AppUser> users, IStringLocalizer<AdminText> text, string? userName, string? password, string property)
    {
        if (string.IsNullOrEmpty(password))
        {
            return [new ValidationFailure(property, text["PasswordRequired"])];
        }
        var failures = new List<ValidationFailure>();
        var candidate = new AppUser { UserName = userName };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, candidate, password);
            failures.AddRange(result.Errors.Select(e => new ValidationFailure(property, e.Description)));
        }
        return failures;
    }

    /// <summary>Identity's user validators (allowed characters, unique user name and e-mail), in the user's language.</summary>
    public static async Task<List<ValidationFailure>> UserFailuresAsync(UserManager<AppUser> users, IStringLocalizer<AdminText> text, AppUser candidate)
    {
        var failures = new List<ValidationFailure>();
        foreach (var validator in users.UserValidators)
        {
            var result = await validator.ValidateAsync(users, candidate);
            failures.AddRange(result.Errors.Select(e => new ValidationFailure(
                e.Code.Contains("Email", StringComparison.Ordinal) ? "Email" : "UserName", e.Description)));
        }
        return failures;
    }

    /// <summary>Roles that exist, teams that exist (each once), delegations of the current edition.</summary>
    public static async Task<List<ValidationFailure>> MembershipFailuresAsync(
        IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<AdminText> text,
        IReadOnlyList<string> roles, IReadOnlyList<TeamMembership> teams, IReadOnlyList<int> delegations, CancellationToken ct)
    {
        var failures = new List<ValidationFailure>();
        foreach (var role in roles.Where(r => !Roles.All.Contains(r)))
        {
            failures.Add(new ValidationFailure("Roles", text["UnknownRole", role]));
        }
        if (teams.GroupBy(t => t.TeamId).Any(g => g.Count() > 1))
        {
            failures.Add(new ValidationFailure("Teams", text["TeamTwice"]));
        }
        await using var db = await contexts.CreateDbContextAsync(ct);
        var teamIds = teams.Select(t => t.TeamId).Distinct().ToList();
        if (teamIds.Count > 0 && await db.PromotionTeams.CountAsync(t => teamIds.Contains(t.Id), ct) != teamIds.Count)
        {
            failures.Add(new ValidationFailure("Teams", text["UnknownTeam"]));
        }
        var delegationIds = delegations.Distinct().ToList();
        if (delegationIds.Count > 0 && await db.TradeDelegations
                .CountAsync(d => delegationIds.Contains(d.Id) && d.Edition!.Status == EditionStatus.Current, ct) != delegationIds.Count)
        {
            failures.Add(new ValidationFailure("Delegations", text["UnknownDelegation"]));
        }
        return failures;
    }

    /// <summary>Refuses, in the user's language, a change that leaves nobody able to administer the system.</summary>
    public static async Task EnsureAnActiveAdministratorRemainsAsync(CrmDbContext db, IStringLocalizer<AdminText> text, CancellationToken ct)
    {
        var administrators = await db.UserRoles
            .Where(ur => ur.RoleId == RoleId(Roles.Administrator))
            .Join(db.Users, ur => ur.UserId, u => u.Id, (_, u) => u)
            .CountAsync(u => u.IsActive, ct);
        if (administrators == 0)
        {
            throw new RequestValidationException([new ValidationFailure("Roles", text["LastAdministrator"])]);
        }
    }

    /// <summary>The product's roles have fixed ids (see RoleConfiguration).</summary>
    public static string RoleId(string role) => "role-" + role.ToLowerInvariant();

    public static string RoleOf(string roleId) => Roles.All.FirstOrDefault(r => RoleId(r) == roleId) ?? roleId;

    /// <summary>Replaces the user's roles, team memberships and current-edition delegations with the given ones.</summary>
    public static async Task SetMembershipsAsync(
        CrmDbContext db, string userId, IReadOnlyList<string> roles, IReadOnlyList<TeamMembership> teams, IReadOnlyList<int> delegations, CancellationToken ct)
    {
        var wantedRoles = roles.Distinct().Select(RoleId).ToHashSet();
        var currentRoles = await db.UserRoles.Where(ur => ur.UserId == userId).ToListAsync(ct);
        db.UserRoles.RemoveRange(currentRoles.Where(ur => !wantedRoles.Contains(ur.RoleId)));
        db.UserRoles.AddRange(wantedRoles.Except(currentRoles.Select(ur => ur.RoleId))
            .Select(roleId => new IdentityUserRole<string> { UserId = userId, RoleId = roleId }));

        var wantedTeams = teams.ToDictionary(t => t.TeamId, t => t.IsLead);
        var currentTeams = await db.PromotionTeamMembers.Where(m => m.UserId == userId).ToListAsync(ct);
        db.PromotionTeamMembers.RemoveRange(currentTeams.Where(m => !wantedTeams.ContainsKey(m.TeamId)));
        foreach (var member in currentTeams.Where(m => wantedTeams.ContainsKey(m.TeamId)))
        {
            member.IsLead = wantedTeams[member.TeamId];
        }
        db.PromotionTeamMembers.AddRange(wantedTeams.Keys.Except(currentTeams.Select(m => m.TeamId))
            .Select(teamId => new PromotionTeamMember { TeamId = teamId, UserId = userId, IsLead = wantedTeams[teamId] }));

        // Delegations of past editions stay as they were: the form offers the current edition's only.
        var wantedDelegations = delegations.ToHashSet();
        var currentLeads = await db.TradeDelegationLeads
            .Where(l => l.UserId == userId && l.Delegation!.Edition!.Status == EditionStatus.Current).ToListAsync(ct);
        db.TradeDelegationLeads.RemoveRange(currentLeads.Where(l => !wantedDelegations.Contains(l.DelegationId)));
        db.TradeDelegationLeads.AddRange(wantedDelegations.Except(currentLeads.Select(l => l.DelegationId))
            .Select(id => new TradeDelegationLead { DelegationId = id, UserId = userId }));
    }
}
