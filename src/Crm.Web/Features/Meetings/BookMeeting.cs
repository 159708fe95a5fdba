using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Proposals;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// Books a pair both sides accepted into a slot of a session, at the first free table. The database guarantees that no
/// buyer, exhibitor or table is in two meetings of one slot and that a pair meets once: of bookings made at the same
/// moment exactly one wins, and the others are told why, with nothing written.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager, Roles.DelegationLead)]
public static class BookMeeting
{
    public sealed record Command(int MatchId, int SessionId, int Slot) : IRequest<Booked>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Match(MatchId)];
    }

    public sealed record Booked(int MeetingId, string Code, DateTime StartsAt, string TableCode);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text, TimeProvider clock)
        {
            RuleFor(c => c.MatchId).CustomAsync(async (id, context, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var m = await db.Matches.Where(x => x.Id == id && x.Kind == MatchKind.Procurement)
                    .Select(x => new { x.CounterpartDecision, x.ExhibitorDecision, x.RequestExpiresAt }).SingleOrDefaultAsync(ct);
                if (m is null)
                {
                    context.AddFailure(text["PairNotFound"]);
                }
                else if (MatchStates.Of(m.CounterpartDecision, m.ExhibitorDecision, m.RequestExpiresAt, clock.GetUtcNow().UtcDateTime) != MatchState.Confirmed)
                {
                    context.AddFailure(text["NotConfirmed"]);
                }
            });
            RuleFor(c => c.SessionId).CustomAsync(async (id, context, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var session = await db.MatchmakingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
                if (session is null)
                {
                    context.AddFailure(text["SessionNotFound"]);
                }
                else if (context.InstanceToValidate.Slot < 0 || context.InstanceToValidate.Slot >= session.SlotCount)
                {
                    context.AddFailure(nameof(Command.Slot), text["SlotOutOfRange", session.SlotCount]);
                }
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text) : IRequestHandler<Command, Booked>
    {
        /// <summary>How often a booking that lost a table to someone else tries the next free one.</summary>
        private const int Attempts = 10;

        public async Task<Booked> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var read = await contexts.CreateDbContextAsync(cancellationToken);
            var session = await read.MatchmakingSessions.AsNoTracking().SingleAsync(s => s.Id == request.SessionId, cancellationToken);
            var edition = await read.Editions.Where(e => e.Id == session.EditionId).Select(e => e.Number).SingleAsync(cancellationToken);
            var match = await read.Matches.AsNoTracking().SingleAsync(m => m.Id == request.MatchId, cancellationToken);
            var starts = session.SlotStartUtc(request.Slot);
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                // Who holds what is read across everyone's meetings (the row-level filter would hide other delegations').
                if (await BusyAsync(read, match, starts, cancellationToken) is { } refusal)
                {
                    throw refusal;
                }
                var taken = await read.Meetings.IgnoreQueryFilters()
                    .Where(m => m.EditionId == session.EditionId && m.StartsAt == starts && m.TableCode != null && m.Status != MeetingStatus.Cancelled)
                    .Select(m => m.TableCode!).ToListAsync(cancellationToken);
                var table = Enumerable.Range(1, session.Tables).Select(session.TableCode).FirstOrDefault(c => !taken.Contains(c))
                    ?? throw Refused(nameof(Command.Slot), text["NoTableFree"]);
                try
                {
                    var meeting = await SequentialCodes.AddWithNextAsync(contexts, db => db.Meetings.IgnoreQueryFilters().Select(m => m.Code),
                        Meeting.CodePrefix(edition), Meeting.CodeDigits, (db, code) =>
                        {
                            var meeting = new Meeting
                            {
                                Code = code, EditionId = session.EditionId, MatchId = match.Id, ExhibitorId = match.ExhibitorId, BuyerId = match.BuyerId,
                                StartsAt = starts, EndsAt = starts.AddMinutes(session.SlotMinutes), Place = MeetingPlace.VenueTable, TableCode = table,
                                SessionId = session.Id, Status = MeetingStatus.Confirmed,
                            };
                            db.Meetings.Add(meeting);
                            return Task.FromResult(meeting);
                        }, cancellationToken);
                    return new Booked(meeting.Id, meeting.Code, meeting.StartsAt, table);
                }
                catch (DbUpdateException)
                {
                    // Someone booked at the same moment: the pair, the buyer or the exhibitor (the next round says so), or
                    // only this table (the next round takes the next free one).
                }
            }
            throw Refused(nameof(Command.Slot), text["NoTableFree"]);
        }

        /// <summary>
        /// Why the pair cannot meet in this slot, or null: booked already, the buyer or the exhibitor busy then, or the
        /// exhibitor's meeting capacity for the show used up.
        /// </summary>
        private async Task<RequestValidationException?> BusyAsync(CrmDbContext db, Match match, DateTime starts, CancellationToken ct)
        {
            var holding = db.Meetings.IgnoreQueryFilters().Where(m => m.Status != MeetingStatus.Cancelled);
            if (await holding.AnyAsync(m => m.MatchId == match.Id && MeetingStatuses.HoldingThePair.Contains(m.Status), ct))
            {
                return Refused(nameof(Command.MatchId), text["AlreadyBooked"]);
            }
            if (await holding.AnyAsync(m => m.BuyerId == match.BuyerId && m.StartsAt == starts, ct))
            {
                return Refused(nameof(Command.Slot), text["BuyerBusy"]);
            }
            if (await holding.AnyAsync(m => m.ExhibitorId == match.ExhibitorId && m.StartsAt == starts, ct))
            {
                return Refused(nameof(Command.Slot), text["ExhibitorBusy"]);
            }
            // Every meeting not cancelled took the exhibitor's time, a no-show too.
            var capacity = await db.Exhibitors.IgnoreQueryFilters().Where(e => e.Id == match.ExhibitorId).Select(e => e.MeetingCapacity).SingleAsync(ct);
            return await holding.CountAsync(m => m.ExhibitorId == match.ExhibitorId, ct) >= capacity
                ? Refused(nameof(Command.MatchId), text["ExhibitorFull", capacity])
                : null;
        }

        private static RequestValidationException Refused(string property, string message) => new([new ValidationFailure(property, message)]);
    }
}
