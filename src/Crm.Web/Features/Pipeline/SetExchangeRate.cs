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
/// Sets a year's yuan rate (a new year, or a revised average), and with it the US$ values of the intended and contracted
/// amounts signed in yuan in that year's editions: one save, audited. Amounts of landed and operating projects are kept
/// in US$ as converted when entered (their stage change keeps the rate used), so they stay as they are.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class SetExchangeRate
{
    public sealed record Command(int Year, decimal CnyPerUsd) : IRequest<int>, IWriteRequest;

    public const int EarliestYear = 2000, LatestYear = 2100;
    public const decimal Lowest = 1m, Highest = 20m;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<PipelineText> text)
        {
            RuleFor(c => c.Year).InclusiveBetween(EarliestYear, LatestYear).WithMessage(_ => text["RateYearOutOfRange", EarliestYear, LatestYear]);
            RuleFor(c => c.CnyPerUsd).InclusiveBetween(Lowest, Highest).WithMessage(_ => text["RateOutOfRange", Lowest, Highest]);
            RuleFor(c => c.CnyPerUsd).Must(r => decimal.Round(r, 4) == r).WithMessage(_ => text["RateDecimals"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<PipelineText> text) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var rate = await db.ExchangeRates.SingleOrDefaultAsync(r => r.Year == request.Year, cancellationToken);
            if (rate is null)
            {
                db.ExchangeRates.Add(rate = new ExchangeRate { Year = request.Year });
            }
            rate.CnyPerUsd = request.CnyPerUsd;
            var deals = await db.Deals.IgnoreQueryFilters().Where(d => d.Edition!.Year == request.Year).Where(DealRates.SignedInYuan)
                .ToListAsync(cancellationToken);
            foreach (var deal in deals)
            {
                if (deal.IntendedCurrency == DealCurrency.Cny)
                {
                    deal.IntendedValueUsd = DealRates.ToUsd(deal.IntendedValue, request.CnyPerUsd);
                }
                if (deal.ContractCurrency == DealCurrency.Cny)
                {
                    deal.ContractValueUsd = DealRates.ToUsd(deal.ContractValue, request.CnyPerUsd);
                }
            }
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // A deal moved while the rate was set: nothing is written; setting it again converts the deal as it now is.
                throw new RequestValidationException([new FluentValidation.Results.ValidationFailure(nameof(Command.CnyPerUsd), text["RateConflict"])]);
            }
            return deals.Count;
        }
    }
}
