using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Scheduling;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// Books the edition's confirmed pairs that have no meeting yet into a session's free slots and tables, with the schedule
/// optimiser: the session's meetings booked so far stay where they are (pinned), each exhibitor keeps to its meeting
/// capacity and its window of the session, each side to the slots it has free, and a pair whose languages differ meets
/// with a free interpreter when the session provides them. The value of a meeting is e^score, positive and in the order of
/// the model's score. All the meetings are written in one save, or none (someone booked in the meantime: plan again).
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class PlanSession
{
    public sealed record Command(int SessionId) : IRequest<Planned>, IWriteRequest;

    /// <param name="Booked">Meetings the plan added.</param>
    /// <param name="Candidates">Confirmed pairs without a meeting that it could choose from.</param>
    public sealed record Planned(int Booked, int Candidates, double Total, double UpperBound, double FirstComeTotal, double Gap, double FirstComeGap);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text) =>
            RuleFor(c => c.SessionId).MustBeASession(contexts, text);
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text) : IRequestHandler<Command, Planned>
    {
        /// <summary>Scores beyond this give the same value: e^score stays finite (ranking scores are single digits in practice).</summary>
        private const double MaxScore = 50;

        public async Task<Planned> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var session = await db.MatchmakingSessions.AsNoTracking().SingleAsync(s => s.Id == request.SessionId, cancellationToken);
            var edition = await db.Editions.Where(e => e.Id == session.EditionId).Select(e => e.Number).SingleAsync(cancellationToken);
            var starts = Enumerable.Range(0, session.SlotCount).Select(session.SlotStartUtc).ToList();
            var meetings = db.Meetings.IgnoreQueryFilters().Where(m => m.EditionId == session.EditionId && m.Status != MeetingStatus.Cancelled);

            // The session's meetings at its tables; those at a booth or online take only the sides' (and interpreter's) time.
            var here = await meetings.Where(m => m.SessionId == session.Id && m.Place == MeetingPlace.VenueTable)
                .Select(m => new { m.Id, m.MatchId, m.BuyerId, m.ExhibitorId, m.StartsAt, m.TableCode, m.Status, m.InterpreterId, Language = m.Interpreter!.Language })
                .ToListAsync(cancellationToken);
            var candidates = await db.Matches.IgnoreQueryFilters().AsNoTracking()
                .Where(m => m.EditionId == session.EditionId && m.Kind == MatchKind.Procurement && m.BuyerId != null
                    && m.CounterpartDecision == MatchDecision.Accepted && m.ExhibitorDecision == MatchDecision.Accepted
                    && !meetings.Any(x => x.MatchId == m.Id && MeetingStatuses.HoldingThePair.Contains(x.Status)))
                .Select(m => new
                {
                    m.Id, BuyerId = m.BuyerId!.Value, m.ExhibitorId, m.Score, m.ExhibitorDecidedAt,
                    ExhibitorLanguage = m.Exhibitor!.Company!.Country!.Language, BuyerLanguage = m.Buyer!.Company!.Country!.Language,
                })
                .ToListAsync(cancellationToken);
            // Every meeting of the session stays: as its pair, or (a no-show, whose pair may be booked again) as a stand-in
            // that keeps its slot, its table and its two sides' time.
            var pinned = here.Select(m => new
            {
                PairId = m.MatchId is { } pair && MeetingStatuses.HoldingThePair.Contains(m.Status) ? pair : -m.Id,
                BuyerId = m.BuyerId ?? -m.Id, m.ExhibitorId, m.StartsAt, m.TableCode, m.InterpreterId, m.Language,
            }).ToList();
            var buyers = candidates.Select(c => c.BuyerId).Concat(pinned.Select(p => p.BuyerId)).ToHashSet();
            var exhibitors = candidates.Select(c => c.ExhibitorId).Concat(pinned.Select(p => p.ExhibitorId)).ToHashSet();
            // What each side holds outside this session: its slots there are not free, and its meetings count against capacity.
            var elsewhere = await meetings.Where(m => m.SessionId != session.Id || m.SessionId == null || m.Place != MeetingPlace.VenueTable)
                .Where(m => (m.BuyerId != null && buyers.Contains(m.BuyerId.Value)) || exhibitors.Contains(m.ExhibitorId))
                .Select(m => new { m.BuyerId, m.ExhibitorId, m.StartsAt, m.EndsAt }).ToListAsync(cancellationToken);
            var capacity = await db.Exhibitors.IgnoreQueryFilters().Where(e => exhibitors.Contains(e.Id))
                .ToDictionaryAsync(e => e.Id, e => e.MeetingCapacity, cancellationToken);

            var windows = await db.ExhibitorAvailabilities.AsNoTracking().Where(a => a.SessionId == session.Id)
                .ToDictionaryAsync(a => a.ExhibitorId, cancellationToken);
            var interpreters = await db.SessionInterpreters.AsNoTracking().Where(i => i.SessionId == session.Id).ToListAsync(cancellationToken);

            // A side's slots are taken by its meetings elsewhere that overlap them (another session's slots may be cut differently).
            var exhibitorBusy = elsewhere.SelectMany(m => Overlapped(m.StartsAt, m.EndsAt).Select(slot => (m.ExhibitorId, slot))).ToHashSet();
            var buyerBusy = elsewhere.Where(m => m.BuyerId is not null)
                .SelectMany(m => Overlapped(m.StartsAt, m.EndsAt).Select(slot => (m.BuyerId!.Value, slot))).ToHashSet();
            // The interpreters' meetings at a booth or online in this session take their slots too.
            var interpreterBusy = (await meetings.Where(m => m.SessionId == session.Id && m.Place != MeetingPlace.VenueTable && m.InterpreterId != null)
                    .Select(m => new { InterpreterId = m.InterpreterId!.Value, m.StartsAt, m.EndsAt }).ToListAsync(cancellationToken))
                .SelectMany(m => Overlapped(m.StartsAt, m.EndsAt).Select(slot => (m.InterpreterId, slot))).ToHashSet();
            var heldElsewhere = elsewhere.CountBy(m => m.ExhibitorId).ToDictionary();
            var pinnedOf = pinned.CountBy(p => p.ExhibitorId).ToDictionary();
            IEnumerable<int> Overlapped(DateTime from, DateTime until) =>
                Enumerable.Range(0, starts.Count).Where(i => starts[i] < until && starts[i].AddMinutes(session.SlotMinutes) > from);
            var problem = new ScheduleProblem(starts.Count, session.Tables,
                candidates.Select(c => new MeetingPair(c.Id, c.BuyerId, c.ExhibitorId, Math.Exp(Math.Min(c.Score, MaxScore)))
                    {
                        Arrival = (c.ExhibitorDecidedAt ?? DateTime.MinValue).Ticks,
                        Language = Interpreting.LanguageNeeded(session, c.ExhibitorLanguage, c.BuyerLanguage),
                    })
                    .Concat(pinned.Select(p => new MeetingPair(p.PairId, p.BuyerId, p.ExhibitorId, 0) { Language = p.Language }))
                    .ToList())
            {
                Exhibitors = exhibitors.Select(e => new ExhibitorSlots(e,
                    Math.Max(pinnedOf.GetValueOrDefault(e), capacity.GetValueOrDefault(e) - heldElsewhere.GetValueOrDefault(e)),
                    SessionSlots.Open(session, windows.GetValueOrDefault(e)).Where(slot => !exhibitorBusy.Contains((e, slot))).ToList())).ToList(),
                Buyers = buyers.Select(b => new BuyerSlots(b, Enumerable.Range(0, starts.Count).Where(slot => !buyerBusy.Contains((b, slot))).ToList())).ToList(),
                Interpreters = interpreters.Select(i => new Interpreter(i.Id, i.Language,
                    Enumerable.Range(0, starts.Count).Where(slot => !interpreterBusy.Contains((i.Id, slot))).ToList())).ToList(),
                Pinned = pinned.Select(p => new PinnedMeeting(p.PairId, starts.IndexOf(p.StartsAt), TableNumber(session, p.TableCode), p.InterpreterId))
                    .ToList(),
            };
            var plan = ScheduleOptimiser.Plan(problem, cancellationToken: cancellationToken);

            var pinnedIds = pinned.Select(p => p.PairId).ToHashSet();
            var added = plan.Schedule.Meetings.Where(m => !pinnedIds.Contains(m.PairId)).ToList();
            var byId = candidates.ToDictionary(c => c.Id);
            var prefix = Meeting.CodePrefix(edition);
            var number = await SequentialCodes.NextNumberAsync(db.Meetings.IgnoreQueryFilters().Select(m => m.Code), prefix, Meeting.CodeDigits,
                cancellationToken);
            foreach (var (meeting, i) in added.Select((m, i) => (m, i)))
            {
                var pair = byId[meeting.PairId];
                db.Meetings.Add(new Meeting
                {
                    Code = SequentialCodes.Format(prefix, number + i, Meeting.CodeDigits), EditionId = session.EditionId, MatchId = pair.Id,
                    ExhibitorId = pair.ExhibitorId, BuyerId = pair.BuyerId, StartsAt = starts[meeting.Slot],
                    EndsAt = starts[meeting.Slot].AddMinutes(session.SlotMinutes), Place = MeetingPlace.VenueTable,
                    TableCode = session.TableCode(meeting.Table + 1), SessionId = session.Id, InterpreterId = meeting.InterpreterId,
                    Status = MeetingStatus.Confirmed,
                });
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                throw new RequestValidationException([new ValidationFailure(nameof(Command.SessionId), text["PlanChanged"])]);
            }
            var quality = plan.Quality;
            return new Planned(added.Count, candidates.Count, quality.Total, quality.UpperBound, quality.FirstComeTotal, quality.Gap, quality.FirstComeGap);
        }

        /// <summary>The optimiser's 0-based table of a booked table code ("A-007" → 6).</summary>
        private static int? TableNumber(MatchmakingSession session, string? code) =>
            code is not null && code.StartsWith(session.TablePrefix + "-", StringComparison.Ordinal)
            && int.TryParse(code.AsSpan(session.TablePrefix.Length + 1), out var n) ? n - 1 : null;
    }
}
