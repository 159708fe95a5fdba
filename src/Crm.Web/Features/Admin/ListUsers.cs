using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>
/// The accounts, a page at a time: filtered by a text in the user name, display name or e-mail, by role and by
/// active or not; sorted by a column. Each row shows the roles, teams, delegations led, lockout and last activity.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class ListUsers
{
    public enum SortBy { UserName, DisplayName, Email, IsActive }

    public sealed record Query(
        string? Search = null,
        string? Role = null,
        bool? Active = null,
        SortBy Sort = SortBy.UserName,
        bool Descending = false,
        int Skip = 0,
        int Take = 20) : IRequest<Page>;

    public sealed record Page(int Total, IReadOnlyList<Row> Rows);

    public sealed record Row(
        string Id,
        string UserName,
        string DisplayName,
        string? Email,
        string Culture,
        bool IsActive,
        IReadOnlyList<string> Roles,
        IReadOnlyList<string> Teams,
        IReadOnlyList<string> Delegations,
        DateTimeOffset? LockedOutUntil,
        DateTime? LastActivityAt);

    public const int MaxTake = 200;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<AdminText> text)
        {
            RuleFor(q => q.Skip).GreaterThanOrEqualTo(0).WithMessage(_ => text["PageOutOfRange"]);
            RuleFor(q => q.Take).InclusiveBetween(1, MaxTake).WithMessage(_ => text["PageOutOfRange"]);
            RuleFor(q => q.Role).Must(r => r is null || Roles.All.Contains(r)).WithMessage(q => text["UnknownRole", q.Role!]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var users = db.Users.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var pattern = "%" + Like.Escape(request.Search.Trim()) + "%";
                users = users.Where(u => EF.Functions.Like(u.UserName!, pattern, Like.EscapeCharacter)
                                         || EF.Functions.Like(u.DisplayName, pattern, Like.EscapeCharacter)
                                         || EF.Functions.Like(u.Email!, pattern, Like.EscapeCharacter));
            }
            if (request.Role is not null)
            {
                var roleId = UserRules.RoleId(request.Role);
                users = users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId));
            }
            if (request.Active is { } active)
            {
                users = users.Where(u => u.IsActive == active);
            }

            var total = await users.CountAsync(cancellationToken);
            users = (request.Sort, request.Descending) switch
            {
                (SortBy.DisplayName, false) => users.OrderBy(u => u.DisplayName).ThenBy(u => u.UserName),
                (SortBy.DisplayName, true) => users.OrderByDescending(u => u.DisplayName).ThenBy(u => u.UserName),
                (SortBy.Email, false) => users.OrderBy(u => u.Email),
                (SortBy.Email, true) => users.OrderByDescending(u => u.Email),
                (SortBy.IsActive, false) => users.OrderBy(u => u.IsActive).ThenBy(u => u.UserName),
                (SortBy.IsActive, true) => users.OrderByDescending(u => u.IsActive).ThenBy(u => u.UserName),
                (_, true) => users.OrderByDescending(u => u.UserName),
                _ => users.OrderBy(u => u.UserName),
            };
            var page = await users.Skip(request.Skip).Take(request.Take)
                .Select(u => new
                {
                    u.Id, u.UserName, u.DisplayName, u.Email, u.PreferredCulture, u.IsActive, u.LockoutEnd,
                    LastActivityAt = db.AuditEntries.Where(a => a.UserId == u.Id).Max(a => (DateTime?)a.At),
                })
                .ToListAsync(cancellationToken);

            var ids = page.Select(u => u.Id).ToList();
            var roles = (await db.UserRoles.Where(ur => ids.Contains(ur.UserId)).ToListAsync(cancellationToken)).ToLookup(ur => ur.UserId, ur => UserRules.RoleOf(ur.RoleId));
            var chinese = Cultures.IsChinese(CultureInfo.CurrentUICulture);
            var teams = (await db.PromotionTeamMembers.Where(m => ids.Contains(m.UserId))
                    .Select(m => new { m.UserId, m.Team!.Name, m.Team.NameZh, m.IsLead }).ToListAsync(cancellationToken))
                .ToLookup(m => m.UserId, m => (chinese ? m.NameZh : m.Name) + (m.IsLead ? " ★" : ""));
            var delegations = (await db.TradeDelegationLeads.Where(l => ids.Contains(l.UserId) && l.Delegation!.Edition!.Status == EditionStatus.Current)
                    .Select(l => new { l.UserId, l.Delegation!.Name, l.Delegation.NameZh }).ToListAsync(cancellationToken))
                .ToLookup(l => l.UserId, l => chinese ? l.NameZh : l.Name);
            var now = DateTimeOffset.UtcNow;

            return new Page(total, page.Select(u => new Row(
                u.Id, u.UserName ?? "", u.DisplayName, u.Email, u.PreferredCulture, u.IsActive,
                [.. roles[u.Id].OrderBy(r => Roles.All.ToList().IndexOf(r))], [.. teams[u.Id]], [.. delegations[u.Id]],
                u.LockoutEnd > now ? u.LockoutEnd : null, u.LastActivityAt)).ToList());
        }
    }
}
