using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crm.Journeys.Faults;

/// <summary>
/// An import of 20,000 new companies killed with SIGKILL while it writes, its transaction open: by the command line's
/// process (once it has saved chunks of rows inside that transaction), and by the web app's import job. The file stays
/// sound and not one company of the file is in it; the command line's import run again, and the web job taken up again by
/// the restarted instance from its upload in the database, write every row exactly once.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed partial class ImportKillTests(FaultFixture faults, ITestOutputHelper output)
{
    /// <summary>Tens of thousands of rows: five chunks of 4,000 saved in one transaction, seconds of writing to land a kill in.</summary>
    private const int Rows = 20_000;

    private static readonly TimeSpan UntilWriting = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan UntilDone = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_command_line_import_killed_while_writing_leaves_no_company_of_the_file_and_running_it_again_imports_every_row_once()
    {
        var db = await faults.NewDatabaseAsync("cli-import");
        var file = await faults.CompaniesFileAsync(Path.GetDirectoryName(db)!, "FCLI", Rows);
        var before = await CompaniesAsync(db, "FCLI");

        await using var import = AppProcess.StartVerb(db, "import", "companies", file);
        var moment = await KillSwitch.KillWhileWritingAsync(import, db, () => Task.FromResult(WritingAfterAChunk(import.Errors)), UntilWriting);
        faults.Ledger.Killed("import", "CLI");
        output.WriteLine($"killed: {moment}");

        Assert.Equal(AppProcess.KilledBySigkill, moment.ExitCode);
        var integrity = await FaultDatabase.IntegrityAsync(db);
        Assert.Equal("ok", integrity);
        var after = await CompaniesAsync(db, "FCLI");
        Assert.Equal(before, after); // no partial import: not one row of the file, no audit entry of it

        await using var again = AppProcess.StartVerb(db, "import", "companies", file);
        Assert.Equal(0, await again.WaitAsync(UntilDone));
        Assert.Contains($"{Rows:N0} rows; {Rows:N0} created, 0 updated, 0 unchanged, 0 rejected", again.Log);
        var rerun = await CompaniesAsync(db, "FCLI");
        Assert.Equal(before with { All = before.All + Rows, OfFile = Rows, DistinctOfFile = Rows, Audits = before.Audits + 1 }, rerun);

        faults.Ledger.Add(new FaultRecord("import", "CLI", $"`import companies`, {Rows:N0} new rows", moment, before.ToString(), after.ToString(),
            integrity, "—", rerun.ToString()));
    }

    [Fact]
    public async Task A_web_import_killed_while_writing_leaves_no_company_of_the_file_and_is_taken_up_again_at_the_restart_importing_every_row_once()
    {
        var db = await faults.NewDatabaseAsync("web-import");
        var folder = Path.GetDirectoryName(db)!;
        var file = await faults.CompaniesFileAsync(folder, "FWEB", Rows);
        // One name across the restart, as a supervisor restarts the same instance: it takes its own job up again at once.
        var settings = new Dictionary<string, string> { ["Jobs__InstanceName"] = "web-1" };
        var before = await CompaniesAsync(db, "FWEB");

        KillMoment moment;
        await using (var app = await AppProcess.StartWebAsync(db, settings))
        {
            var page = await faults.SignedInPageAsync(app.BaseAddress!, "admin");
            await StartImportAsync(page, file);
            moment = await KillSwitch.KillWhileWritingAsync(app, db, () => ImportJobWritingAsync(db), UntilWriting);
            faults.Ledger.Killed("import", "web app");
            await page.Context.CloseAsync();
        }
        output.WriteLine($"killed: {moment}");

        Assert.Equal(AppProcess.KilledBySigkill, moment.ExitCode);
        var integrity = await FaultDatabase.IntegrityAsync(db);
        Assert.Equal("ok", integrity);
        var after = await CompaniesAsync(db, "FWEB");
        Assert.Equal(before, after);
        var job = await LastImportAsync(db);
        Assert.Equal("Running", job.Status); // nothing ran to mark it: the process was killed
        Assert.Equal("1", await UploadsAsync(db)); // and its upload waits in the database

        string restarted;
        CompanyCounts rerun;
        await using (var app = await AppProcess.StartWebAsync(db, settings))
        {
            restarted = await FaultDatabase.WaitForJobStatusAsync(db, job.Id, "Succeeded", UntilDone);
            var page = await faults.SignedInPageAsync(app.BaseAddress!, "admin");
            await page.GotoAsync("/admin/imports");
            await Assertions.Expect(page.Locator("[data-testid='import']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("[data-testid='import']").First).ToHaveAttributeAsync("data-status", "Succeeded");
            await Assertions.Expect(page.Locator("[data-testid='import-instance']").First).ToHaveTextAsync("由实例 web-1 运行，第 2 次（已接管）");
            rerun = await CompaniesAsync(db, "FWEB");
            await page.Context.CloseAsync();
        }
        Assert.Equal(before with { All = before.All + Rows, OfFile = Rows, DistinctOfFile = Rows, Audits = before.Audits + 1 }, rerun);
        Assert.Equal("0", await UploadsAsync(db));
        var attempts = (await FaultDatabase.RowsAsync(db, $"SELECT Attempts FROM BackgroundJobs WHERE Id = {job.Id}")).Single()[0];
        Assert.Equal("2", attempts);

        faults.Ledger.Add(new FaultRecord("import", "web app", $"import job (upload on /admin/imports), {Rows:N0} new companies", moment,
            before.ToString(), after.ToString(), integrity, $"job {job.Id}: taken up again at the restart, {restarted} on attempt {attempts}, upload deleted",
            rerun.ToString()));
    }

    private static Task<string?> UploadsAsync(string db) => JourneyDatabase.ScalarAsync(db, "SELECT COUNT(*) FROM ImportUploads");

    /// <summary>The import form, as an administrator fills it: companies (the default kind), all or nothing (the default), the file.</summary>
    private static async Task StartImportAsync(IPage page, string file)
    {
        await page.GotoAsync("/admin/imports");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='import-kind']");
        await Assertions.Expect(page.Locator("[data-testid='import-kind']")).ToContainTextAsync("企业");
        await page.Locator("[data-testid='import-file']").SetInputFilesAsync(file);
        await Assertions.Expect(page.Locator("[data-testid='start-import']")).ToBeEnabledAsync();
        await page.Locator("[data-testid='start-import']").ClickAsync();
    }

    /// <summary>The command line's progress once chunks are saved in the transaction, e.g. "writing 76%" (60 % comes before the first save).</summary>
    private static string? WritingAfterAChunk(IReadOnlyList<string> errors) =>
        errors.Select(l => WritingLine().Match(l)).LastOrDefault(m => m.Success) is { } m
        && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) is > 60 and < 100
            ? $"printed \"{m.Value.Trim()}\""
            : null;

    /// <summary>The import job's row while it writes (it stays at 60 % until committed: see ImportProgress.InTransaction).</summary>
    private static async Task<string?> ImportJobWritingAsync(string db)
    {
        var rows = await FaultDatabase.RowsAsync(db, "SELECT Id, Status, Stage, Progress FROM BackgroundJobs WHERE Kind = 'import' ORDER BY Id DESC LIMIT 1");
        return rows is [[var id, "Running", "writing", var progress]] && double.Parse(progress, CultureInfo.InvariantCulture) < 1
            ? $"job {id} Running, stage writing"
            : null;
    }

    private static async Task<(string Id, string Status)> LastImportAsync(string db)
    {
        var row = (await FaultDatabase.RowsAsync(db, "SELECT Id, Status FROM BackgroundJobs WHERE Kind = 'import' ORDER BY Id DESC LIMIT 1")).Single();
        return (row[0], row[1]);
    }

    private static async Task<CompanyCounts> CompaniesAsync(string db, string prefix) => new(
        await FaultDatabase.CountAsync(db, "SELECT COUNT(*) FROM Companies"),
        await FaultDatabase.CountAsync(db, $"SELECT COUNT(*) FROM Companies WHERE Code LIKE '{prefix}-%'"),
        await FaultDatabase.CountAsync(db, $"SELECT COUNT(DISTINCT Code) FROM Companies WHERE Code LIKE '{prefix}-%'"),
        await FaultDatabase.CountAsync(db, "SELECT COUNT(*) FROM AuditEntries WHERE Action = 'Imported' AND EntityType = 'companies'"));

    /// <summary>Companies in all, those of the file (and how many distinct codes among them), and import audit entries.</summary>
    private sealed record CompanyCounts(long All, long OfFile, long DistinctOfFile, long Audits)
    {
        public override string ToString() => $"{All:N0} companies, {OfFile:N0} of the file ({DistinctOfFile:N0} codes), {Audits} import audits";
    }

    [GeneratedRegex(@"^\s*writing (\d+)%$")]
    private static partial Regex WritingLine();
}
