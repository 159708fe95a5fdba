using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// Putting a confirmed pair into a slot of a session, shared by booking and moving a meeting: the exhibitor's window, the
/// pair's and both sides' time (any overlapping meeting, in this session or another), the exhibitor's capacity, the
/// first free table (at a table) and a free interpreter of the exhibitor's language when the session provides them and
/// the sides' languages differ. Reads everyone's meetings (the row-level filter would hide other delegations'). The
/// database's unique indexes stay the last word: a seat chosen here can still be lost to a booking at the same moment.
/// </summary>
internal static class SlotBooking
{
    /// <summary>Where a pair is to meet: the session, its slot's times, the place, and what the pair needs there.</summary>
    public sealed record Target(MatchmakingSession Session, int Edition, Match Match, DateTime StartsAt, DateTime EndsAt, MeetingPlace Place,
        string? Language);

    /// <summary>A free seat: the table (null at a booth or online) and the interpreter (null when none is needed).</summary>
    public sealed record Seat(string? TableCode, SessionInterpreter? Interpreter);

    /// <summary>Reads the session, the pair and what it needs; refuses a slot outside the exhibitor's window.</summary>
    public static async Task<Target> TargetAsync(CrmDbContext db, IStringLocalizer<MeetingsText> text, int sessionId, int matchId, int slot,
        MeetingPlace place, CancellationToken ct)
    {
        var session = await db.MatchmakingSessions.AsNoTracking().SingleAsync(s => s.Id == sessionId, ct);
        var edition = await db.Editions.Where(e => e.Id == session.EditionId).Select(e => e.Number).SingleAsync(ct);
        var match = await db.Matches.IgnoreQueryFilters().AsNoTracking().SingleAsync(m => m.Id == matchId, ct);
        var window = await db.ExhibitorAvailabilities.AsNoTracking()
            .SingleOrDefaultAsync(a => a.SessionId == session.Id && a.ExhibitorId == match.ExhibitorId, ct);
        if (!SessionSlots.Open(session, window).Contains(slot))
        {
            throw Refused("Slot", text["ExhibitorUnavailable", window!.From.ToString("HH:mm", null), window.Until.ToString("HH:mm", null)]);
        }
        string? language = null;
        if (session.ProvidesInterpreters)
        {
            var languages = await db.Matches.IgnoreQueryFilters().Where(m => m.Id == match.Id)
                .Select(m => new { Exhibitor = m.Exhibitor!.Company!.Country!.Language, Buyer = m.Buyer!.Company!.Country!.Language })
                .SingleAsync(ct);
            language = Interpreting.LanguageNeeded(session, languages.Exhibitor, languages.Buyer);
        }
        var starts = session.SlotStartUtc(slot);
        return new Target(session, edition, match, starts, starts.AddMinutes(session.SlotMinutes), place, language);
    }

    /// <summary>
    /// A free seat for the pair in the slot, or a refusal saying why not: booked already, the buyer or the exhibitor busy
    /// then, the exhibitor's meeting capacity for the show used up, no table or no interpreter free.
    /// </summary>
    public static async Task<Seat> SeatAsync(CrmDbContext db, IStringLocalizer<MeetingsText> text, Target target, CancellationToken ct)
    {
        var (session, match) = (target.Session, target.Match);
        var holding = db.Meetings.IgnoreQueryFilters().Where(m => m.Status != MeetingStatus.Cancelled);
        if (await holding.AnyAsync(m => m.MatchId == match.Id && MeetingStatuses.HoldingThePair.Contains(m.Status), ct))
        {
            throw Refused("MatchId", text["AlreadyBooked"]);
        }
        var overlapping = holding.Where(m => m.StartsAt < target.EndsAt && m.EndsAt > target.StartsAt);
        if (await overlapping.AnyAsync(m => m.BuyerId == match.BuyerId, ct))
        {
            throw Refused("Slot", text["BuyerBusy"]);
        }
        if (await overlapping.AnyAsync(m => m.ExhibitorId == match.ExhibitorId, ct))
        {
            throw Refused("Slot", text["ExhibitorBusy"]);
        }
        // Every meeting not cancelled took the exhibitor's time, a no-show too.
        var capacity = await db.Exhibitors.IgnoreQueryFilters().Where(e => e.Id == match.ExhibitorId).Select(e => e.MeetingCapacity).SingleAsync(ct);
        if (await holding.CountAsync(m => m.ExhibitorId == match.ExhibitorId, ct) >= capacity)
        {
            throw Refused("MatchId", text["ExhibitorFull", capacity]);
        }
        var inSlot = holding.Where(m => m.EditionId == session.EditionId && m.StartsAt == target.StartsAt);
        string? table = null;
        if (target.Place == MeetingPlace.VenueTable)
        {
            var taken = await inSlot.Where(m => m.TableCode != null).Select(m => m.TableCode!).ToListAsync(ct);
            table = Enumerable.Range(1, session.Tables).Select(session.TableCode).FirstOrDefault(c => !taken.Contains(c))
                ?? throw Refused("Slot", text["NoTableFree"]);
        }
        SessionInterpreter? interpreter = null;
        if (target.Language is { } language)
        {
            interpreter = await db.SessionInterpreters.AsNoTracking()
                .Where(i => i.SessionId == session.Id && i.Language == language && !inSlot.Any(m => m.InterpreterId == i.Id))
                .OrderBy(i => i.Id).FirstOrDefaultAsync(ct)
                ?? throw Refused("Slot", text["NoInterpreterFree", Interpreting.LanguageName(language)]);
        }
        return new Seat(table, interpreter);
    }

    /// <summary>The confirmed meeting of the pair in the seat, with its code.</summary>
    public static Meeting Meeting(Target target, Seat seat, string code) => new()
    {
        Code = code, EditionId = target.Session.EditionId, MatchId = target.Match.Id, ExhibitorId = target.Match.ExhibitorId, BuyerId = target.Match.BuyerId,
        StartsAt = target.StartsAt, EndsAt = target.EndsAt, Place = target.Place, TableCode = seat.TableCode, SessionId = target.Session.Id,
        InterpreterId = seat.Interpreter?.Id, Status = MeetingStatus.Confirmed,
    };

    public static RequestValidationException Refused(string property, string message) =>
        new([new ValidationFailure(property, message) { ErrorCode = Api.ApiErrors.Conflict }]);
}
