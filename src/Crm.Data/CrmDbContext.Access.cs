using System.Linq.Expressions;
using Crm.Data.Access;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data;

/// <summary>
/// Row-level access, in one place: global query filters over the records that carry deal values and contacts,
/// parameterised by the <see cref="Access"/> of the context, and a save guard for users who may not write.
/// </summary>
public partial class CrmDbContext
{
    /// <summary>
    /// Whose reach this context works in. The web app creates every context through a factory that sets the signed-in
    /// user's access (nothing when unresolved); the command line and the seed work as <see cref="UserAccess.System"/>.
    /// </summary>
    public UserAccess Access { get; set; } = UserAccess.System;

    // Flat members: EF turns these into query parameters, evaluated for this context at every query.
    private bool AccessReadsAll => Access.ReadsAll;
    private bool AccessReadsAudit => Access.ReadsAudit;
    private string? AccessUserId => Access.UserId;
    private int[] AccessTeamIds => Access.TeamIds;
    private int[] AccessDelegationIds => Access.DelegationIds;

    private void ApplyAccessFilters(ModelBuilder builder)
    {
        builder.Entity<Buyer>().HasQueryFilter(b => AccessReadsAll || (b.DelegationId != null && AccessDelegationIds.Contains(b.DelegationId.Value)));
        builder.Entity<Deal>().HasQueryFilter(Reachable<Deal>(d => d.PromotionTeamId, d => d.Buyer!.DelegationId));
        builder.Entity<Meeting>().HasQueryFilter(Reachable<Meeting>(m => m.PromotionTeamId, m => m.Buyer!.DelegationId));
        builder.Entity<Match>().HasQueryFilter(Reachable<Match>(m => m.PromotionTeamId, m => m.Buyer!.DelegationId));
        builder.Entity<DealStageChange>().HasQueryFilter(Reachable<DealStageChange>(c => c.Deal!.PromotionTeamId, c => c.Deal!.Buyer!.DelegationId));
        builder.Entity<Activity>().HasQueryFilter(a => AccessReadsAll || a.OwnerUserId == AccessUserId
            || (a.Deal != null && ((a.Deal.PromotionTeamId != null && AccessTeamIds.Contains(a.Deal.PromotionTeamId.Value))
                                   || (a.Deal.Buyer != null && a.Deal.Buyer.DelegationId != null && AccessDelegationIds.Contains(a.Deal.Buyer.DelegationId.Value)))));
        builder.Entity<AuditEntry>().HasQueryFilter(e => AccessReadsAudit
            || (AccessUserId != null && (e.EntityType == nameof(Company) || e.EntityType == nameof(Exhibitor) || e.EntityType == nameof(ServiceIssue) || e.EntityType == nameof(Contact))));
        // Saved views are personal: each user reads their own (the system all of them).
        builder.Entity<SavedView>().HasQueryFilter(v => v.UserId == AccessUserId || (AccessUserId == null && AccessReadsAll));
        // So are API tokens: a user lists and revokes their own.
        builder.Entity<ApiToken>().HasQueryFilter(t => t.UserId == AccessUserId || (AccessUserId == null && AccessReadsAll));
    }

    /// <summary>Visible to managers and viewers, to the members of the record's team, and to the leads of its buyer's delegation.</summary>
    private Expression<Func<T, bool>> Reachable<T>(Expression<Func<T, int?>> team, Expression<Func<T, int?>> buyerDelegation)
    {
        var record = team.Parameters[0];
        var delegation = new ReplaceParameter(buyerDelegation.Parameters[0], record).Visit(buyerDelegation.Body);
        Expression<Func<int?, bool>> inTeams = id => id != null && AccessTeamIds.Contains(id.Value);
        Expression<Func<int?, bool>> inDelegations = id => id != null && AccessDelegationIds.Contains(id.Value);
        Expression<Func<bool>> readsAll = () => AccessReadsAll;
        var body = Expression.OrElse(readsAll.Body, Expression.OrElse(
            new ReplaceParameter(inTeams.Parameters[0], team.Body).Visit(inTeams.Body),
            new ReplaceParameter(inDelegations.Parameters[0], delegation).Visit(inDelegations.Body)));
        return Expression.Lambda<Func<T, bool>>(body, record);
    }

    private sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }

    /// <summary>The last line: a context whose user may not write saves nothing.</summary>
    private void GuardWrites()
    {
        if (!Access.Writes && ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            throw new AccessDeniedException("This user may not change anything.");
        }
    }
}

/// <summary>A request or a save outside the user's reach.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);
