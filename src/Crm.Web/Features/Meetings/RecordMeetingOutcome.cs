using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// After a held meeting: how it went and what happens next. The pair's deal is created (at Met) or advanced to Met, or
/// lost with the reason when the sides will not go on; a deal already past Met keeps its stage. The next step becomes
/// the deal's next step and a task with its due date for the user who recorded it (the home page reminds them). Once per
/// meeting, over the version the user saw; the meeting, the deal, its stage history and the task are saved together.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager, Roles.DelegationLead, Roles.TeamMember)]
public static class RecordMeetingOutcome
{
    public sealed record Command(int MeetingId, long ExpectedVersion, MeetingOutcome Outcome, string? Notes, string? NextStep, DateOnly? NextStepDueOn)
        : IRequest<Recorded>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Meeting(MeetingId)];
    }

    /// <param name="Saved">False when someone changed the meeting after the user saw it: nothing was written.</param>
    /// <param name="DealCode">The pair's deal after the outcome (null when nothing was saved).</param>
    public sealed record Recorded(bool Saved, string? DealCode, DealStage? Stage, long Version);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text)
        {
            RuleFor(c => c.Outcome).IsInEnum().WithMessage(_ => text["OutcomeUnknown"]);
            RuleFor(c => c.Notes)
                .Must(n => !string.IsNullOrWhiteSpace(n)).When(c => c.Outcome == MeetingOutcome.NoInterest).WithMessage(_ => text["OutcomeReasonRequired"])
                .MaximumLength(Meeting.OutcomeNotesMaxLength).WithMessage(_ => text["OutcomeNotesTooLong", Meeting.OutcomeNotesMaxLength]);
            When(c => c.Outcome != MeetingOutcome.NoInterest, () =>
            {
                RuleFor(c => c.NextStep).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => text["NextStepRequired"])
                    .MaximumLength(Deal.NextStepMaxLength).WithMessage(_ => text["NextStepTooLong", Deal.NextStepMaxLength]);
                RuleFor(c => c.NextStepDueOn).NotNull().WithMessage(_ => text["NextStepDueRequired"])
                    .Must(ExpoCalendar.InRange).WithMessage(_ => text["DateOutOfRange", ExpoCalendar.Earliest.Year, ExpoCalendar.Latest.Year]);
            });
            RuleFor(c => c.MeetingId).CustomAsync(async (id, context, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var meeting = await db.Meetings.Where(m => m.Id == id).Select(m => new { m.Status, m.Outcome, m.StartsAt }).SingleOrDefaultAsync(ct);
                if (meeting is null)
                {
                    context.AddFailure(text["MeetingNotFound"]);
                }
                else if (meeting.Status != MeetingStatus.Held)
                {
                    context.AddFailure(text["OutcomeOnlyHeld"]);
                }
                else if (meeting.Outcome is not null)
                {
                    context.AddFailure(text["OutcomeRecorded"]);
                }
                else if (context.InstanceToValidate.NextStepDueOn is { } due && due < DateOnly.FromDateTime(ExpoClock.ToShanghai(meeting.StartsAt)))
                {
                    context.AddFailure(nameof(Command.NextStepDueOn), text["NextStepDueBeforeMeeting"]);
                }
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser currentUser, TimeProvider clock)
        : IRequestHandler<Command, Recorded>
    {
        /// <summary>How often a save that lost the new deal's code (or the pair's deal) to another writer tries again.</summary>
        private const int Attempts = 5;

        public async Task<Recorded> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await currentUser.GetAsync();
            for (var attempt = 1; ; attempt++)
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var meeting = await db.Meetings.Include(m => m.Match).Include(m => m.Exhibitor)
                    .SingleAsync(m => m.Id == request.MeetingId, cancellationToken);
                if (meeting.Version != request.ExpectedVersion || meeting.Outcome is not null)
                {
                    return new Recorded(false, null, null, meeting.Version);
                }
                var now = clock.GetUtcNow().UtcDateTime;
                meeting.Outcome = request.Outcome;
                meeting.OutcomeNotes = Trimmed(request.Notes);
                meeting.OutcomeRecordedAt = now;
                var deal = await PairDealAsync(db, meeting, user.UserId, now, cancellationToken);
                Advance(db, deal, meeting, request, user.UserId, now);
                if (request.Outcome != MeetingOutcome.NoInterest && DealStages.IsOpen(deal.Kind, deal.Stage))
                {
                    deal.NextStep = request.NextStep!.Trim();
                    deal.NextStepDueOn = request.NextStepDueOn;
                    db.Activities.Add(new Activity
                    {
                        Kind = ActivityKind.Task, Subject = deal.NextStep, DueOn = deal.NextStepDueOn, Deal = deal, MatchId = meeting.MatchId,
                        CompanyId = meeting.Exhibitor!.CompanyId, OwnerUserId = user.UserId, CreatedAt = now,
                        Notes = meeting.OutcomeNotes,
                    });
                }
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return new Recorded(true, deal.Code, deal.Stage, meeting.Version);
                }
                catch (DbUpdateConcurrencyException)
                {
                    await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
                    var version = await fresh.Meetings.Where(m => m.Id == request.MeetingId).Select(m => m.Version).SingleAsync(cancellationToken);
                    return new Recorded(false, null, null, version);
                }
                catch (DbUpdateException) when (attempt < Attempts)
                {
                    // Another writer took the new deal's code, or opened the pair's deal first: read again and advance theirs.
                }
            }
        }

        /// <summary>
        /// The pair's deal: the one of its match, else an open deal of the same exhibitor and counterpart in the edition
        /// (one created by hand or imported), else a new one. Looked up across everyone's deals, so none is duplicated.
        /// </summary>
        private static async Task<Deal> PairDealAsync(CrmDbContext db, Meeting meeting, string? userId, DateTime now, CancellationToken ct)
        {
            var kind = meeting.Match?.Kind ?? (meeting.BuyerId is not null ? MatchKind.Procurement : MatchKind.Investment);
            var deals = db.Deals.IgnoreQueryFilters();
            var deal = meeting.MatchId is { } matchId ? await deals.SingleOrDefaultAsync(d => d.MatchId == matchId, ct) : null;
            deal ??= await PairDeals.Of(db, meeting.EditionId, kind, meeting.ExhibitorId, meeting.BuyerId, meeting.PromotionTeamId).FirstOrDefaultAsync(ct);
            if (deal is not null)
            {
                deal.MatchId ??= meeting.MatchId;
                return deal;
            }
            var edition = await db.Editions.Where(e => e.Id == meeting.EditionId).Select(e => e.Number).SingleAsync(ct);
            deal = new Deal
            {
                Code = await SequentialCodes.NextAsync(db.Deals.IgnoreQueryFilters().Select(d => d.Code), Deal.CodePrefix(edition), Deal.CodeDigits, ct),
                EditionId = meeting.EditionId, Kind = kind, MatchId = meeting.MatchId, ExhibitorId = meeting.ExhibitorId, BuyerId = meeting.BuyerId,
                PromotionTeamId = meeting.PromotionTeamId, Stage = DealStage.MeetingScheduled, OwnerUserId = userId, CreatedAt = now, UpdatedAt = now,
            };
            db.Deals.Add(deal);
            return deal;
        }

        /// <summary>
        /// Moves the deal to where the meeting puts it: Lost when the sides will not go on; otherwise Met, unless it is
        /// already past Met or closed. A new deal's history starts at Met (or Lost).
        /// </summary>
        private static void Advance(CrmDbContext db, Deal deal, Meeting meeting, Command request, string? userId, DateTime now)
        {
            var isNew = deal.Id == 0;
            DealStage? from = isNew ? null : deal.Stage;
            var to = request.Outcome == MeetingOutcome.NoInterest ? DealStage.Lost : DealStage.Met;
            var moves = isNew
                || (DealStages.IsOpen(deal.Kind, deal.Stage)
                    && (to == DealStage.Lost || deal.Stage == DealStage.Stalled || DealStages.Track(deal.Kind).TakeWhile(s => s != DealStage.Met).Contains(deal.Stage)));
            if (!moves)
            {
                return;
            }
            deal.Stage = to;
            deal.UpdatedAt = now;
            deal.LostReason = to == DealStage.Lost ? Trimmed(request.Notes) : null;
            db.DealStageChanges.Add(new DealStageChange
            {
                // The meeting that moved it; its notes stay on the meeting (and a lost deal's reason on the deal).
                Deal = deal, FromStage = from, ToStage = to, ChangedAt = now, ChangedByUserId = userId, Note = meeting.Code,
            });
        }

        private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
