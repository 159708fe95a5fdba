using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// Moves a deal to another stage with what the stage requires (<see cref="StageFacts"/>), keeping who moved it, when,
/// from, to and the values recorded in its stage history. A move into an open stage names the next step and its due
/// date (follow-up discipline). The command carries what the user saw (kind, stage and version): if the deal changed
/// since, nothing is written and the user is told to reload.
/// </summary>
public static class MoveDealStage
{
    public sealed record Command(
        int DealId,
        long ExpectedVersion,
        MatchKind Kind,
        DealStage FromStage,
        DealStage ToStage,
        string? Reason = null,
        StageFacts? Facts = null,
        string? NextStep = null,
        DateOnly? NextStepDueOn = null) : IRequest<Result>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Deal(DealId)];

        public StageFacts Given => Facts ?? new StageFacts();
    }

    /// <summary>Either moved (with the deal's new version) or refused because the deal changed meanwhile.</summary>
    public sealed record Result(bool Moved, long Version, string? Conflict)
    {
        public static Result Done(long version) => new(true, version, null);
        public static Result Stale(string message) => new(false, 0, message);
    }

    public const int MaxReasonLength = 500;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<PipelineText> text)
        {
            RuleFor(c => c.ToStage)
                .Must((c, to) => DealStages.IsLegal(c.Kind, c.FromStage, to))
                .WithMessage(c => text["StageNotNext", text[$"Stage_{c.FromStage}"], text[$"Stage_{c.ToStage}"]]);
            RuleFor(c => c.Reason)
                .NotEmpty().When(c => DealStages.NeedsReason(c.ToStage)).WithMessage(_ => text["ReasonRequired"])
                .MaximumLength(MaxReasonLength).WithMessage(_ => text["ReasonTooLong", MaxReasonLength]);
            When(c => DealStages.IsOpen(c.Kind, c.ToStage), () =>
            {
                RuleFor(c => c.NextStep).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => text["NextStepRequired"])
                    .MaximumLength(Deal.NextStepMaxLength).WithMessage(_ => text["NextStepTooLong", Deal.NextStepMaxLength]);
                RuleFor(c => c.NextStepDueOn).NotNull().WithMessage(_ => text["NextStepDueRequired"]);
            });
            RuleFor(c => c.Given.Currency).IsInEnum().WithMessage(_ => text["CurrencyUnknown"]);
            When(c => c.ToStage is DealStage.IntentSigned or DealStage.ContractSigned, () =>
            {
                RuleFor(c => c.Given.Amount).NotNull().WithMessage(c => text[c.ToStage == DealStage.IntentSigned ? "IntendedValueRequired" : "ContractValueRequired"])
                    .GreaterThan(0m).WithMessage(c => text[c.ToStage == DealStage.IntentSigned ? "IntendedValueRequired" : "ContractValueRequired"]);
                RuleFor(c => c.Given.SignedOn).NotNull()
                    .WithMessage(c => text[c.ToStage == DealStage.IntentSigned ? "IntentDateRequired" : "ContractDateRequired"]);
            });
            When(c => c.ToStage == DealStage.IntentSigned, () =>
                RuleFor(c => c.Given.Counterpart).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["CounterpartRequired"])
                    .MaximumLength(Deal.NameMaxLength).WithMessage(_ => text["NameTooLong", Deal.NameMaxLength]));
            When(c => c.ToStage == DealStage.Landed, () =>
            {
                RuleFor(c => c.Given.RegisteredEntity).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["RegisteredEntityRequired"])
                    .MaximumLength(Deal.NameMaxLength).WithMessage(_ => text["NameTooLong", Deal.NameMaxLength]);
                RuleFor(c => c.Given.RegisteredCapital).NotNull().WithMessage(_ => text["RegisteredCapitalRequired"])
                    .GreaterThan(0m).WithMessage(_ => text["RegisteredCapitalRequired"]);
                RuleFor(c => c.Given.Capex).NotNull().WithMessage(_ => text["CapexRequired"]).GreaterThan(0m).WithMessage(_ => text["CapexRequired"]);
                RuleFor(c => c.Given.PlannedJobs).NotNull().WithMessage(_ => text["PlannedJobsRequired"])
                    .InclusiveBetween(0, StageFacts.MaxJobs).WithMessage(_ => text["JobsOutOfRange", StageFacts.MaxJobs]);
                RuleFor(c => c.Given.DistrictCode).MustAsync(async (code, ct) =>
                    {
                        await using var db = await contexts.CreateDbContextAsync(ct);
                        return !string.IsNullOrWhiteSpace(code) && await db.Districts.AnyAsync(d => d.Code == code, ct);
                    })
                    .WithMessage(_ => text["DistrictRequired"]);
                RuleFor(c => c.Given.LandedOn).NotNull().WithMessage(_ => text["LandedDateRequired"]);
                RuleFor(c => c.Given.StartOfWorksOn).NotNull().WithMessage(_ => text["StartOfWorksRequired"]);
            });
            When(c => c.ToStage == DealStage.Operational, () =>
            {
                RuleFor(c => c.Given.ActualJobs).NotNull().WithMessage(_ => text["ActualJobsRequired"])
                    .InclusiveBetween(0, StageFacts.MaxJobs).WithMessage(_ => text["JobsOutOfRange", StageFacts.MaxJobs]);
                RuleFor(c => c.Given.ActualInvestment).NotNull().WithMessage(_ => text["ActualInvestmentRequired"])
                    .GreaterThan(0m).WithMessage(_ => text["ActualInvestmentRequired"]);
            });
            // Whatever is given is in range, whichever stage asks for it.
            RuleFor(c => c.Given.Amount).LessThanOrEqualTo(StageFacts.MaxAmount).WithMessage(_ => text["AmountTooLarge"]);
            RuleFor(c => c.Given.RegisteredCapital).LessThanOrEqualTo(StageFacts.MaxAmount).WithMessage(_ => text["AmountTooLarge"]);
            RuleFor(c => c.Given.Capex).LessThanOrEqualTo(StageFacts.MaxAmount).WithMessage(_ => text["AmountTooLarge"]);
            RuleFor(c => c.Given.ActualInvestment).LessThanOrEqualTo(StageFacts.MaxAmount).WithMessage(_ => text["AmountTooLarge"]);
            RuleFor(c => c.Given.SignedOn).Must(ExpoCalendar.InRange).WithMessage(_ => text["DateOutOfRange", StageFacts.Earliest.Year, StageFacts.Latest.Year]);
            RuleFor(c => c.Given.LandedOn).Must(ExpoCalendar.InRange).WithMessage(_ => text["DateOutOfRange", StageFacts.Earliest.Year, StageFacts.Latest.Year]);
            RuleFor(c => c.Given.StartOfWorksOn).Must(ExpoCalendar.InRange).WithMessage(_ => text["DateOutOfRange", StageFacts.Earliest.Year, StageFacts.Latest.Year]);
            RuleFor(c => c.NextStepDueOn).Must(ExpoCalendar.InRange).WithMessage(_ => text["DateOutOfRange", StageFacts.Earliest.Year, StageFacts.Latest.Year]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser currentUser, IStringLocalizer<PipelineText> text, TimeProvider clock)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var deal = await db.Deals.Include(d => d.Edition).SingleOrDefaultAsync(d => d.Id == request.DealId, cancellationToken);
            if (deal is null || deal.Version != request.ExpectedVersion || deal.Stage != request.FromStage || deal.Kind != request.Kind)
            {
                return Result.Stale(text["Conflict"]);
            }
            var facts = request.Given;
            var rate = await DealRates.RateAsync(db, facts.Currency, deal.Edition!.Year, cancellationToken)
                ?? throw new RequestValidationException([new FluentValidation.Results.ValidationFailure("Currency", text["NoRate", deal.Edition!.Year])]);
            decimal? Usd(decimal? amount) => DealRates.ToUsd(amount, rate);

            var user = await currentUser.GetAsync();
            var now = clock.GetUtcNow().UtcDateTime;
            deal.Stage = request.ToStage;
            deal.UpdatedAt = now;
            deal.LostReason = DealStages.NeedsReason(request.ToStage) ? request.Reason!.Trim() : null;
            var values = new StageValues();
            void Keep(string name, object? value) => values.Keep(name, value);
            switch (request.ToStage)
            {
                case DealStage.IntentSigned:
                    (deal.IntendedValue, deal.IntendedCurrency, deal.IntendedValueUsd) = (facts.Amount, facts.Currency, Usd(facts.Amount));
                    (deal.IntentSignedOn, deal.Counterpart) = (facts.SignedOn, facts.Counterpart!.Trim());
                    values.KeepIntent(deal);
                    break;
                case DealStage.ContractSigned:
                    (deal.ContractValue, deal.ContractCurrency, deal.ContractValueUsd) = (facts.Amount, facts.Currency, Usd(facts.Amount));
                    deal.ContractSignedOn = facts.SignedOn;
                    Keep("ContractValue", facts.Amount);
                    Keep("ContractValueUsd", deal.ContractValueUsd);
                    Keep("ContractSignedOn", facts.SignedOn?.ToString("O"));
                    break;
                case DealStage.Landed:
                    (deal.RegisteredEntity, deal.DistrictCode) = (facts.RegisteredEntity!.Trim(), facts.DistrictCode);
                    (deal.RegisteredCapitalUsd, deal.CapexUsd, deal.Jobs) = (Usd(facts.RegisteredCapital), Usd(facts.Capex), facts.PlannedJobs);
                    (deal.LandedOn, deal.StartOfWorksOn) = (facts.LandedOn, facts.StartOfWorksOn);
                    Keep("RegisteredEntity", deal.RegisteredEntity);
                    Keep("DistrictCode", deal.DistrictCode);
                    Keep("RegisteredCapital", facts.RegisteredCapital);
                    Keep("RegisteredCapitalUsd", deal.RegisteredCapitalUsd);
                    Keep("Capex", facts.Capex);
                    Keep("CapexUsd", deal.CapexUsd);
                    Keep("PlannedJobs", facts.PlannedJobs);
                    Keep("LandedOn", facts.LandedOn?.ToString("O"));
                    Keep("StartOfWorksOn", facts.StartOfWorksOn?.ToString("O"));
                    break;
                case DealStage.Operational:
                    (deal.ActualJobs, deal.ActualInvestmentUsd) = (facts.ActualJobs, Usd(facts.ActualInvestment));
                    Keep("ActualJobs", facts.ActualJobs);
                    Keep("ActualInvestment", facts.ActualInvestment);
                    Keep("ActualInvestmentUsd", deal.ActualInvestmentUsd);
                    break;
            }
            values.KeepCurrency(facts.Currency, rate);
            var open = DealStages.IsOpen(deal.Kind, request.ToStage);
            (deal.NextStep, deal.NextStepDueOn) = open ? (request.NextStep!.Trim(), request.NextStepDueOn) : (null, null);
            db.DealStageChanges.Add(new DealStageChange
            {
                DealId = deal.Id,
                FromStage = request.FromStage,
                ToStage = request.ToStage,
                ChangedAt = now,
                ChangedByUserId = user.UserId,
                Note = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(),
                Values = values.ToJson(),
            });
            try
            {
                // The version the deal was read with guards the UPDATE: a save in between makes this one fail.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Result.Stale(text["Conflict"]);
            }
            return Result.Done(deal.Version);
        }
    }
}
