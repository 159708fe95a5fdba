using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Meetings;

/// <summary>The current edition's matchmaking sessions by day and start, with how many meetings each holds and its interpreters' languages.</summary>
public static class ListSessions
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Id, string Name, string NameZh, string Venue, DateOnly Day, TimeOnly Starts, TimeOnly Ends, int SlotMinutes,
        int Slots, int Tables, int Booked, bool ProvidesInterpreters, IReadOnlyList<string> InterpreterLanguages);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var sessions = await db.MatchmakingSessions.AsNoTracking().Where(s => s.Edition!.Status == EditionStatus.Current)
                .OrderBy(s => s.Day).ThenBy(s => s.Starts).ThenBy(s => s.Id)
                .Select(s => new
                {
                    Session = s, Booked = db.Meetings.IgnoreQueryFilters().Count(m => m.SessionId == s.Id && m.Status != MeetingStatus.Cancelled),
                    Languages = s.Interpreters.Select(i => i.Language).ToList(),
                })
                .ToListAsync(cancellationToken);
            return sessions.Select(x => new Row(x.Session.Id, x.Session.Name, x.Session.NameZh, x.Session.Venue, x.Session.Day, x.Session.Starts,
                x.Session.Ends, x.Session.SlotMinutes, x.Session.SlotCount, x.Session.Tables, x.Booked, x.Session.ProvidesInterpreters,
                x.Languages.Order(StringComparer.Ordinal).ToList())).ToList();
        }
    }
}
