using Crm.Data;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Signings;

/// <summary>
/// Takes a deal off a signing that is not recorded yet (team members and delegation leads their own deals, managers any).
/// A deal that never signed its intent drops what was planned for the signing (value, currency, counterpart): it belonged to
/// this event. Guarded by the deal's version, and raises the event's.
/// </summary>
public static class DetachDeal
{
    public sealed record Command(int EventId, int DealId, long ExpectedVersion) : IRequest<long>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Deal(DealId)];
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<SigningsText> text, TimeProvider clock)
        : IRequestHandler<Command, long>
    {
        public async Task<long> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var signing = await db.SigningEvents.SingleOrDefaultAsync(e => e.Id == request.EventId, cancellationToken)
                ?? throw Refused(text["EventNotFound"]);
            if (signing.IsRecorded)
            {
                throw Refused(text["EventRecorded", signing.Code]);
            }
            var deal = await db.Deals.SingleAsync(d => d.Id == request.DealId, cancellationToken);
            if (deal.SigningEventId != signing.Id)
            {
                throw Refused(text["NotOnEvent", deal.Code, signing.Code]);
            }
            if (deal.Version != request.ExpectedVersion)
            {
                throw Refused(text["DealChanged", deal.Code]);
            }
            if (deal.IntendedValueUsd is null)
            {
                // Never signed (a signed intent always has its US$ value): the value, currency and counterpart were planned for this event.
                (deal.IntendedValue, deal.IntendedCurrency, deal.Counterpart) = (null, null, null);
            }
            deal.SigningEventId = null;
            deal.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            SigningEvents.Touch(db, signing);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw Refused(text["DealChanged", deal.Code]);
            }
            return deal.Version;
        }

        private static RequestValidationException Refused(string message) => new([new ValidationFailure(nameof(Command.DealId), message)]);
    }
}
