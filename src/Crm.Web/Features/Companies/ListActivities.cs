using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>
/// The activity timeline: calls, visits, emails, notes and tasks on a company and on its deals, newest first; or, with
/// <see cref="Query.MyOpenTasks"/>, the signed-in user's open tasks, soonest due first. Row-level access applies: a team
/// member sees their own activities and those on their teams' deals.
/// </summary>
public static class ListActivities
{
    /// <param name="CompanyId">The company's timeline; ignored for <paramref name="MyOpenTasks"/>.</param>
    public sealed record Query(int? CompanyId, bool MyOpenTasks = false, int Take = 100) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Id, ActivityKind Kind, string Subject, string? Notes, DateOnly? DueOn, DateTime? CompletedAt,
        string? OwnerUserId, string? OwnerName, DateTime CreatedAt, string? DealCode, int? CompanyId, string? CompanyName, string? CompanyNameZh,
        bool IsOverdue)
    {
        public bool IsOpenTask => Kind == ActivityKind.Task && CompletedAt is null;
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser user, TimeProvider clock) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var activities = db.Activities.AsNoTracking();
            if (request.MyOpenTasks)
            {
                var me = (await user.GetAsync()).UserId;
                activities = activities.Where(a => a.OwnerUserId == me && a.Kind == ActivityKind.Task && a.CompletedAt == null)
                    .OrderBy(a => a.DueOn == null).ThenBy(a => a.DueOn).ThenBy(a => a.Id);
            }
            else
            {
                var id = request.CompanyId;
                activities = activities
                    .Where(a => a.CompanyId == id || a.Deal!.Exhibitor!.CompanyId == id || a.Deal.Buyer!.CompanyId == id)
                    .OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id);
            }
            var today = ExpoCalendar.Today(clock);
            var rows = await activities.Take(Math.Clamp(request.Take, 1, 500))
                .Select(a => new
                {
                    a.Id, a.Kind, a.Subject, a.Notes, a.DueOn, a.CompletedAt, a.OwnerUserId, OwnerName = a.Owner!.DisplayName, a.CreatedAt,
                    DealCode = a.Deal!.Code,
                    CompanyId = a.CompanyId ?? (int?)a.Deal!.Exhibitor!.CompanyId,
                    CompanyName = a.Company != null ? a.Company.Name : a.Deal!.Exhibitor!.Company!.Name,
                    CompanyNameZh = a.Company != null ? a.Company.NameZh : a.Deal!.Exhibitor!.Company!.NameZh,
                })
                .ToListAsync(cancellationToken);
            return rows.Select(a => new Row(a.Id, a.Kind, a.Subject, a.Notes, a.DueOn, a.CompletedAt, a.OwnerUserId, a.OwnerName, a.CreatedAt,
                    a.DealCode, a.CompanyId, a.CompanyName, a.CompanyNameZh,
                    a.Kind == ActivityKind.Task && a.CompletedAt is null && a.DueOn is { } due && due < today))
                .ToList();
        }
    }
}
