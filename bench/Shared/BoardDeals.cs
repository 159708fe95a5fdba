using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bench;

/// <summary>
/// Issue 7's board target: a team with 2,000 open deals. The seed's largest team has a few hundred, so the benchmarks
/// give one team (the first by code) 2,000 open investment deals of the current edition (codes DBENCH-…, added once to
/// the bench file). Shared by the server's benchmark (Crm.Web.Bench) and the browser's (Crm.Board.Bench).
/// </summary>
internal static class BoardDeals
{
    public const string CodePrefix = "DBENCH-";

    /// <summary>Adds the deals unless they are there; returns the team and the current edition's id and number.</summary>
    public static async Task<(int TeamId, int EditionId, int EditionNumber)> EnsureAsync(CrmDbContext db)
    {
        var team = await db.PromotionTeams.OrderBy(t => t.Code).Select(t => t.Id).FirstAsync();
        var current = await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => new { e.Id, e.Number }).SingleAsync();
        if (!await db.Deals.AnyAsync(d => d.Code.StartsWith(CodePrefix)))
        {
            var exhibitors = await db.Exhibitors.Where(e => e.EditionId == current.Id).OrderBy(e => e.Id).Select(e => e.Id).Take(2_000).ToListAsync();
            var open = new[] { DealStage.Contacted, DealStage.Met, DealStage.Met, DealStage.IntentSigned, DealStage.ContractSigned, DealStage.Landed, DealStage.Stalled };
            db.Deals.AddRange(Enumerable.Range(0, 2_000).Select(i => new Deal
            {
                Code = $"{CodePrefix}{i:0000}", EditionId = current.Id, Kind = MatchKind.Investment, ExhibitorId = exhibitors[i % exhibitors.Count],
                PromotionTeamId = team, Stage = open[i % open.Length], IntendedValueUsd = open[i % open.Length] >= DealStage.IntentSigned ? 1_000_000m + i : null,
                NextStep = i % 5 == 0 ? null : "Call the investor", NextStepDueOn = i % 5 == 0 ? null : new DateOnly(2026, 11, 1).AddDays(i % 60),
                CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            }));
            await db.SaveChangesAsync();
        }
        return (team, current.Id, current.Number);
    }
}
