using Crm.Data;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Buyers;

/// <summary>The trade delegations of an edition (the current one by default), each sub-delegation after its delegation.</summary>
public static class ListDelegationChoices
{
    public sealed record Query(int? Edition) : IRequest<IReadOnlyList<Choice>>;

    public sealed record Choice(int Id, string Code, string Name, string NameZh, bool IsSubDelegation);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Choice>>
    {
        public async Task<IReadOnlyList<Choice>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Codes nest (D09-SH, D09-SH-01): in code order each sub-delegation follows its delegation.
            return await db.TradeDelegations.AsNoTracking()
                .Where(d => request.Edition == null ? d.Edition!.Status == Crm.Data.Entities.EditionStatus.Current : d.Edition!.Number == request.Edition)
                .OrderBy(d => d.Code)
                .Select(d => new Choice(d.Id, d.Code, d.Name, d.NameZh, d.ParentId != null))
                .ToListAsync(cancellationToken);
        }
    }
}
