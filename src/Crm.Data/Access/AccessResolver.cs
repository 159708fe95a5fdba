using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Access;

/// <summary>Works out a user's <see cref="UserAccess"/> from their roles, team memberships and the delegations they lead.</summary>
public static class AccessResolver
{
    public static async Task<UserAccess> ForUserAsync(CrmDbContext db, string userId, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Id, u.IsActive }).SingleOrDefaultAsync(ct);
        if (user is null || !user.IsActive)
        {
            return UserAccess.None;
        }
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        var teams = await db.PromotionTeamMembers.Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(ct);
        var led = await db.TradeDelegationLeads.Where(l => l.UserId == userId).Select(l => l.DelegationId).ToListAsync(ct);
        var delegations = await WithSubDelegationsAsync(db, led, ct);

        var isAdministrator = roles.Contains(Roles.Administrator);
        var readsAll = isAdministrator || roles.Contains(Roles.Manager) || roles.Contains(Roles.Viewer);
        var writes = roles.Any(Roles.Writing.Contains);
        return new UserAccess
        {
            UserId = userId,
            Roles = roles,
            IsAdministrator = isAdministrator,
            ReadsAll = readsAll,
            ReadsAudit = isAdministrator,
            Writes = writes,
            TeamIds = roles.Contains(Roles.TeamMember) || readsAll ? [.. teams] : [],
            DelegationIds = roles.Contains(Roles.DelegationLead) || readsAll ? [.. delegations] : [],
        };
    }

    /// <summary>The delegations and every delegation below them (the tree is shallow: delegation → sub-delegation).</summary>
    private static async Task<List<int>> WithSubDelegationsAsync(CrmDbContext db, List<int> roots, CancellationToken ct)
    {
        var all = new HashSet<int>(roots);
        var frontier = roots;
        while (frontier.Count > 0)
        {
            var current = frontier;
            frontier = (await db.TradeDelegations.Where(d => d.ParentId != null && current.Contains(d.ParentId.Value)).Select(d => d.Id).ToListAsync(ct))
                .Where(all.Add).ToList();
        }
        return [.. all.Order()];
    }
}
