using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Signings;

/// <summary>
/// A manager records that the signing took place. In one save: every attached deal still before Intent signed moves to
/// Intent signed on the event's day, with its planned value converted to US$ at the edition year's rate, a stage change
/// (values as the pipeline keeps them, the event's code as note) and the next step given once for all of them; deals at
/// Intent signed or later stay where they are; the event records when and by whom. The command carries the event's
/// version and each deal's version as the user saw them: if anything changed since, nothing is written and the user is
/// told. An event is recorded once; afterwards its deals no longer change.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class RecordSigning
{
    public sealed record Command(int EventId, long ExpectedVersion, IReadOnlyList<SeenDeal> Deals, string? NextStep = null, DateOnly? NextStepDueOn = null)
        : IRequest<Result>, IWriteRequest;

    /// <summary>An attached deal and the version the user saw.</summary>
    public sealed record SeenDeal(int DealId, long Version);

    /// <summary>Either recorded (with how many deals moved to Intent signed) or refused because something changed meanwhile.</summary>
    public sealed record Result(bool Recorded, int Moved, string? Conflict)
    {
        public static Result Done(int moved) => new(true, moved, null);
        public static Result Stale(string message) => new(false, 0, message);
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SigningsText> text)
        {
            RuleFor(c => c.NextStep).MaximumLength(Deal.NextStepMaxLength).WithMessage(_ => text["NextStepTooLong", Deal.NextStepMaxLength]);
            RuleFor(c => c.NextStepDueOn).Must(d => d is null || (d >= StageFacts.Earliest && d <= StageFacts.Latest))
                .WithMessage(_ => text["DateOutOfRange", StageFacts.Earliest.Year, StageFacts.Latest.Year]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser currentUser, IStringLocalizer<SigningsText> text, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var signing = await db.SigningEvents.Include(e => e.Edition).SingleOrDefaultAsync(e => e.Id == request.EventId, cancellationToken)
                ?? throw Refused(nameof(Command.EventId), text["EventNotFound"]);
            if (signing.IsRecorded)
            {
                throw Refused(nameof(Command.EventId), text["AlreadyRecorded", signing.Code]);
            }
            var deals = await db.Deals.Where(d => d.SigningEventId == signing.Id).OrderBy(d => d.Code).ToListAsync(cancellationToken);
            var seen = request.Deals.DistinctBy(d => d.DealId).ToDictionary(d => d.DealId, d => d.Version);
            if (signing.Version != request.ExpectedVersion || deals.Count != seen.Count
                || deals.Any(d => !seen.TryGetValue(d.Id, out var version) || version != d.Version))
            {
                return Result.Stale(text["Changed", signing.Code]);
            }
            if (deals.Count == 0)
            {
                throw Refused(nameof(Command.Deals), text["NoDeals"]);
            }
            // A deal lost before it signed cannot be signed here; one that signed its intent and was lost later stays, as signed.
            if (deals.Where(d => d.Stage == DealStage.Lost && d.IntentSignedOn is null).Select(d => d.Code).ToList() is [_, ..] lost)
            {
                throw Refused(nameof(Command.Deals), text["LostOnEvent", string.Join(", ", lost)]);
            }

            var moving = deals.Where(d => SigningRules.BeforeIntent(d.Stage, d.IntentSignedOn)).ToList();
            var failures = new List<ValidationFailure>();
            if (moving.Count > 0)
            {
                if (string.IsNullOrWhiteSpace(request.NextStep))
                {
                    failures.Add(new(nameof(Command.NextStep), text["NextStepRequired"]));
                }
                if (request.NextStepDueOn is null)
                {
                    failures.Add(new(nameof(Command.NextStepDueOn), text["NextStepDueRequired"]));
                }
            }
            var rates = new Dictionary<DealCurrency, decimal>();
            foreach (var deal in moving)
            {
                if (deal.IntendedValue is not > 0m || deal.IntendedCurrency is null || string.IsNullOrWhiteSpace(deal.Counterpart))
                {
                    failures.Add(new(nameof(Command.Deals), text["IntentMissing", deal.Code]));
                }
                else if (!rates.ContainsKey(deal.IntendedCurrency.Value))
                {
                    if (await DealRates.RateAsync(db, deal.IntendedCurrency.Value, signing.Edition!.Year, cancellationToken) is { } rate)
                    {
                        rates[deal.IntendedCurrency.Value] = rate;
                    }
                    else
                    {
                        failures.Add(new(nameof(Command.Deals), text["NoRate", signing.Edition.Year]));
                    }
                }
            }
            if (failures.Count > 0)
            {
                throw new RequestValidationException(failures);
            }

            var user = await currentUser.GetAsync();
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var deal in moving)
            {
                var rate = rates[deal.IntendedCurrency!.Value];
                var from = deal.Stage;
                deal.Stage = DealStage.IntentSigned;
                deal.IntentSignedOn = signing.HeldOn;
                deal.IntendedValueUsd = DealRates.ToUsd(deal.IntendedValue, rate);
                (deal.NextStep, deal.NextStepDueOn, deal.LostReason, deal.UpdatedAt) = (request.NextStep!.Trim(), request.NextStepDueOn, null, now);
                var values = new StageValues();
                values.KeepIntent(deal);
                values.KeepCurrency(deal.IntendedCurrency.Value, rate);
                db.DealStageChanges.Add(new DealStageChange
                {
                    DealId = deal.Id,
                    FromStage = from,
                    ToStage = DealStage.IntentSigned,
                    ChangedAt = now,
                    ChangedByUserId = user.UserId,
                    Note = signing.Code,
                    Values = values.ToJson(),
                });
            }
            foreach (var deal in deals.Except(moving))
            {
                // Not changed, but guarded too: their versions go into the UPDATE, so a change in between fails the save.
                db.Entry(deal).Property(d => d.Version).IsModified = true;
            }
            (signing.RecordedAt, signing.RecordedByUserId) = (now, user.UserId);
            try
            {
                // One save, one transaction: the versions read guard every deal's and the event's UPDATE; one stale row fails it all.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Result.Stale(text["Changed", signing.Code]);
            }
            return Result.Done(moving.Count);
        }

        private static RequestValidationException Refused(string property, string message) => new([new ValidationFailure(property, message)]);
    }
}
