using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// The real app, as users get it: its built executable started as a separate process on a free 127.0.0.1 port over a
/// prepared SQLite file, and Debian's Chromium driven by Playwright with a fresh profile.
/// </summary>
public sealed class CrmAppFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The password of every user of the demo seed (docs: README "Demo users").</summary>
    public const string DemoPassword = "Expo#2026";

    /// <summary>The launch flags verified on the project's machines (docs: STACK "Browser tests").</summary>
    internal static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("crm-journey-").FullName;
    private readonly StringBuilder _appLog = new();
    private Process? _app;
    private IPlaywright? _playwright;

    public string DatabaseFile => Path.Combine(_folder, "crm.db");

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>
    /// A separate Chromium for journeys that sign in as several users (one browser context each), launched with the
    /// same verified flags; its contexts use the app's address as their base.
    /// </summary>
    public Task<IBrowser> LaunchBrowserAsync() =>
        _playwright!.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumFlags });

    public IBrowserContext Browser { get; private set; } = null!;

    /// <summary>A page in a fresh context of <paramref name="browser"/>: no cookies of another user.</summary>
    public async Task<IPage> NewPageAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = 1440, Height = 900 },
            Locale = "en-US",
        });
        return await context.NewPageAsync();
    }

    /// <summary>A page in a fresh context, signed in as <paramref name="userName"/>, and the script errors it raises from then on.</summary>
    public async Task<(IPage Page, List<string> Failures)> SignedInPageAsync(IBrowser browser, string userName)
    {
        var page = await NewPageAsync(browser);
        var failures = new List<string>();
        page.PageError += (_, error) => failures.Add(error);
        await page.GotoAsync("/account/sign-in");
        await SubmitSignInAsync(page, userName, DemoPassword);
        return (page, failures);
    }

    /// <summary>Screenshots and the app's log go here (the test output folder).</summary>
    public static string OutputFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "journeys")).FullName;

    public async Task InitializeAsync()
    {
        RequireChromium();
        await PrepareDatabaseAsync();
        StartApp();
        await WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));

        _playwright = await Playwright.CreateAsync();
        // Expectations wait up to 15 s, not Playwright's 5: a save's round trip on a 2-core machine running the other
        // test projects beside the journeys took longer than 5 s (SigningEventJourney's notification, once).
        Assertions.SetDefaultExpectTimeout(15_000);
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(Path.Combine(_folder, "chromium-profile"), new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumFlags,
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = 1440, Height = 900 },
            Locale = "en-US", // the browser's language must not decide: the app starts in Chinese
        });
    }

    /// <summary>The product's own small seed, loaded by the app's command line as an operator would.</summary>
    private Task PrepareDatabaseAsync() => RunAppAsync("db", "seed", "--size", "small", "--db", DatabaseFile);

    /// <summary>
    /// Fills and submits the sign-in form, then waits for the answer: a full form POST gives a new document (the sign-in
    /// page again, or the app), recognised by the missing mark of the old one.
    /// </summary>
    public static async Task SubmitSignInAsync(IPage page, string userName, string password)
    {
        await page.Locator("#user-name").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.EvaluateAsync("() => window.crmPreviousPage = true");
        await page.Locator("[data-testid='sign-in']").ClickAsync();
        await page.WaitForFunctionAsync("() => window.crmPreviousPage === undefined && document.readyState !== 'loading'");
    }

    /// <summary>
    /// The page is prerendered, then Blazor's circuit takes it over: a click counts only once the circuit has attached
    /// the element's handlers, which Blazor's event delegator marks on the element (a property _blazorEvents_N).
    /// </summary>
    public static Task WaitForCircuitAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync("""
            selector => {
                const elements = [...document.querySelectorAll(selector)];
                return elements.length > 0 && elements.every(e => Object.keys(e).some(k => k.startsWith('_blazorEvents_')));
            }
            """, selector);

    /// <summary>
    /// The dialog marked <paramref name="testId"/>, once it is open and Radzen has moved the focus into it. Radzen focuses a dialog's first field on a 500 ms timer; a journey that types before then can have
    /// its second field's text land in the first (seen under load: both names in the English field).
    /// </summary>
    public static async Task<ILocator> DialogAsync(IPage page, string testId)
    {
        var dialog = page.Locator($"[data-testid='{testId}']");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("""
            testId => document.activeElement?.closest('.rz-dialog-content')?.querySelector(`[data-testid='${testId}']`) != null
            """, testId);
        return dialog;
    }

    /// <summary>The seed's records of a kind, exported by the app's own command line from the journey's database.</summary>
    public async Task<List<Dictionary<string, string>>> ExportAsync(string kind)
    {
        var file = Path.Combine(Path.GetTempPath(), $"crm-journey-{kind}-{Guid.NewGuid():N}.csv");
        try
        {
            await RunAppAsync("export", kind, file, "--db", DatabaseFile);
            var lines = File.ReadAllLines(file).Select(Fields).ToList();
            return lines.Skip(1).Select(fields => lines[0].Zip(fields).ToDictionary(p => p.First, p => p.Second)).ToList();
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>One CSV line (RFC 4180 quoting; the seed's fields hold no line breaks).</summary>
    private static List<string> Fields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else { field.Append(c); }
        }
        fields.Add(field.ToString());
        return fields;
    }

    /// <summary>Runs one of the app's command-line verbs (e.g. db seed) to completion; fails with its output otherwise.</summary>
    public async Task RunAppAsync(params string[] args)
    {
        using var process = Process.Start(AppStartInfo(args)) ?? throw new InvalidOperationException("could not start " + AppExecutable);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'Crm.Web {string.Join(' ', args)}' exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }

    /// <summary>
    /// The app's process dies (killed, as a crash or a power cut would stop it: nothing is flushed or closed) and is
    /// started again over the same database on the same address, as a supervisor restarts it. Circuits open in browsers
    /// are gone with it. Returns once the new process answers /health.
    /// </summary>
    public async Task CrashAndRestartAppAsync()
    {
        _app!.Kill(entireProcessTree: true);
        await _app.WaitForExitAsync();
        _app.Dispose();
        lock (_appLog)
        {
            _appLog.AppendLine("---- the journey killed the app; starting it again ----");
        }
        StartApp(BaseAddress.Port);
        await WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
    }

    private void StartApp(int? samePort = null)
    {
        var port = samePort ?? FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        _app = Process.Start(AppStartInfo(["--urls", $"http://127.0.0.1:{port}"]))
            ?? throw new InvalidOperationException("could not start " + AppExecutable);
        _app.OutputDataReceived += (_, e) => { lock (_appLog) { _appLog.AppendLine(e.Data); } };
        _app.ErrorDataReceived += (_, e) => { lock (_appLog) { _appLog.AppendLine(e.Data); } };
        _app.BeginOutputReadLine();
        _app.BeginErrorReadLine();
    }

    private ProcessStartInfo AppStartInfo(IEnumerable<string> args) => AppStartInfo(DatabaseFile, args);

    /// <summary>The app's executable with these arguments over this SQLite file, configured as the journeys run it.</summary>
    internal static ProcessStartInfo AppStartInfo(string databaseFile, IEnumerable<string> args)
    {
        if (!File.Exists(AppExecutable))
        {
            throw new InvalidOperationException(
                $"The app's executable is missing at {AppExecutable}. Build it: dotnet build src/Crm.Web (or set CRM_WEB_EXE).");
        }
        var info = new ProcessStartInfo(AppExecutable)
        {
            WorkingDirectory = Path.GetDirectoryName(AppExecutable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__Provider"] = "Sqlite";
        info.Environment["Database__ConnectionString"] = $"Data Source={databaseFile}";
        info.Environment["CRM_DB"] = databaseFile;
        // Every journey signs in from 127.0.0.1: the per-address limit of sign-in attempts is raised for the suite
        // (the limit itself is tested in Crm.Web.Tests).
        info.Environment["Web__SignInAttemptsPerMinute"] = "100";
        // The model page's journey trains the first model itself (the app's own first training is tested in Crm.Web.Tests).
        info.Environment["Matching__TrainOnFirstStart"] = "false";
        return info;
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_app!.HasExited)
            {
                throw new InvalidOperationException($"The app stopped with exit code {_app.ExitCode} before answering /health:\n{AppLog}");
            }
            try
            {
                var response = await http.GetAsync("health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The app did not report healthy within {timeout.TotalSeconds} s:\n{AppLog}");
    }

    public string AppLog
    {
        get { lock (_appLog) { return _appLog.ToString(); } }
    }

    internal static string AppExecutable =>
        Environment.GetEnvironmentVariable("CRM_WEB_EXE") is { Length: > 0 } path
            ? path
            : typeof(CrmAppFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrmWebExecutable").Value!;

    /// <summary>No browser, no journeys: fail loudly with what to run, never skip.</summary>
    internal static void RequireChromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}; the browser journeys need it. Install it with: " +
                "sudo apt-get install -y chromium fonts-noto-cjk   (never 'playwright install': the product uses Debian's Chromium)");
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app is { HasExited: false })
        {
            _app.Kill(entireProcessTree: true);
            await _app.WaitForExitAsync();
        }
        File.WriteAllText(Path.Combine(OutputFolder, "app.log"), AppLog);
        _app?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a process that is going away; the temp folder is cleaned by the system
        }
    }
}

[CollectionDefinition(Name)]
public sealed class CrmAppCollection : ICollectionFixture<CrmAppFixture>
{
    public const string Name = "The running app";
}
