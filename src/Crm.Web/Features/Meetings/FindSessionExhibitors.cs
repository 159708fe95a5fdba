using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// The exhibitors of a session's edition by a part of the name, the company code or the booth (the first 20), to choose
/// from, with their meeting capacity and how much of it is booked.
/// </summary>
public static class FindSessionExhibitors
{
    public sealed record Query(int SessionId, string? Search) : IRequest<IReadOnlyList<Row>>;

    /// <param name="Booked">Its meetings at the show not cancelled, against its <paramref name="Capacity"/>.</param>
    public sealed record Row(int ExhibitorId, string Name, string NameZh, string? Booth, int Capacity, int Booked);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var edition = db.MatchmakingSessions.Where(s => s.Id == request.SessionId).Select(s => s.EditionId);
            var exhibitors = db.Exhibitors.AsNoTracking().Where(e => edition.Contains(e.EditionId));
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var term = request.Search.Trim();
                var pattern = "%" + Like.Escape(term) + "%";
                exhibitors = exhibitors.Where(e => e.Company!.Code == term || e.Booth == term
                    || EF.Functions.Like(e.Company.Name, pattern, Like.EscapeCharacter) || EF.Functions.Like(e.Company.NameZh, pattern, Like.EscapeCharacter));
            }
            return await exhibitors.OrderBy(e => e.Company!.NameZh).Take(20)
                .Select(e => new Row(e.Id, e.Company!.Name, e.Company.NameZh, e.Booth, e.MeetingCapacity,
                    db.Meetings.IgnoreQueryFilters().Count(m => m.ExhibitorId == e.Id && m.Status != MeetingStatus.Cancelled)))
                .ToListAsync(cancellationToken);
        }
    }
}
