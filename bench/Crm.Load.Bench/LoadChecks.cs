using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Load;

public sealed record Sample(string Kind, int Status, double Milliseconds);

public sealed record AckedBooking(int MeetingId, string Code, int MatchId, int SessionId, DateTime StartsAt);

public sealed record AckedMove(int DealId, DealStage From, DealStage To, long Version);

/// <summary>One invariant checked after the run: its name, whether it holds, and what was found.</summary>
public sealed record Check(string Name, bool Holds, string Found);

/// <summary>
/// What must hold in the database after the run (and the kill): every acknowledged booking and stage move is there as
/// acknowledged, no buyer, exhibitor or table is in two meetings at once and no pair meets twice, every deal's stage
/// history ends at its stage, and every write of the run has its audit entry.
/// </summary>
public static class LoadChecks
{
    public static async Task<IReadOnlyList<Check>> RunAsync(SystemContextFactory contexts, Baseline baseline, IReadOnlyList<AckedBooking> bookings,
        IReadOnlyList<AckedMove> moves)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var checks = new List<Check>();

        var meetings = await db.Meetings.IgnoreQueryFilters().AsNoTracking().Where(m => m.Id > baseline.MaxMeetingId)
            .Select(m => new { m.Id, m.Code, m.MatchId, m.SessionId, m.StartsAt, m.Status }).ToDictionaryAsync(m => m.Id);
        var missing = bookings.Count(b => !meetings.TryGetValue(b.MeetingId, out var m)
            || (m.Code, m.MatchId, m.SessionId, m.StartsAt, m.Status) != (b.Code, (int?)b.MatchId, (int?)b.SessionId, b.StartsAt, MeetingStatus.Confirmed));
        checks.Add(new Check("every acknowledged booking is in the database as acknowledged", missing == 0,
            $"{bookings.Count} acknowledged, {missing} missing or different; {meetings.Count - bookings.Count} written but not acknowledged (in flight at the kill)"));

        var holding = db.Meetings.IgnoreQueryFilters().Where(m => m.EditionId == baseline.Edition && m.Status != MeetingStatus.Cancelled);
        var buyerTwice = await holding.GroupBy(m => new { m.BuyerId, m.StartsAt }).CountAsync(g => g.Count() > 1);
        var exhibitorTwice = await holding.GroupBy(m => new { m.ExhibitorId, m.StartsAt }).CountAsync(g => g.Count() > 1);
        var tableTwice = await holding.Where(m => m.TableCode != null).GroupBy(m => new { m.SessionId, m.TableCode, m.StartsAt }).CountAsync(g => g.Count() > 1);
        var pairTwice = await holding.Where(m => m.MatchId != null && m.Status != MeetingStatus.NoShow).GroupBy(m => m.MatchId).CountAsync(g => g.Count() > 1);
        checks.Add(new Check("no double booking (buyer, exhibitor or table twice in a slot; a pair met twice)",
            buyerTwice + exhibitorTwice + tableTwice + pairTwice == 0,
            $"buyer {buyerTwice}, exhibitor {exhibitorTwice}, table {tableTwice}, pair {pairTwice}"));

        var changes = await db.DealStageChanges.IgnoreQueryFilters().AsNoTracking().Where(c => c.Id > baseline.MaxStageChangeId)
            .Select(c => new { c.Id, c.DealId, c.FromStage, c.ToStage }).ToListAsync();
        var changed = changes.GroupBy(c => c.DealId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id).ToList());
        var lostMoves = moves.GroupBy(m => m.DealId).Sum(g =>
            !changed.TryGetValue(g.Key, out var history) ? g.Count()
            : Math.Max(0, g.Count() - history.Count) + g.Count(m => !history.Any(c => c.FromStage == m.From && c.ToStage == m.To)));
        checks.Add(new Check("every acknowledged stage move is in the deal's stage history", lostMoves == 0,
            $"{moves.Count} acknowledged, {lostMoves} missing; {changes.Count - moves.Count} written but not acknowledged (in flight at the kill)"));

        var dealIds = changed.Keys.ToList();
        var deals = await db.Deals.IgnoreQueryFilters().AsNoTracking().Where(d => dealIds.Contains(d.Id)).Select(d => new { d.Id, d.Stage, d.Version }).ToListAsync();
        var broken = deals.Count(d =>
        {
            var history = changed[d.Id];
            var chained = history.Zip(history.Skip(1)).All(p => p.First.ToStage == p.Second.FromStage);
            return history[^1].ToStage != d.Stage || !chained;
        });
        var behind = moves.GroupBy(m => m.DealId).Count(g => deals.Single(d => d.Id == g.Key).Version < g.Max(m => m.Version));
        checks.Add(new Check("each moved deal's history is a chain ending at its stage, and its version is at least the last acknowledged",
            broken + behind == 0, $"{deals.Count} deals moved, {broken} with a broken history, {behind} behind an acknowledged version"));

        var audited = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking().Where(a => a.Id > baseline.MaxAuditId && a.Action == AuditAction.Created
                && (a.EntityType == nameof(Meeting) || a.EntityType == nameof(DealStageChange)))
            .Select(a => new { a.EntityType, a.EntityKey, a.UserName }).ToListAsync();
        var auditedMeetings = audited.Where(a => a.EntityType == nameof(Meeting)).Select(a => a.EntityKey).ToHashSet();
        var auditedChanges = audited.Where(a => a.EntityType == nameof(DealStageChange)).Select(a => a.EntityKey).ToHashSet();
        var unaudited = meetings.Keys.Count(id => !auditedMeetings.Contains(id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            + changes.Count(c => !auditedChanges.Contains(c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var anonymous = audited.Count(a => string.IsNullOrEmpty(a.UserName));
        checks.Add(new Check("every meeting and stage change written has its audit entry, with the user", unaudited + anonymous == 0,
            $"{meetings.Count + changes.Count} written, {unaudited} without an audit entry, {anonymous} entries without a user"));

        var integrity = await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync();
        checks.Add(new Check("the database file is intact (PRAGMA integrity_check)", integrity is ["ok"], string.Join("; ", integrity)));
        return checks;
    }
}
