using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Crm.Web.Tests.Instances;

/// <summary>
/// The built app (the executable beside these tests) over the test database, listening on a free loopback port,
/// configured by environment variables as systemd would.
/// </summary>
internal sealed partial class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(Process process) => _process = process;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static AppProcess Start(TestDatabase database, params (string Variable, string Value)[] environment)
    {
        var executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Crm.Web.exe" : "Crm.Web");
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in database.Settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        info.Environment["Matching__TrainOnFirstStart"] = "false";
        foreach (var (variable, value) in environment)
        {
            info.Environment[variable] = value;
        }
        var app = new AppProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start " + executable));
        app._process.OutputDataReceived += (_, e) => app.Received(e.Data);
        app._process.ErrorDataReceived += (_, e) => app.Received(e.Data);
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        return app;
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
        }
        if (ListeningOn().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups["url"].Value));
        }
    }

    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the app was still running after {timeout}:\n{Log}");
        }
        return _process.ExitCode;
    }

    public async Task<Uri> ListeningAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(timeout));
        Assert.True(first == _listening.Task, $"the app did not start listening:\n{Log}");
        return await _listening.Task;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningOn();
}
