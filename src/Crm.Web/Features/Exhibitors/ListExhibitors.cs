using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Exhibitors;

/// <summary>
/// The exhibitors of an edition, a page at a time: filtered by exhibition area, country, sector, exhibit category,
/// interest in investing and a part of the name (Chinese or English) or the company code; sorted by a column. The public
/// directory: every signed-in user reads it. The export sends the same query without paging.
/// </summary>
public static class ListExhibitors
{
    public enum SortBy { Company, Country, Sector, Area, Booth, BoothArea, Categories, MeetingCapacity }

    public sealed record Query(
        int? Edition = null,
        string? Search = null,
        string? AreaCode = null,
        string? CountryCode = null,
        string? SectorCode = null,
        string? Category = null,
        bool? InterestedInInvesting = null,
        SortBy Sort = SortBy.Company,
        bool Descending = false,
        int Skip = 0,
        int Take = 20) : IRequest<Page>, IPagedQuery;

    /// <param name="Edition">The edition listed: the one asked for, else the current one (else the newest).</param>
    public sealed record Page(int Edition, int Total, IReadOnlyList<Row> Rows);

    public sealed record Row(
        int Id, int CompanyId, string Code, string Name, string NameZh, string CountryCode, string CountryEn, string CountryZh,
        string SectorEn, string SectorZh, string AreaEn, string AreaZh, string? Hall, string? Booth, decimal BoothAreaSqm,
        int Categories, bool InterestedInInvesting, int MeetingCapacity, bool IsFortune500);

    /// <summary>The most rows one request returns: a page, or an export.</summary>
    public const int MaxTake = 100_000;

    public sealed class Validator : PagedQueryValidator<Query>
    {
        public Validator(IStringLocalizer<ExhibitorsText> text) : base(MaxTake, () => text["PageOutOfRange"])
        {
            RuleFor(q => q.Sort).IsInEnum().WithMessage(_ => text["PageOutOfRange"]);
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

            var exhibitors = db.Exhibitors.AsNoTracking().Where(e => e.EditionId == edition.Id);
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var term = request.Search.Trim();
                var pattern = "%" + Like.Escape(term) + "%";
                exhibitors = exhibitors.Where(e => e.Company!.Code == term
                    || EF.Functions.Like(e.Company.Name, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(e.Company.NameZh, pattern, Like.EscapeCharacter));
            }
            if (request.AreaCode is { } area)
            {
                exhibitors = exhibitors.Where(e => e.AreaCode == area);
            }
            if (request.CountryCode is { } country)
            {
                exhibitors = exhibitors.Where(e => e.Company!.CountryCode == country);
            }
            if (request.SectorCode is { } sector)
            {
                exhibitors = exhibitors.Where(e => e.Company!.SectorCode == sector);
            }
            if (request.Category is { } category)
            {
                exhibitors = exhibitors.Where(e => e.Categories.Contains(category));
            }
            if (request.InterestedInInvesting is { } interested)
            {
                exhibitors = exhibitors.Where(e => e.InterestedInInvesting == interested);
            }

            var total = await exhibitors.CountAsync(cancellationToken);
            var rows = await Sorted(exhibitors, request.Sort, request.Descending)
                .Skip(request.Skip).Take(request.Take)
                .Select(e => new Row(e.Id, e.CompanyId, e.Company!.Code, e.Company.Name, e.Company.NameZh, e.Company.CountryCode,
                    e.Company.Country!.NameEn, e.Company.Country.NameZh, e.Company.Sector!.NameEn, e.Company.Sector.NameZh,
                    e.Area!.NameEn, e.Area.NameZh, e.Hall, e.Booth, e.BoothAreaSqm, e.Categories.Count, e.InterestedInInvesting,
                    e.MeetingCapacity, e.Company.IsFortune500))
                .ToListAsync(cancellationToken);
            return new Page(edition.Number, total, rows);
        }

        /// <summary>The chosen order, then the company code: a stable order for paging.</summary>
        private static IQueryable<Exhibitor> Sorted(IQueryable<Exhibitor> exhibitors, SortBy sort, bool descending)
        {
            var ordered = (sort, descending) switch
            {
                (SortBy.Country, false) => exhibitors.OrderBy(e => e.Company!.CountryCode),
                (SortBy.Country, true) => exhibitors.OrderByDescending(e => e.Company!.CountryCode),
                (SortBy.Sector, false) => exhibitors.OrderBy(e => e.Company!.SectorCode),
                (SortBy.Sector, true) => exhibitors.OrderByDescending(e => e.Company!.SectorCode),
                (SortBy.Area, false) => exhibitors.OrderBy(e => e.AreaCode),
                (SortBy.Area, true) => exhibitors.OrderByDescending(e => e.AreaCode),
                (SortBy.Booth, false) => exhibitors.OrderBy(e => e.Booth),
                (SortBy.Booth, true) => exhibitors.OrderByDescending(e => e.Booth),
                (SortBy.BoothArea, false) => exhibitors.OrderBy(e => e.BoothAreaSqm),
                (SortBy.BoothArea, true) => exhibitors.OrderByDescending(e => e.BoothAreaSqm),
                (SortBy.Categories, false) => exhibitors.OrderBy(e => e.Categories.Count),
                (SortBy.Categories, true) => exhibitors.OrderByDescending(e => e.Categories.Count),
                (SortBy.MeetingCapacity, false) => exhibitors.OrderBy(e => e.MeetingCapacity),
                (SortBy.MeetingCapacity, true) => exhibitors.OrderByDescending(e => e.MeetingCapacity),
                (_, true) => exhibitors.OrderByDescending(e => e.Company!.Name),
                _ => exhibitors.OrderBy(e => e.Company!.Name),
            };
            return ordered.ThenBy(e => e.Company!.Code);
        }
    }
}
