using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crm.Journeys.Faults;

/// <summary>
/// A schedule run (*Plan* on the sessions page: the optimiser over every confirmed pair, then one save) killed with
/// SIGKILL while its save is open. Not one meeting of it is in the file (the edition's meetings and the audit trail are
/// as before), and planning again after the restart books the session in full, without a double booking.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed partial class ScheduleKillTests(FaultFixture faults, ITestOutputHelper output)
{
    private static readonly TimeSpan UntilWriting = TimeSpan.FromMinutes(3);

    /// <summary>
    /// SQLite's work added to each meeting inserted (<see cref="FaultDatabase.DragWritesAsync"/>): the plan's one save of
    /// ~740 meetings takes a fraction of a second, which a poll could miss; with it, ~1.5 s.
    /// </summary>
    private const int DragPerRow = 160_000;

    private static readonly string EditionMeetings = $"""
        SELECT Id, Code, MatchId, BuyerId, ExhibitorId, StartsAt, TableCode, Status, SessionId FROM Meetings
        WHERE EditionId = (SELECT Id FROM Editions WHERE Number = {FaultFixture.CurrentEdition}) ORDER BY Id
        """;

    [Fact]
    public async Task A_schedule_run_killed_while_saving_books_no_meeting_and_planning_again_after_the_restart_books_the_session()
    {
        var db = await faults.NewDatabaseAsync("schedule");
        var pairs = await ConfirmEveryProposalAsync(db);
        var session = await AddSessionAsync(db);
        await FaultDatabase.DragWritesAsync(db, "Meetings", DragPerRow);

        KillMoment moment;
        Meetings before;
        await using (var app = await AppProcess.StartWebAsync(db, new Dictionary<string, string>()))
        {
            var page = await faults.SignedInPageAsync(app.BaseAddress!, "manager");
            var plan = await PlanButtonAsync(page, session);
            before = await MeetingsAsync(db, session); // after the sign-in, which is audited too
            await plan.ClickAsync();
            // The optimiser writes nothing: while the plan is not handled, the write lock is its save (nothing else writes meanwhile).
            moment = await KillSwitch.KillWhileWritingAsync(app, db, () => Task.FromResult<string?>(app.Log.Contains("PlanSession handled")
                ? throw new InvalidOperationException($"the plan was saved before it could be caught saving: make the session bigger.\n{app.Log}")
                : "Plan clicked, not handled yet"), UntilWriting);
            faults.Ledger.Killed("schedule", "web app");
            await page.Context.CloseAsync();
        }
        output.WriteLine($"killed: {moment}");

        Assert.Equal(AppProcess.KilledBySigkill, moment.ExitCode);
        var integrity = await FaultDatabase.IntegrityAsync(db);
        Assert.Equal("ok", integrity);
        var after = await MeetingsAsync(db, session);
        Assert.Equal(before, after); // no half-written schedule: not one meeting, not one audit entry of the run
        await FaultDatabase.ReleaseWritesAsync(db, "Meetings");

        int booked;
        Meetings rerun;
        await using (var app = await AppProcess.StartWebAsync(db, new Dictionary<string, string>()))
        {
            var page = await faults.SignedInPageAsync(app.BaseAddress!, "manager");
            await (await PlanButtonAsync(page, session)).ClickAsync();
            var notice = page.Locator(".rz-notification", new() { HasTextRegex = PlannedNotice() });
            await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = (float)UntilWriting.TotalMilliseconds });
            booked = int.Parse(PlannedNotice().Match(await notice.InnerTextAsync()).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            rerun = await MeetingsAsync(db, session);
            await page.Context.CloseAsync();
        }
        Assert.InRange(booked, 100, pairs);
        Assert.Equal(booked, rerun.InSession);
        Assert.Equal(before.Edition.Rows + booked, rerun.Edition.Rows);
        Assert.Equal(booked, await FaultDatabase.CountAsync(db, $"SELECT COUNT(DISTINCT MatchId) FROM Meetings WHERE SessionId = {session}"));
        Assert.Equal(0, await DoubleBookingsAsync(db, session));

        faults.Ledger.Add(new FaultRecord("schedule", "web app", $"*Plan* on /sessions, {pairs:N0} confirmed pairs, 12 slots × 300 tables",
            moment, before.ToString(), after.ToString(), integrity, "—", $"{rerun}; {booked:N0} booked as the page said, no double booking"));
    }

    /// <summary>
    /// Both sides accept every proposal of the current edition (as <c>Crm.Web.Tests</c>' MeetingArrangements confirm pairs:
    /// the arrangement is written directly, not clicked through); the number of confirmed pairs.
    /// </summary>
    private static async Task<int> ConfirmEveryProposalAsync(string db)
    {
        await FaultDatabase.ExecuteAsync(db, $"""
            UPDATE Matches SET ExhibitorDecision = 'Accepted', CounterpartDecision = 'Accepted',
                ExhibitorDecidedAt = '2026-10-20 08:00:00', CounterpartDecidedAt = '2026-10-20 08:00:00'
            WHERE Kind = 'Procurement' AND EditionId = (SELECT Id FROM Editions WHERE Number = {FaultFixture.CurrentEdition})
            """);
        return (int)await FaultDatabase.CountAsync(db, $"""
            SELECT COUNT(*) FROM Matches WHERE Kind = 'Procurement' AND ExhibitorDecision = 'Accepted' AND CounterpartDecision = 'Accepted'
            AND EditionId = (SELECT Id FROM Editions WHERE Number = {FaultFixture.CurrentEdition})
            """);
    }

    /// <summary>A session on the edition's first day, 09:00–13:00 in 20-minute slots (12), 300 tables: the exhibitors' capacities bind, not the room.</summary>
    private static async Task<string> AddSessionAsync(string db)
    {
        await FaultDatabase.ExecuteAsync(db, $"""
            INSERT INTO MatchmakingSessions (EditionId, Name, NameZh, Venue, Day, Starts, Ends, SlotMinutes, TablePrefix, Tables, Version, ProvidesInterpreters)
            SELECT Id, 'Fault drill', '故障演练对接会', 'NECC Hall 8', StartsOn, '09:00:00', '13:00:00', 20, 'FD', 300, 0, 0
            FROM Editions WHERE Number = {FaultFixture.CurrentEdition}
            """);
        return (await FaultDatabase.RowsAsync(db, "SELECT MAX(Id) FROM MatchmakingSessions")).Single()[0];
    }

    /// <summary>The session's *Plan* on the sessions page, ready to be clicked.</summary>
    private static async Task<ILocator> PlanButtonAsync(IPage page, string session)
    {
        var selector = $"[data-testid='session'][data-id='{session}'] [data-testid='plan-session']";
        await page.GotoAsync("/sessions");
        await CrmAppFixture.WaitForCircuitAsync(page, selector);
        return page.Locator(selector);
    }

    /// <summary>A slot in which a buyer, an exhibitor or a table of the session meets twice, or a pair met twice.</summary>
    private static Task<long> DoubleBookingsAsync(string db, string session) => FaultDatabase.CountAsync(db, $"""
        SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM Meetings WHERE SessionId = {session} GROUP BY BuyerId, StartsAt HAVING COUNT(*) > 1))
             + (SELECT COUNT(*) FROM (SELECT 1 FROM Meetings WHERE SessionId = {session} GROUP BY ExhibitorId, StartsAt HAVING COUNT(*) > 1))
             + (SELECT COUNT(*) FROM (SELECT 1 FROM Meetings WHERE SessionId = {session} GROUP BY TableCode, StartsAt HAVING COUNT(*) > 1))
             + (SELECT COUNT(*) FROM (SELECT 1 FROM Meetings WHERE SessionId = {session} GROUP BY MatchId HAVING COUNT(*) > 1))
        """);

    private static async Task<Meetings> MeetingsAsync(string db, string session) => new(
        await FaultDatabase.FingerprintAsync(db, EditionMeetings),
        await FaultDatabase.CountAsync(db, $"SELECT COUNT(*) FROM Meetings WHERE SessionId = {session}"),
        await FaultDatabase.CountAsync(db, "SELECT COUNT(*) FROM AuditEntries"));

    /// <param name="Edition">The current edition's meetings as stored.</param>
    private sealed record Meetings(Fingerprint Edition, long InSession, long Audits)
    {
        public override string ToString() => $"edition's meetings {Edition}, {InSession:N0} in the session, {Audits:N0} audit entries";
    }

    /// <summary>The page's notice after a plan, in Chinese (the users' first language): "已排期：从 N 个待排配对中预约 M 场洽谈…".</summary>
    [GeneratedRegex(@"预约 ([\d,]+) 场洽谈")]
    private static partial Regex PlannedNotice();
}
