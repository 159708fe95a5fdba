using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Data;
using Crm.Matching.Forecast;
using Crm.Web.Features.Matching;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Forecast;

/// <summary>
/// Reads what the realisation forecast needs: the matchmaking engine's data, and every deal that signed an intent with its
/// dates, activities and held meetings. Outcomes count as known until the day by which 99 % of the days recorded on
/// deals (intents, contracts, landings, starts of works, stage changes) lie, never after today: a forecast window that ends
/// later is not complete and is not learned from. A percentile rather than the last day, so that a few fresh entries over
/// a history imported up to an earlier day (the demo seed ends on 2026-09-30) do not make its unfinished year look complete;
/// where the CRM is kept up to date it lies a few weeks before today.
/// </summary>
public static class ForecastDataLoader
{
    public static async Task<ForecastData> LoadAsync(CrmDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var matching = await MatchingDataLoader.LoadAsync(db, cancellationToken);
        var editions = await db.Editions.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Number, cancellationToken);
        var deals = await db.Deals.AsNoTracking().Where(d => d.IntentSignedOn != null)
            .Select(d => new
            {
                d.Id, d.Kind, d.EditionId, d.ExhibitorId, d.BuyerId, d.PromotionTeamId, Counterpart = d.BuyerId ?? d.PromotionTeamId, IntentSignedOn = d.IntentSignedOn!.Value,
                d.ContractSignedOn, d.LandedOn, d.StartOfWorksOn, d.Stage, d.IntendedValueUsd, d.SigningEventId,
            })
            .ToListAsync(cancellationToken);
        var lost = (await db.Set<DealStageChange>().AsNoTracking().Where(c => c.ToStage == DealStage.Lost)
                .Select(c => new { c.DealId, c.ChangedAt }).ToListAsync(cancellationToken))
            .GroupBy(c => c.DealId).ToDictionary(g => g.Key, g => DateOnly.FromDateTime(g.Max(c => c.ChangedAt)));
        var recorded = (await db.DealStageChanges.AsNoTracking().Select(c => c.ChangedAt).ToListAsync(cancellationToken))
            .Select(DateOnly.FromDateTime).ToList();
        var activities = (await db.Activities.AsNoTracking().Where(a => a.DealId != null)
                .Select(a => new { DealId = a.DealId!.Value, a.Kind, a.CreatedAt, a.CompletedAt }).ToListAsync(cancellationToken))
            .Select(a => (a.DealId, Day: a.Kind == ActivityKind.Task ? a.CompletedAt : a.CreatedAt))
            .Where(a => a.Day is not null)
            .ToLookup(a => a.DealId, a => DateOnly.FromDateTime(a.Day!.Value));
        var meetings = (await db.Meetings.AsNoTracking().Where(m => m.Status == MeetingStatus.Held)
                .Select(m => new { m.EditionId, m.ExhibitorId, m.BuyerId, m.PromotionTeamId, m.StartsAt }).ToListAsync(cancellationToken))
            .ToLookup(m => (m.EditionId, m.ExhibitorId, m.BuyerId, m.PromotionTeamId), m => DateOnly.FromDateTime(m.StartsAt));

        var inputs = new List<DealInput>(deals.Count);
        foreach (var d in deals)
        {
            recorded.AddRange(new[] { d.IntentSignedOn, d.ContractSignedOn, d.LandedOn, d.StartOfWorksOn }.OfType<DateOnly>());
            if (d.Counterpart is not { } counterpart)
            {
                continue;
            }
            var kind = MatchingDataLoader.Kind(d.Kind);
            inputs.Add(new DealInput(d.Id, kind, editions[d.EditionId], d.ExhibitorId, counterpart, d.IntentSignedOn, d.ContractSignedOn,
                kind == PairKind.Procurement ? d.ContractSignedOn : d.LandedOn,
                lost.TryGetValue(d.Id, out var lostOn) && d.Stage == DealStage.Lost ? lostOn : null,
                (double?)d.IntendedValueUsd, d.SigningEventId is not null, [.. activities[d.Id].Order()],
                [.. meetings[(d.EditionId, d.ExhibitorId, d.BuyerId, d.PromotionTeamId)].Order()]));
        }
        return new ForecastData(matching, inputs, OutcomesKnownUntil(recorded, today));
    }

    /// <summary>The day by which <see cref="KnownShare"/> of the recorded days lie (today when nothing is recorded), never after today.</summary>
    internal static DateOnly OutcomesKnownUntil(List<DateOnly> recorded, DateOnly today)
    {
        if (recorded.Count == 0)
        {
            return today;
        }
        recorded.Sort();
        var day = recorded[(int)Math.Floor(KnownShare * (recorded.Count - 1))];
        return day > today ? today : day;
    }

    public const double KnownShare = 0.99;
}
