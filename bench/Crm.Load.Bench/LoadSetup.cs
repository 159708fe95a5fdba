using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Cli;
using Crm.Web.Features.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Load;

/// <summary>A client's identity and its share of the work: a lead's confirmed pairs, or a member's team.</summary>
public sealed record LoadUser(string UserName, string Token, bool IsLead, IReadOnlyList<int> Pairs, int TeamId, int DealEdition = 0,
    IReadOnlyList<(int Id, string Code)>? Deals = null);

/// <summary>Where the run started: ids beyond these are the run's writes.</summary>
public sealed record Baseline(int MaxMeetingId, int MaxStageChangeId, long MaxAuditId, int Edition, IReadOnlyList<int> Sessions, int Slots);

/// <summary>
/// Prepares a copy of the full seed for a run: sessions of the current edition with many tables, confirmed pairs for
/// the delegation leads' buyers (what both sides' acceptances leave), and API tokens for the users, made by the app's
/// own command line. Writes directly only what the run needs to exist beforehand; the run itself goes through the API.
/// </summary>
public static class LoadSetup
{
    public const string Marker = "load-bench";

    public static async Task<(IReadOnlyList<LoadUser> Users, Baseline Baseline)> PrepareAsync(SystemContextFactory contexts, string dbPath,
        int leads, int members, int pairsPerLead, int seed)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        var edition = await db.Editions.SingleAsync(e => e.Status == EditionStatus.Current);
        var random = new Random(seed);

        var sessions = new List<int>();
        for (var day = 0; day < 2; day++)
        {
            for (var hour = 9; hour <= 13; hour += 4)
            {
                var session = new MatchmakingSession
                {
                    EditionId = edition.Id, Name = $"Load {day}-{hour}", NameZh = $"压测对接会 {day}-{hour}", Venue = "国家会展中心",
                    Day = edition.StartsOn.AddDays(day), Starts = new TimeOnly(hour, 0), Ends = new TimeOnly(hour + 3, 0), SlotMinutes = 20,
                    TablePrefix = $"L{day}{hour:00}-{Guid.NewGuid().ToString("N")[..4]}", Tables = 40,
                };
                db.MatchmakingSessions.Add(session);
                await db.SaveChangesAsync();
                sessions.Add(session.Id);
            }
        }

        var users = new List<LoadUser>();
        var leadRows = await db.TradeDelegationLeads.Where(l => l.Delegation!.EditionId == edition.Id && l.Delegation.ParentId == null && l.User!.IsActive)
            .OrderBy(l => l.Delegation!.Code).Select(l => new { l.UserId, l.User!.UserName, l.DelegationId }).Take(leads).ToListAsync();
        var exhibitors = await db.Exhibitors.Where(e => e.EditionId == edition.Id).Select(e => e.Id).ToListAsync();
        foreach (var lead in leadRows)
        {
            var delegations = await db.TradeDelegations.Where(d => d.Id == lead.DelegationId || d.ParentId == lead.DelegationId).Select(d => d.Id).ToListAsync();
            var buyers = await db.Buyers.Where(b => b.EditionId == edition.Id && b.DelegationId != null && delegations.Contains(b.DelegationId.Value))
                .Select(b => b.Id).ToListAsync();
            var pairs = new List<Match>();
            var taken = await db.Matches.Where(m => m.EditionId == edition.Id && m.BuyerId != null && buyers.Contains(m.BuyerId.Value))
                .Select(m => new { m.BuyerId, m.ExhibitorId }).ToListAsync();
            var used = taken.Select(t => (t.BuyerId!.Value, t.ExhibitorId)).ToHashSet();
            while (pairs.Count < pairsPerLead && buyers.Count > 0)
            {
                var (buyer, exhibitor) = (buyers[random.Next(buyers.Count)], exhibitors[random.Next(exhibitors.Count)]);
                if (!used.Add((buyer, exhibitor)))
                {
                    continue;
                }
                pairs.Add(new Match
                {
                    EditionId = edition.Id, Kind = MatchKind.Procurement, BuyerId = buyer, ExhibitorId = exhibitor, Score = random.NextDouble(), Rank = 1,
                    ModelVersion = Marker, Explanation = "[]", CreatedAt = DateTime.UtcNow,
                    CounterpartDecision = MatchDecision.Accepted, ExhibitorDecision = MatchDecision.Accepted,
                });
            }
            db.Matches.AddRange(pairs);
            await db.SaveChangesAsync();
            users.Add(new LoadUser(lead.UserName!, await TokenAsync(lead.UserName!, dbPath), true, pairs.Select(p => p.Id).ToList(), 0));
        }

        // The newest edition with open investment deals to move (before the show, the current one has none yet).
        var dealEdition = await db.Deals.Where(d => d.Kind == MatchKind.Investment && Moving.Contains(d.Stage))
            .MaxAsync(d => d.Edition!.Number);
        var memberRows = await db.PromotionTeamMembers
            .Where(m => m.User!.IsActive && db.Deals.Count(d => d.PromotionTeamId == m.TeamId && d.Edition!.Number == dealEdition && d.Kind == MatchKind.Investment
                && Moving.Contains(d.Stage)) >= 10)
            .Where(m => db.UserRoles.Any(r => r.UserId == m.UserId && r.RoleId == db.Roles.Single(x => x.Name == Roles.TeamMember).Id))
            .OrderBy(m => m.TeamId).Select(m => new { m.User!.UserName, m.TeamId }).Take(members).ToListAsync();
        foreach (var member in memberRows)
        {
            var deals = await db.Deals.Where(d => d.PromotionTeamId == member.TeamId && d.Edition!.Number == dealEdition && d.Kind == MatchKind.Investment
                    && Moving.Contains(d.Stage))
                .OrderBy(d => d.Id).Select(d => new { d.Id, d.Code }).Take(200).ToListAsync();
            users.Add(new LoadUser(member.UserName!, await TokenAsync(member.UserName!, dbPath), false, [], member.TeamId, dealEdition,
                deals.Select(d => (d.Id, d.Code)).ToList()));
        }

        var baseline = new Baseline(
            await db.Meetings.IgnoreQueryFilters().MaxAsync(m => (int?)m.Id) ?? 0,
            await db.DealStageChanges.IgnoreQueryFilters().MaxAsync(c => (int?)c.Id) ?? 0,
            await db.AuditEntries.IgnoreQueryFilters().MaxAsync(a => (long?)a.Id) ?? 0,
            edition.Id, sessions, 9);
        return (users, baseline);
    }

    private static async Task<string> TokenAsync(string userName, string dbPath)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await CrmCommandLine.RunAsync(["users", "token", userName, "--name", Marker, "--days", "2", "--db", dbPath], output, errors);
        return exit == ExitCode.Done ? output.ToString().Trim() : throw new InvalidOperationException(errors.ToString());
    }

    /// <summary>The investment stages a member's move goes between: open stages needing no facts, and Stalled.</summary>
    public static readonly DealStage[] Moving = [DealStage.Contacted, DealStage.Met, DealStage.Stalled];

    /// <summary>Where a deal at <paramref name="from"/> goes next in the run: to Stalled, or back from it.</summary>
    public static DealStage Next(DealStage from, Random random) => from == DealStage.Stalled
        ? DealStages.Next(MatchKind.Investment, from).Where(s => s is DealStage.Contacted or DealStage.Met).OrderBy(_ => random.Next()).First()
        : DealStage.Stalled;
}
