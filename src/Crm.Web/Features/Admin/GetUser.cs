using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Admin;

/// <summary>One account as the edit form shows it; null when there is no such user.</summary>
[RequiresRole(Roles.Administrator)]
public static class GetUser
{
    public sealed record Query(string UserId) : IRequest<Details?>;

    public sealed record Details(
        string Id,
        string UserName,
        string DisplayName,
        string Email,
        string Culture,
        bool IsActive,
        IReadOnlyList<string> Roles,
        IReadOnlyList<TeamMembership> Teams,
        IReadOnlyList<int> Delegations,
        DateTimeOffset? LockoutEnd,
        int AccessFailedCount,
        string? ConcurrencyStamp)
    {
        public bool IsLockedOut(DateTimeOffset now) => LockoutEnd > now;
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Details?>
    {
        public async Task<Details?> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == request.UserId, cancellationToken);
            if (user is null)
            {
                return null;
            }
            var roles = await db.UserRoles.Where(ur => ur.UserId == user.Id).Select(ur => ur.RoleId).ToListAsync(cancellationToken);
            var teams = await db.PromotionTeamMembers.Where(m => m.UserId == user.Id)
                .OrderBy(m => m.TeamId).Select(m => new TeamMembership(m.TeamId, m.IsLead)).ToListAsync(cancellationToken);
            var delegations = await db.TradeDelegationLeads
                .Where(l => l.UserId == user.Id && l.Delegation!.Edition!.Status == EditionStatus.Current)
                .OrderBy(l => l.DelegationId).Select(l => l.DelegationId).ToListAsync(cancellationToken);
            return new Details(user.Id, user.UserName ?? "", user.DisplayName, user.Email ?? "", user.PreferredCulture, user.IsActive,
                [.. roles.Select(UserRules.RoleOf).OrderBy(r => Roles.All.ToList().IndexOf(r))], teams, delegations,
                user.LockoutEnd, user.AccessFailedCount, user.ConcurrencyStamp);
        }
    }
}
