using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Crm.Bench;
using Crm.Journeys;
using Microsoft.Playwright;

// dotnet build Crm.sln -c Release && dotnet run -c Release --no-build --project bench/Crm.Circuits.Bench -- --db FILE
//     [--steps 0,1,10,50,100,200] [--page /exhibitors] [--renderers 4] [--parallel 4] [--settle 10] [--close 50]
// Issue 9's memory per open circuit. The built app runs over a copy of FILE (FILE itself is never written); Debian's
// Chromium, signed in as the manager, opens the page in one tab per circuit up to each step, and at each step the
// server's memory is read after the pages settle: resident set (VmRSS) and managed heap after an induced full GC. Then
// each page is used once (a search over the circuit: the circuit is alive), some tabs are closed, the network under
// the rest is cut (the server keeps them as disconnected circuits, within its limits), and memory is read again, then
// after the server's retention period, to see whether it returns.
var source = Option("--db") ?? throw new ArgumentException("--db FILE: a SQLite file with the full seed (./crm db seed --size full)");
var steps = (Option("--steps") ?? "0,1,10,50,100,200").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Order().ToArray();
var path = Option("--page") ?? "/exhibitors";
var ready = Option("--ready") ?? "[data-testid='filter-search']";
var renderers = int.Parse(Option("--renderers") ?? "4", CultureInfo.InvariantCulture);
var parallel = int.Parse(Option("--parallel") ?? "4", CultureInfo.InvariantCulture);
var settle = TimeSpan.FromSeconds(double.Parse(Option("--settle") ?? "10", CultureInfo.InvariantCulture));
var closeCount = int.Parse(Option("--close") ?? "50", CultureInfo.InvariantCulture);
// The framework's defaults, which the app keeps (docs/reliability-circuits.md): CircuitOptions.DisconnectedCircuitRetentionPeriod.
var retention = TimeSpan.FromMinutes(3);
const string ChromiumPath = "/usr/bin/chromium";
var load = File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

var folder = Directory.CreateTempSubdirectory("crm-circuits-bench-").FullName;
var db = Path.Combine(folder, "crm.db");
File.Copy(source, db);
var executable = Environment.GetEnvironmentVariable("CRM_WEB_EXE") is { Length: > 0 } exe ? exe
    : typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrmWebExecutable").Value!;
if (!File.Exists(executable))
{
    throw new InvalidOperationException($"The app's executable is missing at {executable}. Build first: dotnet build Crm.sln -c Release");
}
var port = BenchApp.FreePort();
var address = new Uri($"http://127.0.0.1:{port}/");
using var app = StartApp(executable, db, address, out var server);
var samples = new List<Sample>();
try
{
    await BenchApp.WaitUntilHealthyAsync(app, address, TimeSpan.FromSeconds(180));
    Console.WriteLine($"Circuits bench: {path}, steps {string.Join(", ", steps)}, {Path.GetFileName(source)} (a copy), Chromium with " +
        $"--renderer-process-limit={renderers}, load average at start {load}, {Environment.ProcessorCount} cores, " +
        $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, app pid {server.Id}");
    await MeasureAsync("app started, nothing served yet", []);

    // Every page goes through a relay (the journeys' NetworkLink), so that the network under them can be cut at the end.
    await using var link = new NetworkLink(address);
    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = ChromiumPath, Headless = true,
        Args =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", $"--renderer-process-limit={renderers}",
            // 200 tabs, one visible: without these Chromium slows the hidden tabs' timers, and with them the circuits' keep-alive.
            "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
        ],
    });
    var context = await browser.NewContextAsync(new() { BaseURL = link.Address.ToString(), ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "en-US" });
    context.SetDefaultTimeout(180_000);
    var signIn = await context.NewPageAsync();
    await BenchSignIn.SignInAsync(signIn, "manager", "Expo#2026");
    await signIn.CloseAsync();
    // One page served and closed: what the first circuit warms (JIT, EF's model, Radzen, the page's queries) is not
    // counted as the first circuit's own.
    var warm = await OpenAsync(context, path, ready);
    await warm.CloseAsync();
    await MeasureAsync("warmed up: one page served and closed", []);

    var pages = new List<IPage>();
    var clock = Stopwatch.StartNew();
    foreach (var step in steps.Where(s => s > 0))
    {
        var opening = new SemaphoreSlim(parallel);
        var opened = await Task.WhenAll(Enumerable.Range(pages.Count, step - pages.Count).Select(async _ =>
        {
            await opening.WaitAsync();
            try
            {
                return await OpenAsync(context, path, ready);
            }
            finally
            {
                opening.Release();
            }
        }));
        pages.AddRange(opened);
        Console.Error.WriteLine($"{pages.Count} pages open after {clock.Elapsed.TotalSeconds:0} s");
        await MeasureAsync($"{step} open", pages, step: true);
    }

    // Each circuit is alive: a search sent over it changes its page (no exhibitor matches).
    var alive = 0;
    foreach (var page in pages)
    {
        await page.Locator(ready).FillAsync("zz-no-such-exhibitor");
        await page.Locator(ready).PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.querySelectorAll(\"[data-testid='exhibitor-company']\").length === 0");
        alive++;
    }
    Console.WriteLine($"Alive: {alive} of {pages.Count} pages answered a search over their circuit.");
    await MeasureAsync($"{pages.Count} open, each used once (a search)", pages);

    var closing = pages.Take(Math.Min(closeCount, pages.Count)).ToList();
    foreach (var page in closing)
    {
        await page.CloseAsync();
    }
    var rest = pages.Skip(closing.Count).ToList();
    await MeasureAsync($"{closing.Count} tabs closed", rest);
    link.Cut();
    await MeasureAsync($"network cut under the other {rest.Count}", rest);
    var waited = retention + TimeSpan.FromSeconds(30) - settle;
    Console.Error.WriteLine($"waiting {waited.TotalSeconds:0} s for the retention period ({retention.TotalMinutes:0} min)");
    await Task.Delay(waited);
    await MeasureAsync("after the retention period", rest);
}
finally
{
    Console.WriteLine();
    Console.WriteLine("| state | pages open in the browser | circuits held by the server | connections | RSS MB | managed heap after full GC MB | live objects MB |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    foreach (var s in samples)
    {
        Console.WriteLine($"| {s.State} | {s.Open}{(s.Down > 0 ? $" ({s.Down} showing the reconnect dialog)" : "")} | {s.Held} | {s.Connections} | " +
            $"{Mb(s.Rss):0} | {Mb(s.Heap):0.0} | {Mb(s.Live):0.0} |");
    }
    var grown = samples.Where(s => s.Step && s.Open >= 10).ToList();
    if (grown.Count >= 2)
    {
        Console.WriteLine();
        Console.WriteLine($"Per circuit (least squares over {string.Join(", ", grown.Select(s => s.Open))} open): " +
            $"RSS {Slope(grown, s => s.Rss):0.00} MB, managed heap {Slope(grown, s => s.Heap):0.00} MB, live objects {Slope(grown, s => s.Live):0.00} MB.");
        foreach (var (a, b) in grown.Zip(grown.Skip(1)))
        {
            Console.WriteLine($"  {a.Open} → {b.Open}: RSS {(Mb(b.Rss) - Mb(a.Rss)) / (b.Open - a.Open):0.00} MB, " +
                $"live objects {(Mb(b.Live) - Mb(a.Live)) / (b.Open - a.Open):0.00} MB per circuit");
        }
    }
    Console.WriteLine($"Circuit events in the app's log: {server.CircuitEvents}.");
    if (!app.HasExited)
    {
        app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
    }
    Directory.Delete(folder, recursive: true);
}

// Lets the app settle, counts the open pages whose connection is down, collects the app's garbage fully, then reads its memory.
async Task MeasureAsync(string state, IReadOnlyList<IPage> open, bool step = false)
{
    await Task.Delay(settle);
    var down = await CountDownAsync(open);
    var (live, heap) = await server.FullCollectionAsync();
    await Task.Delay(TimeSpan.FromSeconds(1));
    var sample = new Sample(state, step, open.Count, down, server.HeldCircuits, ServerProcess.EstablishedConnections(port), server.ResidentBytes(), heap, live);
    samples.Add(sample);
    Console.Error.WriteLine($"{state}: RSS {Mb(sample.Rss):0} MB, heap {Mb(heap):0.0} MB, live {Mb(live):0.0} MB, held circuits {sample.Held}");
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static double Mb(long bytes) => bytes / 1024.0 / 1024.0;

static double Slope(List<Sample> samples, Func<Sample, long> bytes)
{
    var xs = samples.Select(s => (double)s.Open).ToList();
    var ys = samples.Select(s => Mb(bytes(s))).ToList();
    var (mx, my) = (xs.Average(), ys.Average());
    return xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / xs.Sum(x => (x - mx) * (x - mx));
}

// A new tab with the page, once its circuit has attached the page's handlers.
static async Task<IPage> OpenAsync(IBrowserContext context, string path, string ready)
{
    var page = await context.NewPageAsync();
    await page.GotoAsync(path);
    await page.WaitForFunctionAsync("""
        selector => {
            const elements = [...document.querySelectorAll(selector)];
            return elements.length > 0 && elements.every(e => Object.keys(e).some(k => k.startsWith('_blazorEvents_')));
        }
        """, ready);
    return page;
}

// Pages whose reconnect dialog is open (their circuit's connection is down).
static async Task<int> CountDownAsync(IEnumerable<IPage> pages)
{
    var down = 0;
    foreach (var page in pages)
    {
        down += await page.EvaluateAsync<bool>("() => document.getElementById('components-reconnect-modal')?.open === true") ? 1 : 0;
    }
    return down;
}

static Process StartApp(string executable, string db, Uri address, out ServerProcess server)
{
    var info = new ProcessStartInfo(executable)
    {
        WorkingDirectory = Path.GetDirectoryName(executable)!,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    info.ArgumentList.Add("--urls");
    info.ArgumentList.Add(address.ToString().TrimEnd('/'));
    // As the browser journeys start it (tests/Crm.Journeys/CrmAppFixture.cs), plus the framework's circuit events in its log.
    info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    info.Environment["Database__Provider"] = "Sqlite";
    info.Environment["Database__ConnectionString"] = $"Data Source={db}";
    info.Environment["CRM_DB"] = db;
    info.Environment["Web__SignInAttemptsPerMinute"] = "100";
    info.Environment["Matching__TrainOnFirstStart"] = "false";
    info.Environment["Logging__LogLevel__Microsoft.AspNetCore.Components.Server.Circuits"] = "Debug";
    info.Environment["Logging__LogLevel__Crm"] = "Warning";
    var app = Process.Start(info) ?? throw new InvalidOperationException("could not start " + executable);
    var watched = new ServerProcess(app);
    app.OutputDataReceived += (_, e) => { if (e.Data is { } line) { watched.Observe(line); } };
    app.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { Console.Error.WriteLine("app: " + line); } };
    app.BeginOutputReadLine();
    app.BeginErrorReadLine();
    server = watched;
    return app;
}


/// <param name="Step">One of the steps of circuits opened (the per-circuit slope is fitted over these).</param>
/// <param name="Open">Pages open in the browser, each with its circuit; <paramref name="Down"/> of them showing the reconnect dialog.</param>
/// <param name="Held">Circuits the server holds by its log (created, not disposed): connected or kept disconnected.</param>
internal sealed record Sample(string State, bool Step, int Open, int Down, int Held, int Connections, long Rss, long Heap, long Live);
