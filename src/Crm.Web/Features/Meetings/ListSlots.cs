using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// The slots of a session for one pair: when each starts (Shanghai time), how many tables are free, and whether the
/// buyer and the exhibitor are both free then. What the booking dialog offers; the booking itself checks again.
/// </summary>
public static class ListSlots
{
    public sealed record Query(int SessionId, int MatchId) : IRequest<IReadOnlyList<Row>>, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Match(MatchId)];
    }

    public sealed record Row(int Slot, DateTime StartsAt, int FreeTables, bool PairFree);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var session = await db.MatchmakingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SessionId, cancellationToken);
            var match = await db.Matches.AsNoTracking().SingleOrDefaultAsync(m => m.Id == request.MatchId, cancellationToken);
            if (session is null || match is null)
            {
                return [];
            }
            var starts = Enumerable.Range(0, session.SlotCount).Select(session.SlotStartUtc).ToList();
            var first = starts[0];
            var last = starts[^1];
            // Everyone's meetings in the session's hours (the row-level filter would hide other delegations').
            var held = await db.Meetings.IgnoreQueryFilters()
                .Where(m => m.EditionId == session.EditionId && m.Status != MeetingStatus.Cancelled && m.StartsAt >= first && m.StartsAt <= last
                    && (m.SessionId == session.Id || m.BuyerId == match.BuyerId || m.ExhibitorId == match.ExhibitorId))
                .Select(m => new { m.StartsAt, m.SessionId, m.BuyerId, m.ExhibitorId })
                .ToListAsync(cancellationToken);
            return starts.Select((at, slot) => new Row(slot, at,
                    session.Tables - held.Count(m => m.SessionId == session.Id && m.StartsAt == at),
                    !held.Any(m => m.StartsAt == at && (m.BuyerId == match.BuyerId || m.ExhibitorId == match.ExhibitorId))))
                .ToList();
        }
    }
}
