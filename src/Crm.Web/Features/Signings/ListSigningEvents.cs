using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Signings;

/// <summary>
/// The collective signings of an edition (by default the current one): date, venue, how many deals and their total value
/// in US$ (and in yuan at the edition year's rate), recorded or not. The count and the total are the event's figures, the
/// ones its organisers announce, so they take in every attached deal, within the user's reach or not.
/// </summary>
public static class ListSigningEvents
{
    public sealed record Query(int? EditionNumber = null) : IRequest<Result>;

    public sealed record Result(int? EditionNumber, IReadOnlyList<int> Editions, IReadOnlyList<Row> Events, decimal? CnyPerUsd)
    {
        /// <summary>A US$ amount in yuan at the edition year's rate, or null when the year has no rate.</summary>
        public decimal? InYuan(decimal? usd) => Pipeline.DealRates.InYuan(usd, CnyPerUsd);
    }

    public sealed record Row(int Id, string Code, string Name, string NameZh, DateOnly HeldOn, string? Venue, int Deals, decimal TotalUsd, DateTime? RecordedAt);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var editions = await db.Editions.OrderByDescending(e => e.Number).Select(e => new { e.Number, e.Year, e.Status }).ToListAsync(cancellationToken);
            var edition = request.EditionNumber is { } asked
                ? editions.FirstOrDefault(e => e.Number == asked)
                : editions.FirstOrDefault(e => e.Status == EditionStatus.Current) ?? editions.FirstOrDefault();
            if (edition is null)
            {
                return new Result(null, editions.Select(e => e.Number).ToList(), [], null);
            }
            var rate = await Pipeline.DealRates.CnyPerUsdAsync(db, edition.Year, cancellationToken);
            var events = await db.SigningEvents.AsNoTracking().Where(e => e.Edition!.Number == edition.Number)
                .OrderBy(e => e.HeldOn).ThenBy(e => e.Code)
                .Select(e => new { e.Id, e.Code, e.Name, e.NameZh, e.HeldOn, e.Venue, e.RecordedAt })
                .ToListAsync(cancellationToken);
            var ids = events.Select(e => e.Id).ToList();
            var deals = (await db.Deals.IgnoreQueryFilters().AsNoTracking().Where(d => d.SigningEventId != null && ids.Contains(d.SigningEventId.Value))
                    .Select(d => new { EventId = d.SigningEventId!.Value, d.IntendedValueUsd, d.IntendedValue, d.IntendedCurrency })
                    .ToListAsync(cancellationToken))
                .ToLookup(d => d.EventId);
            var rows = events.Select(e => new Row(e.Id, e.Code, e.Name, e.NameZh, e.HeldOn, e.Venue, deals[e.Id].Count(),
                    deals[e.Id].Sum(d => SigningRules.ValueUsd(d.IntendedValueUsd, d.IntendedValue, d.IntendedCurrency, rate) ?? 0m), e.RecordedAt))
                .ToList();
            return new Result(edition.Number, editions.Select(e => e.Number).ToList(), rows, rate);
        }
    }
}
