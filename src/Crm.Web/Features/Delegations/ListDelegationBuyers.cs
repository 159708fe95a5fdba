using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Delegations;

/// <summary>
/// One page of the buyers of a delegation and its sub-delegations (J2), sorted and searched on the server: a delegation
/// of the full seed has thousands. The delegation must be within the user's reach, or the request is refused.
/// </summary>
public static class ListDelegationBuyers
{
    public const int MaxPageSize = 200;

    public sealed record Query(int DelegationId, int Skip = 0, int Take = 20, string? Search = null, BuyerSort Sort = BuyerSort.Company, bool Descending = false)
        : IRequest<Page>, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Delegation(DelegationId)];
    }

    public enum BuyerSort { Company, CompanyZh, Province, City, Sector, Budget, Delegation }

    public sealed record Page(int Total, IReadOnlyList<Row> Rows);

    public sealed record Row(
        int BuyerId,
        string Company,
        string CompanyZh,
        string Province,
        string City,
        string SectorEn,
        string SectorZh,
        IReadOnlyList<Category> WantedCategories,
        decimal BudgetUsd,
        string Delegation,
        string DelegationZh);

    public sealed record Category(string Code, string NameEn, string NameZh);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<DelegationsText> text)
        {
            RuleFor(q => q.Skip).GreaterThanOrEqualTo(0).WithMessage(_ => text["SkipNegative"]);
            RuleFor(q => q.Take).InclusiveBetween(1, MaxPageSize).WithMessage(_ => text["PageSizeRange", MaxPageSize]);
            RuleFor(q => q.Search).MaximumLength(100).WithMessage(_ => text["SearchTooLong", 100]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var delegations = await WithSubDelegationsAsync(db, request.DelegationId, cancellationToken);
            var buyers = db.Buyers.AsNoTracking().Where(b => b.DelegationId != null && delegations.Contains(b.DelegationId.Value));
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var search = request.Search.Trim();
                buyers = buyers.Where(b => b.Company!.Name.Contains(search) || b.Company.NameZh.Contains(search)
                                           || b.City.Contains(search) || b.Province.Contains(search));
            }
            var total = await buyers.CountAsync(cancellationToken);
            var rows = await Sorted(buyers, request.Sort, request.Descending)
                .Skip(request.Skip).Take(request.Take)
                .Select(b => new
                {
                    b.Id, b.Company!.Name, b.Company.NameZh, b.Province, b.City,
                    b.SectorCode,
                    b.WantedCategories, b.BudgetUsd,
                    Delegation = b.Delegation!.Name, DelegationZh = b.Delegation.NameZh,
                })
                .ToListAsync(cancellationToken);

            var codes = rows.SelectMany(r => r.WantedCategories).Distinct().ToList();
            var categories = await db.ProductCategories.AsNoTracking().Where(c => codes.Contains(c.Code))
                .ToDictionaryAsync(c => c.Code, c => new Category(c.Code, c.NameEn, c.NameZh), cancellationToken);
            var sectorCodes = rows.Select(r => r.SectorCode).Distinct().ToList();
            var sectors = await db.Sectors.AsNoTracking().Where(s => sectorCodes.Contains(s.Code))
                .ToDictionaryAsync(s => s.Code, cancellationToken);
            return new Page(total, rows.Select(r => new Row(
                r.Id, r.Name, r.NameZh, r.Province, r.City,
                sectors.GetValueOrDefault(r.SectorCode)?.NameEn ?? r.SectorCode, sectors.GetValueOrDefault(r.SectorCode)?.NameZh ?? r.SectorCode,
                r.WantedCategories.Select(code => categories.GetValueOrDefault(code) ?? new Category(code, code, code)).ToList(),
                r.BudgetUsd, r.Delegation, r.DelegationZh)).ToList());
        }

        private static IQueryable<Buyer> Sorted(IQueryable<Buyer> buyers, BuyerSort sort, bool descending)
        {
            IOrderedQueryable<Buyer> ordered = sort switch
            {
                BuyerSort.CompanyZh => descending ? buyers.OrderByDescending(b => b.Company!.NameZh) : buyers.OrderBy(b => b.Company!.NameZh),
                BuyerSort.Province => descending ? buyers.OrderByDescending(b => b.Province).ThenByDescending(b => b.City) : buyers.OrderBy(b => b.Province).ThenBy(b => b.City),
                BuyerSort.City => descending ? buyers.OrderByDescending(b => b.City) : buyers.OrderBy(b => b.City),
                BuyerSort.Sector => descending ? buyers.OrderByDescending(b => b.SectorCode) : buyers.OrderBy(b => b.SectorCode),
                BuyerSort.Budget => descending ? buyers.OrderByDescending(b => b.BudgetUsd) : buyers.OrderBy(b => b.BudgetUsd),
                BuyerSort.Delegation => descending ? buyers.OrderByDescending(b => b.Delegation!.Code) : buyers.OrderBy(b => b.Delegation!.Code),
                _ => descending ? buyers.OrderByDescending(b => b.Company!.Name) : buyers.OrderBy(b => b.Company!.Name),
            };
            return ordered.ThenBy(b => b.Id); // a stable order, so pages neither repeat nor skip buyers
        }

        /// <summary>The delegation and every delegation below it (delegation → sub-delegation).</summary>
        private static async Task<List<int>> WithSubDelegationsAsync(CrmDbContext db, int root, CancellationToken ct)
        {
            var all = new List<int> { root };
            var frontier = all.ToList();
            while (frontier.Count > 0)
            {
                var parents = frontier;
                frontier = await db.TradeDelegations.Where(d => d.ParentId != null && parents.Contains(d.ParentId.Value)).Select(d => d.Id).ToListAsync(ct);
                frontier.RemoveAll(all.Contains);
                all.AddRange(frontier);
            }
            return all;
        }
    }
}
