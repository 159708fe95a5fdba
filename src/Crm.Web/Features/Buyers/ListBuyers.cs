using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Buyers;

/// <summary>
/// The buyers of an edition, a page at a time, as far as the user reaches (a delegation lead: the buyers of their
/// delegations and sub-delegations; managers and viewers: all): filtered by delegation (with its sub-delegations),
/// province, sector, wanted category, a least budget and a part of the name or the company code; sorted by a column.
/// </summary>
public static class ListBuyers
{
    public enum SortBy { Company, Province, Sector, Delegation, Budget, WantedCategories }

    public sealed record Query(
        int? Edition = null,
        string? Search = null,
        int? DelegationId = null,
        string? Province = null,
        string? SectorCode = null,
        string? Category = null,
        decimal? MinBudgetUsd = null,
        SortBy Sort = SortBy.Company,
        bool Descending = false,
        int Skip = 0,
        int Take = 20) : IRequest<Page>, IPagedQuery;

    public sealed record Page(int Edition, int Total, IReadOnlyList<Row> Rows);

    public sealed record Row(
        int Id, int CompanyId, string Code, string Name, string NameZh, string Province, string City, string SectorEn, string SectorZh,
        string? Delegation, string? DelegationZh, decimal BudgetUsd, int WantedCategories);

    public const int MaxTake = 200_000;

    public sealed class Validator : PagedQueryValidator<Query>
    {
        public Validator(IStringLocalizer<BuyersText> text) : base(MaxTake, () => text["PageOutOfRange"])
        {
            RuleFor(q => q.Sort).IsInEnum().WithMessage(_ => text["PageOutOfRange"]);
            RuleFor(q => q.MinBudgetUsd).GreaterThanOrEqualTo(0).WithMessage(_ => text["BudgetNegative"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await ListedEdition.FindAsync(db, request.Edition, cancellationToken) is not { } edition)
            {
                return new Page(request.Edition ?? 0, 0, []);
            }

            // Row-level access is in the context: only the buyers this user reaches are here at all.
            var buyers = db.Buyers.AsNoTracking().Where(b => b.EditionId == edition.Id);
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var term = request.Search.Trim();
                var pattern = "%" + Like.Escape(term) + "%";
                buyers = buyers.Where(b => b.Company!.Code == term
                    || EF.Functions.Like(b.Company.Name, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(b.Company.NameZh, pattern, Like.EscapeCharacter));
            }
            if (request.DelegationId is { } delegation)
            {
                buyers = buyers.Where(b => b.DelegationId == delegation || b.Delegation!.ParentId == delegation);
            }
            if (request.Province is { } province)
            {
                buyers = buyers.Where(b => b.Province == province);
            }
            if (request.SectorCode is { } sector)
            {
                buyers = buyers.Where(b => b.SectorCode == sector);
            }
            if (request.Category is { } category)
            {
                buyers = buyers.Where(b => b.WantedCategories.Contains(category));
            }
            if (request.MinBudgetUsd is { } budget)
            {
                buyers = buyers.Where(b => b.BudgetUsd >= budget);
            }

            var total = await buyers.CountAsync(cancellationToken);
            var rows = await Sorted(buyers, request.Sort, request.Descending)
                .Skip(request.Skip).Take(request.Take)
                .Select(b => new Row(b.Id, b.CompanyId, b.Company!.Code, b.Company.Name, b.Company.NameZh, b.Province, b.City,
                    db.Sectors.Where(s => s.Code == b.SectorCode).Select(s => s.NameEn).FirstOrDefault() ?? b.SectorCode,
                    db.Sectors.Where(s => s.Code == b.SectorCode).Select(s => s.NameZh).FirstOrDefault() ?? b.SectorCode,
                    b.Delegation!.Name, b.Delegation.NameZh, b.BudgetUsd, b.WantedCategories.Count))
                .ToListAsync(cancellationToken);
            return new Page(edition.Number, total, rows);
        }

        /// <summary>The chosen order, then the company code: a stable order for paging.</summary>
        private static IQueryable<Buyer> Sorted(IQueryable<Buyer> buyers, SortBy sort, bool descending)
        {
            var ordered = (sort, descending) switch
            {
                (SortBy.Province, false) => buyers.OrderBy(b => b.Province).ThenBy(b => b.City),
                (SortBy.Province, true) => buyers.OrderByDescending(b => b.Province).ThenByDescending(b => b.City),
                (SortBy.Sector, false) => buyers.OrderBy(b => b.SectorCode),
                (SortBy.Sector, true) => buyers.OrderByDescending(b => b.SectorCode),
                (SortBy.Delegation, false) => buyers.OrderBy(b => b.Delegation!.Code),
                (SortBy.Delegation, true) => buyers.OrderByDescending(b => b.Delegation!.Code),
                (SortBy.Budget, false) => buyers.OrderBy(b => b.BudgetUsd),
                (SortBy.Budget, true) => buyers.OrderByDescending(b => b.BudgetUsd),
                (SortBy.WantedCategories, false) => buyers.OrderBy(b => b.WantedCategories.Count),
                (SortBy.WantedCategories, true) => buyers.OrderByDescending(b => b.WantedCategories.Count),
                (_, true) => buyers.OrderByDescending(b => b.Company!.Name),
                _ => buyers.OrderBy(b => b.Company!.Name),
            };
            return ordered.ThenBy(b => b.Company!.Code);
        }
    }
}
