using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Proposals;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// Books a pair both sides accepted into a slot of a session: at the first free table, or at the exhibitor's booth, or
/// online; with a free interpreter of the exhibitor's language when the session provides them and the sides' languages
/// differ; only in the exhibitor's window of the session. The database guarantees that no buyer, exhibitor, table or
/// interpreter is in two meetings of one slot and that a pair meets once: of bookings made at the same moment exactly
/// one wins, and the others are told why, with nothing written.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager, Roles.DelegationLead)]
public static class BookMeeting
{
    public sealed record Command(int MatchId, int SessionId, int Slot, MeetingPlace Place = MeetingPlace.VenueTable) : IRequest<Booked>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Match(MatchId)];
    }

    /// <param name="TableCode">The venue table, or null at a booth or online.</param>
    /// <param name="Interpreter">The interpreter's name, when the meeting has one.</param>
    public sealed record Booked(int MeetingId, string Code, DateTime StartsAt, MeetingPlace Place, string? TableCode, string? Interpreter);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text, TimeProvider clock)
        {
            RuleFor(c => c.Place).IsInEnum().WithMessage(_ => text["PlaceUnknown"]);
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
        /// <summary>How often a booking that lost a table or an interpreter to someone else tries the next free one.</summary>
        private const int Attempts = 10;

        public async Task<Booked> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var read = await contexts.CreateDbContextAsync(cancellationToken);
            var target = await SlotBooking.TargetAsync(read, text, request.SessionId, request.MatchId, request.Slot, request.Place, cancellationToken);
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                var seat = await SlotBooking.SeatAsync(read, text, target, cancellationToken);
                try
                {
                    var meeting = await SequentialCodes.AddWithNextAsync(contexts, db => db.Meetings.IgnoreQueryFilters().Select(m => m.Code),
                        Meeting.CodePrefix(target.Edition), Meeting.CodeDigits,
                        (db, code) => Task.FromResult(db.Meetings.Add(SlotBooking.Meeting(target, seat, code)).Entity), cancellationToken);
                    return new Booked(meeting.Id, meeting.Code, meeting.StartsAt, meeting.Place, meeting.TableCode, seat.Interpreter?.Name);
                }
                catch (DbUpdateException)
                {
                    // Someone booked at the same moment: the pair, the buyer or the exhibitor (the next round says so), or
                    // only this table or interpreter (the next round takes the next free one).
                }
            }
            throw SlotBooking.Refused(nameof(Command.Slot), text["NoTableFree"]);
        }
    }
}
