using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// The slots of a session for one pair: when each starts (Shanghai time), how many tables are free, whether both sides
/// are free then (the exhibitor inside its window of the session, neither in an overlapping meeting), and whether an
/// interpreter is free when the pair needs one. What the booking dialog offers; the booking itself checks again.
/// </summary>
public static class ListSlots
{
    /// <param name="Moving">A meeting of the pair being moved: its own slot, table and interpreter count as free.</param>
    public sealed record Query(int SessionId, int MatchId, int? Moving = null) : IRequest<IReadOnlyList<Row>>, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Match(MatchId)];
    }

    /// <param name="InterpreterFree">Null when the pair needs no interpreter in this session.</param>
    public sealed record Row(int Slot, DateTime StartsAt, int FreeTables, bool PairFree, bool? InterpreterFree)
    {
        public bool Bookable(MeetingPlace place) => PairFree && InterpreterFree != false && (place != MeetingPlace.VenueTable || FreeTables > 0);
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var session = await db.MatchmakingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SessionId, cancellationToken);
            var match = await db.Matches.AsNoTracking().Where(m => m.Id == request.MatchId)
                .Select(m => new { m.BuyerId, m.ExhibitorId, ExhibitorLanguage = m.Exhibitor!.Company!.Country!.Language, BuyerLanguage = m.Buyer!.Company!.Country!.Language })
                .SingleOrDefaultAsync(cancellationToken);
            if (session is null || match is null)
            {
                return [];
            }
            var starts = Enumerable.Range(0, session.SlotCount).Select(session.SlotStartUtc).ToList();
            var (first, last) = (starts[0], starts[^1].AddMinutes(session.SlotMinutes));
            // Everyone's meetings in the session's hours (the row-level filter would hide other delegations').
            var held = await db.Meetings.IgnoreQueryFilters()
                .Where(m => m.EditionId == session.EditionId && m.Status != MeetingStatus.Cancelled && m.Id != request.Moving && m.StartsAt < last && m.EndsAt > first
                    && (m.SessionId == session.Id || m.BuyerId == match.BuyerId || m.ExhibitorId == match.ExhibitorId))
                .Select(m => new { m.StartsAt, m.EndsAt, m.SessionId, m.Place, m.BuyerId, m.ExhibitorId, m.InterpreterId })
                .ToListAsync(cancellationToken);
            var window = await db.ExhibitorAvailabilities.AsNoTracking()
                .SingleOrDefaultAsync(a => a.SessionId == session.Id && a.ExhibitorId == match.ExhibitorId, cancellationToken);
            var open = SessionSlots.Open(session, window);
            var language = Interpreting.LanguageNeeded(session, match.ExhibitorLanguage, match.BuyerLanguage);
            var interpreters = language is null
                ? []
                : await db.SessionInterpreters.Where(i => i.SessionId == session.Id && i.Language == language).Select(i => i.Id).ToListAsync(cancellationToken);
            return starts.Select((at, slot) =>
                {
                    var ends = at.AddMinutes(session.SlotMinutes);
                    var inSlot = held.Where(m => m.StartsAt < ends && m.EndsAt > at).ToList();
                    return new Row(slot, at,
                        session.Tables - inSlot.Count(m => m.SessionId == session.Id && m.Place == MeetingPlace.VenueTable),
                        open.Contains(slot) && !inSlot.Any(m => m.BuyerId == match.BuyerId || m.ExhibitorId == match.ExhibitorId),
                        language is null ? null : interpreters.Any(i => !inSlot.Any(m => m.InterpreterId == i)));
                })
                .ToList();
        }
    }
}
