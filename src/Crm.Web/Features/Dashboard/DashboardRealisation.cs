using System.Linq.Expressions;
using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// The realisation forecast on the dashboard (issue 10): of the deals that signed an intent, the value expected to become
/// real — 预计兑现金额 — beside the intended value and the value already realised. A deal's value is realised when its
/// contract is signed (procurement) or its project has landed (investment), and is then its contracted value, else its
/// intended value (the value the forecast weighs). The expected value of a deal is that realised value, else its forecast's
/// expected value (probability × value) while it is open, else 0 (lost, or open without a forecast yet). A kind's expected
/// value is known only while a realisation model of that kind is active: without one it is null, never a 0 that looks forecast.
/// </summary>
public static class DashboardRealisation
{
    /// <summary>
    /// The kinds with an active realisation model, their versions, and the day the newest forecast describes (null without
    /// forecasts). <see cref="Any"/> is false when no realisation model is active: the dashboard then shows no expected value.
    /// </summary>
    public sealed record Forecast(IReadOnlyList<MatchKind> Kinds, IReadOnlyList<string> Models, DateOnly? ForecastOn)
    {
        public static readonly Forecast None = new([], [], null);

        public bool Any => Kinds.Count > 0;

        public bool Covers(MatchKind kind) => Kinds.Contains(kind);
    }

    /// <summary>One kind's sums over the deals that signed an intent (in one edition, or one breakdown row of it).</summary>
    internal sealed record KindSums(string? Key, MatchKind Kind, decimal Intended, decimal Realised, decimal Forecast, int Open);

    /// <summary>What the active realisation models are, as the system knows them (not limited to the user's deals).</summary>
    internal static async Task<Forecast> ForecastAsync(CrmDbContext db, CancellationToken ct)
    {
        var active = await db.MatchModels.Forecasters().AsNoTracking().Where(m => m.IsActive)
            .OrderBy(m => m.Kind).Select(m => new { m.Kind, m.Version }).ToListAsync(ct);
        if (active.Count == 0)
        {
            return Forecast.None;
        }
        var on = await db.DealForecasts.AsNoTracking().MaxAsync(f => (DateOnly?)f.ForecastOn, ct);
        return new Forecast(active.Select(m => m.Kind).Distinct().ToList(), active.Select(m => m.Version).ToList(), on);
    }

    /// <summary>
    /// The expected value of some kinds' sums: realised + the open deals' forecasts; null when one of them has open
    /// intents and no active model (a kind without open intents needs none: its value is all realised or lost).
    /// </summary>
    internal static decimal? Expected(Forecast forecast, IEnumerable<KindSums> sums)
    {
        var list = sums.ToList();
        if (!forecast.Any || list.Any(s => s.Open > 0 && !forecast.Covers(s.Kind)))
        {
            return null;
        }
        return list.Sum(s => s.Realised + s.Forecast);
    }

    /// <summary>
    /// Each deal of <paramref name="deals"/> beside its forecast (a left join, so it reads the same on SQLite and SQL
    /// Server), as the values the realisation measures add up: <see cref="DealValues.Key"/> is <paramref name="key"/> of
    /// the deal (a breakdown's key; null without one). Only deals that signed an intent carry values.
    /// </summary>
    internal static IQueryable<DealValues> Values(CrmDbContext db, IQueryable<Deal> deals, Expression<Func<Deal, string?>>? key = null)
    {
        var joined = from d in deals
                     join f in db.DealForecasts on d.Id equals f.DealId into forecasts
                     from f in forecasts.DefaultIfEmpty()
                     select new DealAndForecast { Deal = d, Forecast = f };
        // Realised: contract signed (procurement) or project landed (investment). Open: neither realised nor lost.
        Expression<Func<DealAndForecast, string?, DealValues>> values = (x, k) => new DealValues
        {
            Key = k,
            Kind = x.Deal.Kind,
            Intended = x.Deal.IntentSignedOn != null ? x.Deal.IntendedValueUsd ?? 0m : 0m,
            Realised = x.Deal.IntentSignedOn != null
                && (x.Deal.Kind == MatchKind.Procurement ? x.Deal.ContractSignedOn != null : x.Deal.LandedOn != null)
                ? x.Deal.ContractValueUsd ?? x.Deal.IntendedValueUsd ?? 0m : 0m,
            Forecast = x.Deal.IntentSignedOn != null && x.Deal.Stage != DealStage.Lost
                && (x.Deal.Kind == MatchKind.Procurement ? x.Deal.ContractSignedOn == null : x.Deal.LandedOn == null)
                ? x.Forecast!.ExpectedValueUsd ?? 0m : 0m,
            Open = x.Deal.IntentSignedOn != null && x.Deal.Stage != DealStage.Lost
                && (x.Deal.Kind == MatchKind.Procurement ? x.Deal.ContractSignedOn == null : x.Deal.LandedOn == null),
        };
        // The breakdown's key, written over a deal, put in place of k (its deal being x.Deal).
        var row = values.Parameters[0];
        var keyOfRow = key is null
            ? (Expression)Expression.Constant(null, typeof(string))
            : ReplacingExpressionVisitor.Replace(key.Parameters[0], Expression.Property(row, nameof(DealAndForecast.Deal)), key.Body);
        var body = ReplacingExpressionVisitor.Replace(values.Parameters[1], keyOfRow, values.Body);
        return joined.Select(Expression.Lambda<Func<DealAndForecast, DealValues>>(body, row));
    }

    /// <summary>Sums <see cref="Values"/> by kind (and key), in the database.</summary>
    internal static async Task<List<KindSums>> SumsAsync(IQueryable<DealValues> values, CancellationToken ct) =>
        await values.GroupBy(v => new { v.Key, v.Kind })
            .Select(g => new KindSums(g.Key.Key, g.Key.Kind, g.Sum(v => v.Intended), g.Sum(v => v.Realised), g.Sum(v => v.Forecast), g.Count(v => v.Open)))
            .ToListAsync(ct);

    internal sealed class DealAndForecast
    {
        public Deal Deal { get; init; } = null!;
        public DealForecast? Forecast { get; init; }
    }

    internal sealed class DealValues
    {
        public string? Key { get; init; }
        public MatchKind Kind { get; init; }
        public decimal Intended { get; init; }
        public decimal Realised { get; init; }
        public decimal Forecast { get; init; }
        public bool Open { get; init; }
    }
}
