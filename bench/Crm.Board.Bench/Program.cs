using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using Crm.Bench;
using Crm.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

// dotnet build Crm.sln -c Release && dotnet run -c Release --no-build --project bench/Crm.Board.Bench -- --db FILE [--runs 10]
// Issue 7's board as a browser shows it: the built app over a copy of FILE (FILE itself is never written), Debian's
// Chromium signed in as the manager. Each run is a fresh navigation to the team's board of 2,000 open deals, timed until
// the board is shown and live, then its fullest column is scrolled to its end; after one warm-up, prints medians and maxima.
var source = Option("--db") ?? throw new ArgumentException("--db FILE: a SQLite file with the full seed (./crm db seed --size full)");
var runs = int.Parse(Option("--runs") ?? "10", CultureInfo.InvariantCulture);
if (runs < 1)
{
    throw new ArgumentException("--runs N: at least 1 (after the warm-up)");
}
const string ChromiumPath = "/usr/bin/chromium";
const int ScrollSteps = 20;
var load = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

var folder = Directory.CreateTempSubdirectory("crm-board-bench-").FullName;
var db = Path.Combine(folder, "crm.db");
File.Copy(source, db);
int team, edition;
var system = new SystemContextFactory((DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection
    .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = db }).Options);
await using (var probe = system.CreateDbContext())
{
    await probe.Database.MigrateAsync(); // a file seeded by an older build gets this build's schema
    (team, _, edition) = await BoardDeals.EnsureAsync(probe);
}
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); // the app gets the file to itself

var executable = Environment.GetEnvironmentVariable("CRM_WEB_EXE") is { Length: > 0 } path ? path
    : typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrmWebExecutable").Value!;
if (!File.Exists(executable))
{
    throw new InvalidOperationException($"The app's executable is missing at {executable}. Build first: dotnet build Crm.sln -c Release");
}
var address = $"http://127.0.0.1:{BenchApp.FreePort()}";
using var app = StartApp(executable, db, address);
try
{
    await BenchApp.WaitUntilHealthyAsync(app, new Uri(address), TimeSpan.FromSeconds(120));
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = ChromiumPath, Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    var context = await browser.NewContextAsync(new() { BaseURL = address, ViewportSize = new() { Width = 1440, Height = 900 }, Locale = "en-US" });
    var page = await context.NewPageAsync();
    page.SetDefaultTimeout(120_000);
    await BenchSignIn.SignInAsync(page, "manager", "Expo#2026");

    var board = $"/pipeline/board?team={team}&edition={edition}";
    var list = $"/pipeline?team={team}&edition={edition}";
    Console.WriteLine($"Board bench: {board}, {runs} runs after a warm-up, {Path.GetFileName(source)} (a copy), load average at start {load}, " +
        $"{Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");

    var shown = new List<double>();
    var served = new List<double>();
    var visible = new List<double>();
    var scrolled = new List<double>();
    var worstStep = new List<double>();
    var frameP95 = new List<double>();
    var frameMax = new List<double>();
    var listShown = new List<double>();
    var listSeen = new List<double>();
    var domShown = 0;
    var domScrolled = 0;
    var column = "";
    for (var i = 0; i <= runs; i++)
    {
        var (boardVisible, timeToBoard) = await TimeNavigationAsync(page, board, BoardVisible, BoardShown);
        var prerendered = await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].responseEnd");
        var cards = await page.EvaluateAsync<int>("() => document.querySelectorAll(\"[data-testid='board-card']\").length");
        var scroll = await page.EvaluateAsync<JsonElement>(ScrollFullestColumn, ScrollSteps);
        var (listVisible, timeToList) = await TimeNavigationAsync(page, list, ListVisible, ListShown);
        if (i == 0)
        {
            continue; // warm-up: the app's first board, the browser's first Blazor script
        }
        shown.Add(timeToBoard);
        visible.Add(boardVisible);
        served.Add(prerendered);
        listShown.Add(timeToList);
        listSeen.Add(listVisible);
        scrolled.Add(scroll.GetProperty("total").GetDouble());
        worstStep.Add(scroll.GetProperty("worstStep").GetDouble());
        frameP95.Add(scroll.GetProperty("frameP95").GetDouble());
        frameMax.Add(scroll.GetProperty("frameMax").GetDouble());
        domShown = Math.Max(domShown, cards);
        domScrolled = Math.Max(domScrolled, scroll.GetProperty("cardsInDom").GetInt32());
        column = $"{scroll.GetProperty("stage").GetString()}, {scroll.GetProperty("count").GetInt32()} cards, last {scroll.GetProperty("last").GetString()}";
    }

    Console.WriteLine($"Board count shown: {await BoardCountAsync(page, board)}; fullest column: {column}");
    Console.WriteLine("| measure | median ms | max ms |");
    Console.WriteLine("|---|---:|---:|");
    Row("board's prerendered page received (Navigation Timing responseEnd: the server's first render, before the circuit)", served);
    Row("board's cards first in the page (count and cards shown, not yet live)", visible);
    Row("board shown (navigation start → every non-empty column has cards, count shown, circuit attached)", shown);
    Row($"fullest column scrolled to its end ({ScrollSteps} steps, each until the view is filled, → last card rendered)", scrolled);
    Row("slowest single scroll step (scrollTop set → cards fill the column's view)", worstStep);
    Row("frame gap while scrolling, p95 (requestAnimationFrame)", frameP95);
    Row("frame gap while scrolling, max (requestAnimationFrame)", frameMax);
    Row("list view's rows first in the page (not yet live)", listSeen);
    Row("list view shown (paged grid of the same deals, first page rendered, circuit attached)", listShown);
    Console.WriteLine($"Cards in the DOM: at most {domShown} once the board is shown, at most {domScrolled} after the scroll (of 2,000+).");
}
finally
{
    if (!app.HasExited)
    {
        app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
    }
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static void Row(string name, List<double> times)
{
    times.Sort();
    Console.WriteLine($"| {name} | {times[times.Count / 2]:0} | {times[^1]:0} |");
}

// A fresh document each time (from a blank page, so the old circuit goes), timed from the start of the navigation until
// the page first shows what is asked, then until it is shown and live; the conditions are polled on every animation frame.
static async Task<(double Visible, double Shown)> TimeNavigationAsync(IPage page, string url, string visibleCondition, string shownCondition)
{
    await page.GotoAsync("about:blank");
    var clock = Stopwatch.StartNew();
    await page.GotoAsync(url, new() { WaitUntil = WaitUntilState.Commit });
    await page.WaitForFunctionAsync(visibleCondition);
    var visible = clock.Elapsed.TotalMilliseconds;
    await page.WaitForFunctionAsync(shownCondition);
    return (visible, clock.Elapsed.TotalMilliseconds);
}

static async Task<string> BoardCountAsync(IPage page, string board)
{
    await page.GotoAsync(board);
    await page.WaitForFunctionAsync(BoardShown);
    return await page.Locator("[data-testid='board-count']").InnerTextAsync();
}

static Process StartApp(string executable, string db, string address)
{
    var info = new ProcessStartInfo(executable)
    {
        WorkingDirectory = Path.GetDirectoryName(executable)!,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    info.ArgumentList.Add("--urls");
    info.ArgumentList.Add(address);
    // As the browser journeys start it (tests/Crm.Journeys/CrmAppFixture.cs).
    info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    info.Environment["Database__Provider"] = "Sqlite";
    info.Environment["Database__ConnectionString"] = $"Data Source={db}";
    info.Environment["CRM_DB"] = db;
    info.Environment["Web__SignInAttemptsPerMinute"] = "100";
    info.Environment["Matching__TrainOnFirstStart"] = "false";
    var app = Process.Start(info) ?? throw new InvalidOperationException("could not start " + executable);
    app.OutputDataReceived += (_, _) => { };
    app.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { Console.Error.WriteLine("app: " + line); } };
    app.BeginOutputReadLine();
    app.BeginErrorReadLine();
    return app;
}


internal partial class Program
{
    /// <summary>A column's deal count, from its header (" · 571").</summary>
    private const string ColumnCount = "c => Number(c.querySelector('.crm-board-head > span').textContent.replace(/\\D/g, ''))";

    /// <summary>
    /// The board is shown: its count says 2,000 or more, every column whose header counts deals has cards, and the
    /// circuit has attached the cards' drag handlers (Blazor's event delegator marks them _blazorEvents_N).
    /// </summary>
    private const string BoardShown = $$"""
        () => {
            const count = document.querySelector("[data-testid='board-count']");
            if (!count || Number(count.textContent.replace(/\D/g, '')) < 2000) return false;
            const columns = [...document.querySelectorAll("[data-testid='board-column']")];
            const cards = [...document.querySelectorAll("[data-testid='board-card']")];
            return columns.length > 0
                && columns.every(c => ({{ColumnCount}})(c) === 0 || c.querySelector("[data-testid='board-card']"))
                && cards.length > 0 && cards.every(e => Object.keys(e).some(k => k.startsWith('_blazorEvents_')));
        }
        """;

    /// <summary>The board's count and first cards are in the page (prerendered or not), their handlers perhaps not yet attached.</summary>
    private const string BoardVisible = """
        () => {
            const count = document.querySelector("[data-testid='board-count']");
            return count !== null && Number(count.textContent.replace(/\D/g, '')) >= 2000 && document.querySelector("[data-testid='board-card']") !== null;
        }
        """;

    /// <summary>The list's first rows are in the page (prerendered or not).</summary>
    private const string ListVisible = "() => document.querySelector(\"[data-testid='pipeline'] [data-testid='company-link']\") !== null";

    /// <summary>The list is shown: the grid's first page of deals, its move buttons live.</summary>
    private const string ListShown = """
        () => {
            const links = document.querySelectorAll("[data-testid='pipeline'] [data-testid='company-link']");
            const moves = [...document.querySelectorAll("[data-testid='pipeline'] [data-testid='move-deal']")];
            return links.length > 0 && moves.length > 0 && moves.every(e => Object.keys(e).some(k => k.startsWith('_blazorEvents_')));
        }
        """;

    /// <summary>
    /// Scrolls the fullest column's card list from top to bottom in steps: each step sets scrollTop and waits, frame by
    /// frame, until cards cover the list's view (Virtualize asks the server for them over the circuit); the last until
    /// the column's last card is rendered (the spacer after the cards has no height left). Meanwhile every animation
    /// frame's gap is recorded.
    /// </summary>
    private const string ScrollFullestColumn = $$"""
        async steps => {
            const counted = {{ColumnCount}};
            const column = [...document.querySelectorAll("[data-testid='board-column']")].reduce((a, b) => counted(b) > counted(a) ? b : a);
            const list = column.querySelector('.crm-board-cards');
            const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
            const gaps = [];
            let scrolling = true, previous = performance.now();
            (async () => { while (scrolling) { const now = await frame(); gaps.push(now - previous); previous = now; } })();
            const filled = () => {
                const view = list.getBoundingClientRect();
                const seen = [...list.querySelectorAll("[data-testid='board-card']")].map(c => c.getBoundingClientRect())
                    .filter(r => r.bottom > view.top && r.top < view.bottom);
                return seen.length > 0 && Math.min(...seen.map(r => r.top)) <= view.top + 112 && Math.max(...seen.map(r => r.bottom)) >= view.bottom - 112;
            };
            const atEnd = () => list.lastElementChild.offsetHeight === 0 && list.lastElementChild.previousElementSibling?.dataset.testid === 'board-card';
            const until = async (done, what) => {
                const started = performance.now();
                while (!done()) {
                    if (performance.now() - started > 60000) throw new Error('the column did not show ' + what + ' within 60 s');
                    await frame();
                }
                return performance.now() - started;
            };
            const start = performance.now();
            let worstStep = 0;
            for (let step = 1; step <= steps; step++) {
                list.scrollTop = step === steps ? list.scrollHeight : Math.round((list.scrollHeight - list.clientHeight) * step / steps);
                worstStep = Math.max(worstStep, await until(step === steps ? () => filled() && atEnd() : filled, 'its cards'));
            }
            const total = performance.now() - start;
            scrolling = false;
            gaps.sort((a, b) => a - b);
            return {
                stage: column.dataset.stage, count: counted(column), total, worstStep,
                frameP95: gaps[Math.ceil(gaps.length * 0.95) - 1] ?? 0, frameMax: gaps[gaps.length - 1] ?? 0,
                cardsInDom: document.querySelectorAll("[data-testid='board-card']").length,
                last: list.lastElementChild.previousElementSibling.dataset.code,
            };
        }
        """;
}
