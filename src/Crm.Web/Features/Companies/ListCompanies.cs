using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>
/// Every company in the directory, across editions, a page at a time: filtered by country, sector, Fortune Global 500,
/// taking part in an edition as exhibitor or buyer, and a part of the name or the code; sorted by name, country or
/// sector. Buying is counted as far as the user reaches (a delegation lead: their delegations' buyers).
/// </summary>
public static class ListCompanies
{
    public enum SortBy { Name, Country, Sector }

    public enum Role { Exhibitor, Buyer }

    public sealed record Query(
        string? Search = null,
        string? CountryCode = null,
        string? SectorCode = null,
        bool? Fortune500 = null,
        int? Edition = null,
        Role? As = null,
        SortBy Sort = SortBy.Name,
        bool Descending = false,
        int Skip = 0,
        int Take = 20) : IRequest<Page>, IPagedQuery;

    public sealed record Page(int Total, IReadOnlyList<Row> Rows);

    public sealed record Row(int Id, string Code, string Name, string NameZh, string CountryEn, string CountryZh, string SectorEn, string SectorZh,
        bool IsFortune500, int EditionsExhibited, int EditionsBought);

    public const int MaxTake = 200_000;

    public sealed class Validator : PagedQueryValidator<Query>
    {
        public Validator(IStringLocalizer<CompaniesText> text) : base(MaxTake, () => text["PageOutOfRange"])
        {
            RuleFor(q => q.Sort).IsInEnum().WithMessage(_ => text["PageOutOfRange"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var companies = db.Companies.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var term = request.Search.Trim();
                var pattern = "%" + Like.Escape(term) + "%";
                companies = companies.Where(c => c.Code == term
                    || EF.Functions.Like(c.Name, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(c.NameZh, pattern, Like.EscapeCharacter));
            }
            if (request.CountryCode is { } country)
            {
                companies = companies.Where(c => c.CountryCode == country);
            }
            if (request.SectorCode is { } sector)
            {
                companies = companies.Where(c => c.SectorCode == sector);
            }
            if (request.Fortune500 is { } fortune500)
            {
                companies = companies.Where(c => c.IsFortune500 == fortune500);
            }
            if (request.As == Role.Exhibitor || (request.As is null && request.Edition is not null))
            {
                companies = companies.Where(c => db.Exhibitors.Any(e => e.CompanyId == c.Id && (request.Edition == null || e.Edition!.Number == request.Edition))
                    || (request.As == null && db.Buyers.Any(b => b.CompanyId == c.Id && b.Edition!.Number == request.Edition)));
            }
            else if (request.As == Role.Buyer)
            {
                companies = companies.Where(c => db.Buyers.Any(b => b.CompanyId == c.Id && (request.Edition == null || b.Edition!.Number == request.Edition)));
            }

            var total = await companies.CountAsync(cancellationToken);
            var ordered = (request.Sort, request.Descending) switch
            {
                (SortBy.Country, false) => companies.OrderBy(c => c.CountryCode),
                (SortBy.Country, true) => companies.OrderByDescending(c => c.CountryCode),
                (SortBy.Sector, false) => companies.OrderBy(c => c.SectorCode),
                (SortBy.Sector, true) => companies.OrderByDescending(c => c.SectorCode),
                (_, true) => companies.OrderByDescending(c => c.Name),
                _ => companies.OrderBy(c => c.Name),
            };
            var rows = await ordered.ThenBy(c => c.Code)
                .Skip(request.Skip).Take(request.Take)
                .Select(c => new Row(c.Id, c.Code, c.Name, c.NameZh, c.Country!.NameEn, c.Country.NameZh, c.Sector!.NameEn, c.Sector.NameZh,
                    c.IsFortune500, db.Exhibitors.Count(e => e.CompanyId == c.Id), db.Buyers.Count(b => b.CompanyId == c.Id)))
                .ToListAsync(cancellationToken);
            return new Page(total, rows);
        }
    }
}
