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
/// Puts a deal on a planned signing. The deal must be within the user's reach (team members and delegation leads attach
/// their own, managers any), of the event's edition, open, and on no other event. A deal that has not reached Intent
/// signed brings what its intent will say (intended value, currency, counterpart); the signed value in US$ is only set
/// when the signing is recorded. The deal's version guards the save; the event's version is raised, so a recording
/// in between fails rather than missing the deal.
/// </summary>
public static class AttachDeal
{
    public sealed record Command(int EventId, int DealId, long ExpectedVersion, decimal? IntendedValue = null, DealCurrency? Currency = null,
        string? Counterpart = null) : IRequest<long>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Deal(DealId)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<SigningsText> text)
        {
            RuleFor(c => c.IntendedValue).LessThanOrEqualTo(StageFacts.MaxAmount).WithMessage(_ => text["AmountTooLarge"]);
            RuleFor(c => c.Currency).IsInEnum().WithMessage(_ => text["CurrencyRequired"]);
            RuleFor(c => c.Counterpart).MaximumLength(Deal.NameMaxLength).WithMessage(_ => text["CounterpartTooLong", Deal.NameMaxLength]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<SigningsText> text, TimeProvider clock)
        : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var signing = await db.SigningEvents.Include(e => e.Edition).SingleOrDefaultAsync(e => e.Id == request.EventId, cancellationToken)
                ?? throw Refused(nameof(Command.EventId), text["EventNotFound"]);
            if (signing.IsRecorded)
            {
                throw Refused(nameof(Command.EventId), text["EventRecorded", signing.Code]);
            }
            var deal = await db.Deals.Include(d => d.SigningEvent).SingleAsync(d => d.Id == request.DealId, cancellationToken);
            if (deal.Version != request.ExpectedVersion)
            {
                throw Refused(nameof(Command.DealId), text["DealChanged", deal.Code]);
            }
            if (deal.EditionId != signing.EditionId)
            {
                throw Refused(nameof(Command.DealId), text["OtherEdition", deal.Code]);
            }
            if (!SigningRules.Attachable(deal.Kind, deal.Stage))
            {
                throw Refused(nameof(Command.DealId), text["DealClosed", deal.Code]);
            }
            if (deal.SigningEvent is { } other)
            {
                throw Refused(nameof(Command.DealId), other.Id == signing.Id ? text["AlreadyAttached", deal.Code] : text["OnAnotherEvent", deal.Code, other.Code]);
            }
            if (SigningRules.BeforeIntent(deal.Stage, deal.IntentSignedOn))
            {
                // What the intent will say, kept on the deal until the signing is recorded.
                var failures = new List<ValidationFailure>();
                if (request.IntendedValue is not > 0m)
                {
                    failures.Add(new(nameof(Command.IntendedValue), text["IntendedValueRequired", deal.Code]));
                }
                if (request.Currency is null)
                {
                    failures.Add(new(nameof(Command.Currency), text["CurrencyRequired"]));
                }
                else if (await DealRates.RateAsync(db, request.Currency.Value, signing.Edition!.Year, cancellationToken) is null)
                {
                    failures.Add(new(nameof(Command.Currency), text["NoRate", signing.Edition.Year]));
                }
                if (string.IsNullOrWhiteSpace(request.Counterpart))
                {
                    failures.Add(new(nameof(Command.Counterpart), text["CounterpartRequired", deal.Code]));
                }
                if (failures.Count > 0)
                {
                    throw new RequestValidationException(failures);
                }
                (deal.IntendedValue, deal.IntendedCurrency, deal.Counterpart) = (request.IntendedValue, request.Currency, request.Counterpart!.Trim());
            }
            deal.SigningEventId = signing.Id;
            deal.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            SigningEvents.Touch(db, signing);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw Refused(nameof(Command.DealId), text["DealChanged", deal.Code]);
            }
            return deal.Version;
        }

        private static RequestValidationException Refused(string property, string message) => new([new ValidationFailure(property, message)]);
    }
}
