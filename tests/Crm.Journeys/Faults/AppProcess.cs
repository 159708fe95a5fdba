using System.Diagnostics;
using System.Net;
using System.Text;

namespace Crm.Journeys.Faults;

/// <summary>
/// The app's built executable run as its own process over a test's SQLite file: a command-line verb, or the web app on a
/// free port. Its output is kept line by line (standard error apart: the verbs print their progress there) so a test
/// can wait for a moment of the work, and <see cref="KillAsync"/> ends it with SIGKILL: no shutdown code runs.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    /// <summary>What a process killed by SIGKILL (signal 9) exits with, as .NET reports it on Linux: 128 + 9.</summary>
    public const int KilledBySigkill = 137;

    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly List<string> _errors = [];

    private AppProcess(ProcessStartInfo info, string description)
    {
        Description = description;
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + CrmAppFixture.AppExecutable);
        _process.OutputDataReceived += (_, e) => Keep(e.Data, error: false);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data, error: true);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Description { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public Uri? BaseAddress { get; private init; }

    /// <summary>Everything it printed so far, standard output and error interleaved as they came.</summary>
    public string Log
    {
        get { lock (_log) { return _log.ToString(); } }
    }

    /// <summary>The lines of standard error so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get { lock (_log) { return [.. _errors]; } }
    }

    /// <summary>A command-line verb, e.g. <c>import companies FILE</c>, over <paramref name="databaseFile"/>.</summary>
    public static AppProcess StartVerb(string databaseFile, params string[] args)
    {
        var info = CrmAppFixture.AppStartInfo(databaseFile, [.. args, "--db", databaseFile, "--lang", "en"]);
        return new AppProcess(info, "Crm.Web " + string.Join(' ', args));
    }

    /// <summary>The web app on a free 127.0.0.1 port, answering /health.</summary>
    public static async Task<AppProcess> StartWebAsync(string databaseFile, IReadOnlyDictionary<string, string> settings)
    {
        var port = CrmAppFixture.FreePort();
        var info = CrmAppFixture.AppStartInfo(databaseFile, ["--urls", $"http://127.0.0.1:{port}"]);
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }
        var app = new AppProcess(info, "Crm.Web (web app)") { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(120));
        return app;
    }

    /// <summary>Waits for a verb to finish by itself; its exit code.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"'{Description}' did not finish within {timeout.TotalSeconds} s:\n{Log}");
        }
        _process.WaitForExit(); // the last lines of output are read
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, then waits for the process to be gone; its exit code (<see cref="KilledBySigkill"/>).</summary>
    public async Task<int> KillAsync()
    {
        _process.Kill(entireProcessTree: false); // SIGKILL on Linux: no graceful shutdown, no finally blocks, no disposal
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    private void Keep(string? line, bool error)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
            if (error)
            {
                _errors.Add(line);
            }
        }
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app stopped with exit code {_process.ExitCode} before answering /health:\n{Log}");
            }
            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The app did not report healthy within {timeout.TotalSeconds} s:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
