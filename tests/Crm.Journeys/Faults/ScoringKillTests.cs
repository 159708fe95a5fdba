using System.Globalization;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crm.Journeys.Faults;

/// <summary>
/// Scoring the current edition again (its proposals replaced by a new run's) killed with SIGKILL while the new proposals
/// are written: by <c>match score</c>, and by the web app's scoring job. The edition's previous proposals are all there,
/// unchanged (same rows, scores, ranks, model version and run), never a mix of two runs; scoring again (the command
/// line run anew, the web job taken up again by the restarted instance) replaces them all with the full result.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class ScoringKillTests(FaultFixture faults, ITestOutputHelper output)
{
    private static readonly TimeSpan UntilWriting = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan UntilDone = TimeSpan.FromMinutes(5);

    /// <summary>
    /// SQLite's work added to each proposal deleted or inserted (<see cref="FaultDatabase.DragWritesAsync"/>): the small
    /// seed's 3,467 proposals are replaced in ~0.1 s since the MatchId indexes, too fast to catch; with it, ~4 s.
    /// </summary>
    private const int DragPerRow = 40_000;

    /// <summary>Every proposal of the current edition as stored: the row, its pair, score, rank, model, run (CreatedAt) and decisions.</summary>
    private static readonly string Stored = $"""
        SELECT Id, BuyerId, ExhibitorId, Score, Rank, ModelVersion, CreatedAt, ExhibitorDecision, CounterpartDecision FROM Matches
        WHERE Kind = 'Procurement' AND EditionId = (SELECT Id FROM Editions WHERE Number = {FaultFixture.CurrentEdition}) ORDER BY Id
        """;

    /// <summary>What a scoring run decides, whichever run wrote it: the pairs with their scores, ranks and model.</summary>
    private static readonly string Result = $"""
        SELECT BuyerId, ExhibitorId, Score, Rank, ModelVersion FROM Matches
        WHERE Kind = 'Procurement' AND EditionId = (SELECT Id FROM Editions WHERE Number = {FaultFixture.CurrentEdition}) ORDER BY BuyerId, Rank, ExhibitorId
        """;

    [Fact]
    public async Task Scoring_killed_while_writing_from_the_command_line_keeps_every_previous_proposal_and_scoring_again_replaces_them_all()
    {
        var db = await faults.NewDatabaseAsync("cli-score");
        var before = await ProposalsAsync(db);
        await FaultDatabase.DragWritesAsync(db, "Matches", DragPerRow);

        await using var scoring = AppProcess.StartVerb(db, "match", "score", "--edition", FaultFixture.CurrentEdition.ToString(CultureInfo.InvariantCulture));
        var moment = await KillSwitch.KillWhileWritingAsync(scoring, db, () => Task.FromResult(Writing(scoring.Errors)), UntilWriting);
        faults.Ledger.Killed("scoring", "CLI");
        output.WriteLine($"killed: {moment}");

        Assert.Equal(AppProcess.KilledBySigkill, moment.ExitCode);
        var integrity = await FaultDatabase.IntegrityAsync(db);
        Assert.Equal("ok", integrity);
        var after = await ProposalsAsync(db);
        Assert.Equal(before, after); // the same rows, one run: not half replaced
        await FaultDatabase.ReleaseWritesAsync(db, "Matches");

        await using var again = AppProcess.StartVerb(db, "match", "score", "--edition", FaultFixture.CurrentEdition.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(0, await again.WaitAsync(UntilDone));
        var rerun = await ProposalsAsync(db);
        AssertFullyReplaced(before, rerun);

        faults.Ledger.Add(new FaultRecord("scoring", "CLI", $"`match score --edition {FaultFixture.CurrentEdition}`, {before.Rows:N0} proposals replaced",
            moment, before.ToString(), after.ToString(), integrity, "—", rerun.ToString()));
    }

    [Fact]
    public async Task The_scoring_job_killed_while_writing_keeps_every_previous_proposal_and_is_taken_up_again_at_the_restart_replacing_them_all()
    {
        var db = await faults.NewDatabaseAsync("web-score");
        var before = await ProposalsAsync(db);
        await FaultDatabase.DragWritesAsync(db, "Matches", DragPerRow);

        // One name across the restart, as a supervisor restarts the same instance: it takes its own job up again at once.
        var settings = new Dictionary<string, string> { ["Jobs__InstanceName"] = "web-1" };
        KillMoment moment;
        await using (var app = await AppProcess.StartWebAsync(db, settings))
        {
            var page = await faults.SignedInPageAsync(app.BaseAddress!, "admin");
            await ScoreAsync(page);
            moment = await KillSwitch.KillWhileWritingAsync(app, db, () => ScoringJobWritingAsync(db), UntilWriting);
            faults.Ledger.Killed("scoring", "web app");
            await page.Context.CloseAsync();
        }
        output.WriteLine($"killed: {moment}");

        Assert.Equal(AppProcess.KilledBySigkill, moment.ExitCode);
        var integrity = await FaultDatabase.IntegrityAsync(db);
        Assert.Equal("ok", integrity);
        var after = await ProposalsAsync(db);
        Assert.Equal(before, after);
        var job = (await FaultDatabase.RowsAsync(db, "SELECT Id, Status FROM BackgroundJobs WHERE Kind = 'match-score' ORDER BY Id DESC LIMIT 1")).Single();
        Assert.Equal("Running", job[1]);
        await FaultDatabase.ReleaseWritesAsync(db, "Matches");

        string restarted;
        Proposals rerun;
        await using (var app = await AppProcess.StartWebAsync(db, settings))
        {
            restarted = await FaultDatabase.WaitForJobStatusAsync(db, job[0], "Succeeded", UntilDone);
            var page = await faults.SignedInPageAsync(app.BaseAddress!, "admin");
            await page.GotoAsync("/admin/models");
            var jobs = page.Locator("[data-testid='job']");
            await Assertions.Expect(jobs).ToHaveCountAsync(1);
            await Assertions.Expect(jobs.First).ToHaveAttributeAsync("data-status", "Succeeded");
            await Assertions.Expect(jobs.First.Locator("[data-testid='job-instance']")).ToHaveTextAsync("由实例 web-1 运行，第 2 次（已接管）");
            rerun = await ProposalsAsync(db);
            await page.Context.CloseAsync();
        }
        AssertFullyReplaced(before, rerun);

        faults.Ledger.Add(new FaultRecord("scoring", "web app", $"scoring job (*Score* on /admin/models), {before.Rows:N0} proposals replaced",
            moment, before.ToString(), after.ToString(), integrity, $"job {job[0]}: taken up again at the restart, {restarted}", rerun.ToString()));
    }

    /// <summary>The model page's *Score*, the current edition chosen already.</summary>
    private static async Task ScoreAsync(IPage page)
    {
        await page.GotoAsync("/admin/models");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='score']");
        await Assertions.Expect(page.Locator("[data-testid='score-edition']")).ToContainTextAsync("本届");
        await page.Locator("[data-testid='score']").ClickAsync();
    }

    /// <summary>A new run's proposals in place of the old ones, all of them: one run, another than before, and the same result (same model, same data).</summary>
    private static void AssertFullyReplaced(Proposals before, Proposals rerun)
    {
        Assert.Equal(1, rerun.Runs);
        Assert.NotEqual(before.Run, rerun.Run);
        Assert.Equal(before.Rows, rerun.Rows);
        Assert.Equal(rerun.Rows, rerun.DistinctPairs); // each pair once
        Assert.Equal(before.Result, rerun.Result);
    }

    /// <summary>The command line's progress line of the writing stage, before it reaches 100 %.</summary>
    private static string? Writing(IReadOnlyList<string> errors) =>
        errors.Any(l => l.Trim() == "writing 0%") && !errors.Any(l => l.Trim() == "writing 100%") ? "printed \"writing 0%\"" : null;

    private static async Task<string?> ScoringJobWritingAsync(string db)
    {
        var rows = await FaultDatabase.RowsAsync(db, "SELECT Id, Status, Stage, Progress FROM BackgroundJobs WHERE Kind = 'match-score' ORDER BY Id DESC LIMIT 1");
        return rows is [[var id, "Running", "writing", var progress]] && double.Parse(progress, CultureInfo.InvariantCulture) < 1
            ? $"job {id} Running, stage writing"
            : null;
    }

    private static async Task<Proposals> ProposalsAsync(string db)
    {
        var stored = await FaultDatabase.FingerprintAsync(db, Stored);
        var runs = await FaultDatabase.RowsAsync(db, $"SELECT DISTINCT CreatedAt FROM ({Stored})");
        var pairs = await FaultDatabase.CountAsync(db, $"SELECT COUNT(*) FROM (SELECT DISTINCT BuyerId, ExhibitorId FROM ({Stored}))");
        var models = await FaultDatabase.RowsAsync(db, $"SELECT DISTINCT ModelVersion FROM ({Stored})");
        return new Proposals(stored.Rows, stored.Hash, runs.Count, runs.Count == 1 ? runs[0][0] : "several", pairs,
            string.Join("+", models.Select(m => m[0])), (await FaultDatabase.FingerprintAsync(db, Result)).Hash);
    }

    /// <param name="Stored">Fingerprint of the rows as stored.</param>
    /// <param name="Runs">How many scoring runs wrote them (distinct CreatedAt): 1, never a mix.</param>
    /// <param name="Result">Fingerprint of what the run decided, whichever run wrote it.</param>
    private sealed record Proposals(int Rows, string Stored, int Runs, string Run, long DistinctPairs, string Models, string Result)
    {
        public override string ToString() => $"{Rows:N0} proposals #{Stored}, {Runs} run ({Run}), model {Models}";
    }
}
