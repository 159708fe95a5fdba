using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Data;
using Crm.Matching.Forecast;
using Crm.Web.Features.Matching;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Forecast;

/// <summary>
/// Reads what the realisation forecast needs: the matchmaking engine's data, and every deal that signed an intent with its
/// dates, activities and held meetings. Outcomes count as known until the last day anything was recorded on a deal
/// (never after today): a forecast window that ends later is not complete and is not learned from.
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
        var lastChange = await db.Set<DealStageChange>().AsNoTracking().MaxAsync(c => (DateTime?)c.ChangedAt, cancellationToken);
        var activities = (await db.Activities.AsNoTracking().Where(a => a.DealId != null)
                .Select(a => new { DealId = a.DealId!.Value, a.Kind, a.CreatedAt, a.CompletedAt }).ToListAsync(cancellationToken))
            .Select(a => (a.DealId, Day: a.Kind == ActivityKind.Task ? a.CompletedAt : a.CreatedAt))
            .Where(a => a.Day is not null)
            .ToLookup(a => a.DealId, a => DateOnly.FromDateTime(a.Day!.Value));
        var meetings = (await db.Meetings.AsNoTracking().Where(m => m.Status == MeetingStatus.Held)
                .Select(m => new { m.EditionId, m.ExhibitorId, m.BuyerId, m.PromotionTeamId, m.StartsAt }).ToListAsync(cancellationToken))
            .ToLookup(m => (m.EditionId, m.ExhibitorId, m.BuyerId, m.PromotionTeamId), m => DateOnly.FromDateTime(m.StartsAt));

        var inputs = new List<DealInput>(deals.Count);
        var latest = lastChange is { } changed ? DateOnly.FromDateTime(changed) : DateOnly.MinValue;
        foreach (var d in deals)
        {
            latest = Max(latest, d.IntentSignedOn, d.ContractSignedOn, d.LandedOn, d.StartOfWorksOn);
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
        var known = latest == DateOnly.MinValue || latest > today ? today : latest;
        return new ForecastData(matching, inputs, known);
    }

    private static DateOnly Max(DateOnly latest, params DateOnly?[] days)
    {
        foreach (var day in days)
        {
            if (day is { } d && d > latest)
            {
                latest = d;
            }
        }
        return latest;
    }
}
