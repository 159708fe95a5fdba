using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Pipeline;

/// <summary>The yuan rates by year, with the editions held that year and how many deals were signed in yuan there.</summary>
public static class ListExchangeRates
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Year, decimal CnyPerUsd, IReadOnlyList<int> Editions, int DealsInYuan);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var rates = await db.ExchangeRates.AsNoTracking().OrderByDescending(r => r.Year).ToListAsync(cancellationToken);
            var editions = (await db.Editions.AsNoTracking().Select(e => new { e.Year, e.Number }).ToListAsync(cancellationToken)).ToLookup(e => e.Year, e => e.Number);
            // Counted across the row filter: the rate is everyone's, and so is what changing it touches.
            var inYuan = await db.Deals.IgnoreQueryFilters().Where(DealRates.SignedInYuan)
                .GroupBy(d => d.Edition!.Year).Select(g => new { Year = g.Key, Deals = g.Count() }).ToDictionaryAsync(g => g.Year, g => g.Deals, cancellationToken);
            return rates.Select(r => new Row(r.Year, r.CnyPerUsd, editions[r.Year].Order().ToList(), inYuan.GetValueOrDefault(r.Year))).ToList();
        }
    }
}
