using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// Adjusting by hand: a booked meeting moves to another slot, place or session of the edition in one step. The old
/// meeting is cancelled and the new one booked in one transaction, so the pair never loses its slot to a failed move:
/// if the new slot is refused (the same reasons as booking) or taken at the same moment, nothing changes. Only over the
/// version the user saw.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager, Roles.DelegationLead)]
public static class MoveMeeting
{
    public sealed record Command(int MeetingId, long ExpectedVersion, int SessionId, int Slot, MeetingPlace Place = MeetingPlace.VenueTable)
        : IRequest<Moved>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Meeting(MeetingId)];
    }

    /// <param name="Meeting">The meeting in its new slot; null when someone changed the old one after the user saw it (nothing was written).</param>
    public sealed record Moved(BookMeeting.Booked? Meeting)
    {
        public bool Saved => Meeting is not null;
    }


    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text)
        {
            RuleFor(c => c.Place).IsInEnum().WithMessage(_ => text["PlaceUnknown"]);
            RuleFor(c => c.MeetingId).CustomAsync(async (id, context, ct) =>
            {
                var command = context.InstanceToValidate;
                await using var db = await contexts.CreateDbContextAsync(ct);
                var meeting = await db.Meetings.Where(m => m.Id == id).Select(m => new { m.Status, m.MatchId, m.EditionId }).SingleOrDefaultAsync(ct);
                if (meeting is null)
                {
                    context.AddFailure(text["MeetingNotFound"]);
                    return;
                }
                if (!MeetingStatuses.Open.Contains(meeting.Status))
                {
                    context.AddFailure(text["MeetingSettled", text["Status_" + meeting.Status]]);
                }
                else if (meeting.MatchId is null)
                {
                    context.AddFailure(text["MeetingWithoutPair"]);
                }
                var session = await db.MatchmakingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == command.SessionId && s.EditionId == meeting.EditionId, ct);
                if (session is null)
                {
                    context.AddFailure(nameof(Command.SessionId), text["SessionNotFound"]);
                }
                else if (command.Slot < 0 || command.Slot >= session.SlotCount)
                {
                    context.AddFailure(nameof(Command.Slot), text["SlotOutOfRange", session.SlotCount]);
                }
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text) : IRequestHandler<Command, Moved>
    {
        /// <summary>How often a move that lost its new table or interpreter to someone else tries the next free one.</summary>
        private const int Attempts = 10;

        public async Task<Moved> Handle(Command request, CancellationToken cancellationToken)
        {
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var old = await db.Meetings.SingleAsync(m => m.Id == request.MeetingId, cancellationToken);
                if (old.Version != request.ExpectedVersion || !MeetingStatuses.Open.Contains(old.Status))
                {
                    return new Moved(null);
                }
                try
                {
                    // Cancelled first, inside the transaction: the old slot, table and interpreter free up for the new one
                    // (the pair may even stay in its slot at another place), and a refusal below rolls it back.
                    old.Status = MeetingStatus.Cancelled;
                    await db.SaveChangesAsync(cancellationToken);
                    var target = await SlotBooking.TargetAsync(db, text, request.SessionId, old.MatchId!.Value, request.Slot, request.Place, cancellationToken);
                    var seat = await SlotBooking.SeatAsync(db, text, target, cancellationToken);
                    var code = await SequentialCodes.NextAsync(db.Meetings.IgnoreQueryFilters().Select(m => m.Code), Meeting.CodePrefix(target.Edition),
                        Meeting.CodeDigits, cancellationToken);
                    var moved = db.Meetings.Add(SlotBooking.Meeting(target, seat, code)).Entity;
                    await db.SaveChangesAsync(cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                    return new Moved(new BookMeeting.Booked(moved.Id, moved.Code, moved.StartsAt, moved.Place, moved.TableCode, seat.Interpreter?.Name));
                }
                catch (DbUpdateConcurrencyException)
                {
                    return new Moved(null);
                }
                catch (DbUpdateException)
                {
                    // Someone took the table, the interpreter or the code at the same moment: roll back and choose again.
                    if (attempt == Attempts)
                    {
                        throw SlotBooking.Refused(nameof(Command.Slot), text["NoTableFree"]);
                    }
                }
            }
        }
    }
}
