using System.Linq.Expressions;
using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// Deal amounts in US$ and yuan: an amount in yuan is converted at the rate of the deal's edition year (table
/// <c>ExchangeRates</c>), and US$ sums are shown in yuan at the same rate.
/// </summary>
public static class DealRates
{
    /// <summary>Yuan per US$ of the year, or null when the year has no rate.</summary>
    public static Task<decimal?> CnyPerUsdAsync(CrmDbContext db, int year, CancellationToken ct) =>
        db.ExchangeRates.Where(r => r.Year == year).Select(r => (decimal?)r.CnyPerUsd).SingleOrDefaultAsync(ct);

    /// <summary>The divisor for an amount in this currency: 1 for US$, the year's rate for yuan (null: no rate).</summary>
    public static async Task<decimal?> RateAsync(CrmDbContext db, DealCurrency currency, int year, CancellationToken ct) =>
        currency == DealCurrency.Usd ? 1m : await CnyPerUsdAsync(db, year, ct);

    /// <summary>An amount divided by the rate, to the cent.</summary>
    public static decimal? ToUsd(decimal? amount, decimal rate) => amount is { } a ? Math.Round(a / rate, 2) : null;

    /// <summary>A US$ amount in yuan at a year's rate, or null when the year has no rate.</summary>
    public static decimal? InYuan(decimal? usd, decimal? cnyPerUsd) => usd * cnyPerUsd;

    /// <summary>The deals a yuan rate converts: intended or contracted values signed in yuan.</summary>
    public static readonly Expression<Func<Deal, bool>> SignedInYuan =
        d => d.IntendedCurrency == DealCurrency.Cny || d.ContractCurrency == DealCurrency.Cny;
}
