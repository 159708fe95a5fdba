using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>
/// The issue list (问题清单) of an edition's exhibitors and buyers, a page at a time: filtered by status (or only the
/// open ones), category, severity, the side that raised it, the owner (someone, the signed-in user, nobody yet) and a part
/// of the company's name, its code or the issue's code or title; sorted by a column. Every signed-in user reads it: the
/// service desk is everyone's.
/// </summary>
public static class ListServiceIssues
{
    public enum SortBy { Raised, Severity, Status, Category, Company }

    /// <summary>Whose issues: anyone's, the signed-in user's, or those nobody owns yet.</summary>
    public enum OwnerFilter { Anyone, Me, Nobody, User }

    public sealed record Query(
        int? Edition = null,
        bool OpenOnly = false,
        ServiceIssueStatus? Status = null,
        ServiceIssueCategory? Category = null,
        ServiceIssueSeverity? Severity = null,
        ServiceIssueParty? RaisedAs = null,
        OwnerFilter Owner = OwnerFilter.Anyone,
        string? OwnerUserId = null,
        string? Search = null,
        SortBy Sort = SortBy.Raised,
        bool Descending = true,
        int Skip = 0,
        int Take = 20) : IRequest<Page>, IPagedQuery;

    /// <param name="Edition">The edition listed: the one asked for, else the current one (else the newest).</param>
    public sealed record Page(int Edition, int Total, IReadOnlyList<Row> Rows);

    /// <param name="AgeDays">Days (in Shanghai) from raised to resolved, or to today while it is open.</param>
    public sealed record Row(
        int Id, string Code, int CompanyId, string CompanyCode, string CompanyName, string CompanyNameZh, ServiceIssueParty RaisedAs,
        ServiceIssueCategory Category, ServiceIssueSeverity Severity, string Title, string? OwnerName, ServiceIssueStatus Status,
        DateTime RaisedAt, DateTime? ResolvedAt, int AgeDays)
    {
        public bool IsOpen => Status.IsOpen();
    }

    public const int MaxTake = 100_000;

    public sealed class Validator : PagedQueryValidator<Query>
    {
        public Validator(IStringLocalizer<ServiceIssuesText> text) : base(MaxTake, () => text["PageOutOfRange"])
        {
            RuleFor(q => q.Sort).IsInEnum().WithMessage(_ => text["PageOutOfRange"]);
            RuleFor(q => q.Owner).IsInEnum().WithMessage(_ => text["PageOutOfRange"]);
            RuleFor(q => q.OwnerUserId).NotEmpty().When(q => q.Owner == OwnerFilter.User).WithMessage(_ => text["OwnerNotFound"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser user, TimeProvider clock) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await ListedEdition.FindAsync(db, request.Edition, cancellationToken) is not { } edition)
            {
                return new Page(request.Edition ?? 0, 0, []);
            }
            var issues = db.ServiceIssues.AsNoTracking().Where(i => i.EditionId == edition.Id);
            if (request.OpenOnly)
            {
                issues = issues.Where(i => ServiceIssueStatuses.Open.Contains(i.Status));
            }
            if (request.Status is { } status)
            {
                issues = issues.Where(i => i.Status == status);
            }
            if (request.Category is { } category)
            {
                issues = issues.Where(i => i.Category == category);
            }
            if (request.Severity is { } severity)
            {
                issues = issues.Where(i => i.Severity == severity);
            }
            if (request.RaisedAs is { } side)
            {
                issues = issues.Where(i => i.RaisedAs == side);
            }
            switch (request.Owner)
            {
                case OwnerFilter.Me:
                    var me = (await user.GetAsync()).UserId;
                    issues = issues.Where(i => i.OwnerUserId == me);
                    break;
                case OwnerFilter.Nobody:
                    issues = issues.Where(i => i.OwnerUserId == null);
                    break;
                case OwnerFilter.User:
                    issues = issues.Where(i => i.OwnerUserId == request.OwnerUserId);
                    break;
            }
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var term = request.Search.Trim();
                var pattern = "%" + Like.Escape(term) + "%";
                issues = issues.Where(i => i.Code == term || i.Company!.Code == term
                    || EF.Functions.Like(i.Title, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(i.Company!.Name, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(i.Company.NameZh, pattern, Like.EscapeCharacter));
            }

            var total = await issues.CountAsync(cancellationToken);
            var rows = await Sorted(issues, request.Sort, request.Descending).ThenByDescending(i => i.Id)
                .Skip(request.Skip).Take(request.Take)
                .Select(i => new
                {
                    i.Id, i.Code, i.CompanyId, CompanyCode = i.Company!.Code, i.Company.Name, i.Company.NameZh, i.RaisedAs, i.Category, i.Severity,
                    i.Title, OwnerName = i.Owner!.DisplayName, i.Status, i.RaisedAt, i.ResolvedAt,
                })
                .ToListAsync(cancellationToken);
            var today = ExpoCalendar.Today(clock);
            return new Page(edition.Number, total, rows
                .Select(i => new Row(i.Id, i.Code, i.CompanyId, i.CompanyCode, i.Name, i.NameZh, i.RaisedAs, i.Category, i.Severity, i.Title,
                    i.OwnerName, i.Status, i.RaisedAt, i.ResolvedAt, ServiceIssueAge.Days(i.RaisedAt, i.ResolvedAt, today)))
                .ToList());
        }

        /// <summary>Enumerations are stored by name: their order in SQL is alphabetical, so severity and status sort by rank instead.</summary>
        private static IOrderedQueryable<ServiceIssue> Sorted(IQueryable<ServiceIssue> issues, SortBy sort, bool descending) => sort switch
        {
            SortBy.Severity => By(issues, i => i.Severity == ServiceIssueSeverity.Critical ? 3 : i.Severity == ServiceIssueSeverity.High ? 2
                : i.Severity == ServiceIssueSeverity.Medium ? 1 : 0, descending),
            SortBy.Status => By(issues, i => i.Status == ServiceIssueStatus.Open ? 0 : i.Status == ServiceIssueStatus.InProgress ? 1
                : i.Status == ServiceIssueStatus.Resolved ? 2 : 3, descending),
            SortBy.Category => By(issues, i => i.Category, descending),
            SortBy.Company => By(issues, i => i.Company!.NameZh, descending),
            _ => By(issues, i => i.RaisedAt, descending),
        };

        private static IOrderedQueryable<ServiceIssue> By<TKey>(IQueryable<ServiceIssue> issues, System.Linq.Expressions.Expression<Func<ServiceIssue, TKey>> key,
            bool descending) => descending ? issues.OrderByDescending(key) : issues.OrderBy(key);
    }
}
