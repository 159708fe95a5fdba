using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Matching;

/// <summary>Buyers of the current edition (by company code or a part of the name, Chinese or English) or promotion teams.</summary>
public static class FindCounterparts
{
    public sealed record Query(MatchKind Kind, string? Search) : IRequest<IReadOnlyList<Choice>>;

    public sealed record Choice(int Id, string Code, string Name, string NameZh);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Choice>>
    {
        public async Task<IReadOnlyList<Choice>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var search = request.Search?.Trim() ?? "";
            if (request.Kind == MatchKind.Investment)
            {
                return await db.PromotionTeams.AsNoTracking()
                    .Where(t => search == "" || t.Code.Contains(search) || t.Name.Contains(search) || t.NameZh.Contains(search))
                    .OrderBy(t => t.Code).Take(20)
                    .Select(t => new Choice(t.Id, t.Code, t.Name, t.NameZh))
                    .ToListAsync(cancellationToken);
            }
            // Row-level access applies: a delegation lead finds only the buyers of their delegations.
            return await db.Buyers.AsNoTracking()
                .Where(b => b.Edition!.Status == EditionStatus.Current)
                .Where(b => search == "" || b.Company!.Code == search || b.Company.Name.Contains(search) || b.Company.NameZh.Contains(search))
                .OrderBy(b => b.Company!.Code).Take(20)
                .Select(b => new Choice(b.Id, b.Company!.Code, b.Company.Name, b.Company.NameZh))
                .ToListAsync(cancellationToken);
        }
    }
}
