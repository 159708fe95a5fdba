using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Delegations;

/// <summary>
/// The trade delegations within the user's reach, as a tree (delegation → sub-delegations) with buyer counts rolled up:
/// for a delegation lead the delegations they lead and everything below them; for managers and viewers every
/// delegation of the current edition. Nobody else leads a delegation, so the tree is empty for them.
/// </summary>
public static class ListDelegations
{
    public sealed record Query : IRequest<Result>;

    public sealed record Result(IReadOnlyList<Node> Roots)
    {
        public bool IsEmpty => Roots.Count == 0;
    }

    /// <param name="Buyers">The buyers of this delegation and of all its sub-delegations.</param>
    public sealed record Node(int Id, int EditionNumber, string Code, string Name, string NameZh, string Region, int Buyers, IReadOnlyList<Node> Children)
    {
        public bool HasChildren => Children.Count > 0;
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Delegations carry no deal values and so have no row filter: the user's reach (their led delegations with
            // their sub-delegations, or everything) picks them; the buyers counted below are filtered by the context.
            var reach = db.Access;
            var delegations = db.TradeDelegations.AsNoTracking();
            delegations = reach.ReadsAll
                ? delegations.Where(d => d.Edition!.Status == EditionStatus.Current)
                : delegations.Where(d => reach.DelegationIds.Contains(d.Id));
            var rows = await delegations
                .OrderBy(d => d.Code)
                .Select(d => new { d.Id, d.ParentId, EditionNumber = d.Edition!.Number, d.Code, d.Name, d.NameZh, d.Region })
                .ToListAsync(cancellationToken);
            var ids = rows.Select(r => r.Id).ToList();
            var buyers = await db.Buyers.AsNoTracking()
                .Where(b => b.DelegationId != null && ids.Contains(b.DelegationId.Value))
                .GroupBy(b => b.DelegationId!.Value)
                .Select(g => new { Id = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Id, g => g.Count, cancellationToken);

            var children = rows.Where(r => r.ParentId is not null).ToLookup(r => r.ParentId!.Value);
            var inTree = rows.Select(r => r.Id).ToHashSet();
            Node Build(int id)
            {
                var row = rows.First(r => r.Id == id);
                var below = children[id].Select(c => Build(c.Id)).ToList();
                return new Node(row.Id, row.EditionNumber, row.Code, row.Name, row.NameZh, row.Region,
                    buyers.GetValueOrDefault(id) + below.Sum(c => c.Buyers), below);
            }
            var roots = rows.Where(r => r.ParentId is null || !inTree.Contains(r.ParentId.Value)).Select(r => Build(r.Id)).ToList();
            return new Result(roots);
        }
    }
}
