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
        /// <summary>How often a booking that lost a table to someone else tries the next free one.</summary>
        private const int Attempts = 10;

        public async Task<Booked> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var read = await contexts.CreateDbContextAsync(cancellationToken);
            var session = await read.MatchmakingSessions.AsNoTracking().SingleAsync(s => s.Id == request.SessionId, cancellationToken);
            var edition = await read.Editions.Where(e => e.Id == session.EditionId).Select(e => e.Number).SingleAsync(cancellationToken);
            var match = await read.Matches.AsNoTracking().SingleAsync(m => m.Id == request.MatchId, cancellationToken);
            var window = await read.ExhibitorAvailabilities.AsNoTracking()
                .SingleOrDefaultAsync(a => a.SessionId == session.Id && a.ExhibitorId == match.ExhibitorId, cancellationToken);
            if (!SessionSlots.Open(session, window).Contains(request.Slot))
            {
                throw Refused(nameof(Command.Slot), text["ExhibitorUnavailable", window!.From.ToString("HH:mm", null), window.Until.ToString("HH:mm", null)]);
            }
            var language = await LanguageNeededAsync(read, session, match, cancellationToken);
            var starts = session.SlotStartUtc(request.Slot);
            var ends = starts.AddMinutes(session.SlotMinutes);
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                // Who holds what is read across everyone's meetings (the row-level filter would hide other delegations').
                if (await BusyAsync(read, match, starts, ends, cancellationToken) is { } refusal)
                {
                    throw refusal;
                }
                var inSlot = read.Meetings.IgnoreQueryFilters().Where(m => m.EditionId == session.EditionId && m.StartsAt == starts && m.Status != MeetingStatus.Cancelled);
                string? table = null;
                if (request.Place == MeetingPlace.VenueTable)
                {
                    var taken = await inSlot.Where(m => m.TableCode != null).Select(m => m.TableCode!).ToListAsync(cancellationToken);
                    table = Enumerable.Range(1, session.Tables).Select(session.TableCode).FirstOrDefault(c => !taken.Contains(c))
                        ?? throw Refused(nameof(Command.Slot), text["NoTableFree"]);
                }
                SessionInterpreter? interpreter = null;
                if (language is not null)
                {
                    interpreter = await read.SessionInterpreters.AsNoTracking()
                        .Where(i => i.SessionId == session.Id && i.Language == language && !inSlot.Any(m => m.InterpreterId == i.Id))
                        .OrderBy(i => i.Id).FirstOrDefaultAsync(cancellationToken)
                        ?? throw Refused(nameof(Command.Slot), text["NoInterpreterFree", Interpreting.LanguageName(language)]);
                }
                try
                {
                    var meeting = await SequentialCodes.AddWithNextAsync(contexts, db => db.Meetings.IgnoreQueryFilters().Select(m => m.Code),
                        Meeting.CodePrefix(edition), Meeting.CodeDigits, (db, code) =>
                        {
                            var meeting = new Meeting
                            {
                                Code = code, EditionId = session.EditionId, MatchId = match.Id, ExhibitorId = match.ExhibitorId, BuyerId = match.BuyerId,
                                StartsAt = starts, EndsAt = ends, Place = request.Place, TableCode = table, SessionId = session.Id,
                                InterpreterId = interpreter?.Id, Status = MeetingStatus.Confirmed,
                            };
                            db.Meetings.Add(meeting);
                            return Task.FromResult(meeting);
                        }, cancellationToken);
                    return new Booked(meeting.Id, meeting.Code, meeting.StartsAt, meeting.Place, table, interpreter?.Name);
                }
                catch (DbUpdateException)
                {
                    // Someone booked at the same moment: the pair, the buyer or the exhibitor (the next round says so), or
                    // only this table or interpreter (the next round takes the next free one).
                }
            }
            throw Refused(nameof(Command.Slot), text["NoTableFree"]);
        }

        /// <summary>The language the pair needs an interpreter for in this session, or null (<see cref="Interpreting"/>).</summary>
        private static async Task<string?> LanguageNeededAsync(CrmDbContext db, MatchmakingSession session, Match match, CancellationToken ct)
        {
            if (!session.ProvidesInterpreters)
            {
                return null;
            }
            var languages = await db.Matches.IgnoreQueryFilters().Where(m => m.Id == match.Id)
                .Select(m => new { Exhibitor = m.Exhibitor!.Company!.Country!.Language, Buyer = m.Buyer!.Company!.Country!.Language })
                .SingleAsync(ct);
            return Interpreting.LanguageNeeded(session, languages.Exhibitor, languages.Buyer);
        }

        /// <summary>
        /// Why the pair cannot meet in this slot, or null: booked already, the buyer or the exhibitor busy then, or the
        /// exhibitor's meeting capacity for the show used up.
        /// </summary>
        private async Task<RequestValidationException?> BusyAsync(CrmDbContext db, Match match, DateTime starts, DateTime ends, CancellationToken ct)
        {
            var holding = db.Meetings.IgnoreQueryFilters().Where(m => m.Status != MeetingStatus.Cancelled);
            if (await holding.AnyAsync(m => m.MatchId == match.Id && MeetingStatuses.HoldingThePair.Contains(m.Status), ct))
            {
                return Refused(nameof(Command.MatchId), text["AlreadyBooked"]);
            }
            // Any meeting overlapping the slot, in this session or another (whose slots may be cut differently).
            var overlapping = holding.Where(m => m.StartsAt < ends && m.EndsAt > starts);
            if (await overlapping.AnyAsync(m => m.BuyerId == match.BuyerId, ct))
            {
                return Refused(nameof(Command.Slot), text["BuyerBusy"]);
            }
            if (await overlapping.AnyAsync(m => m.ExhibitorId == match.ExhibitorId, ct))
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
