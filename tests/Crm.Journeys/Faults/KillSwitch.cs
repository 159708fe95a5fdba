using System.Diagnostics;

namespace Crm.Journeys.Faults;

/// <summary>When and how a process was killed: what showed the work in progress, how long after the start, the write-ahead
/// log's size then, and the exit code (<see cref="AppProcess.KilledBySigkill"/>).</summary>
public sealed record KillMoment(string Seen, TimeSpan After, long WalBytes, int ExitCode)
{
    public override string ToString() => $"{Seen}, write lock held, {After.TotalSeconds:0.0} s in, WAL {WalBytes:N0} B, exit {ExitCode}";
}

/// <summary>
/// Kills a process with SIGKILL at a moment its work is verifiably under way: the test's sign of progress (a progress
/// line, the job's row) shows, and the database's write lock is held, i.e. its write transaction is open. Nothing
/// else writes to a test's database meanwhile, so the lock is the process's.
/// </summary>
internal static class KillSwitch
{
    public static async Task<KillMoment> KillWhileWritingAsync(AppProcess process, string databaseFile, Func<Task<string?>> inProgress, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string? last = null;
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"'{process.Description}' finished before it could be killed while writing (last sign: {last ?? "none"}): " +
                    $"the work is too small to catch on this machine.\n{process.Log}");
            }
            // The sign (which may also give up, throwing), then lock, sign, lock: the sign read while one write transaction is open.
            var seen = await inProgress();
            last = seen ?? last;
            if (seen is not null && FaultDatabase.WriteLockHeld(databaseFile) && await inProgress() is { } sign && FaultDatabase.WriteLockHeld(databaseFile))
            {
                var wal = FaultDatabase.WalBytes(databaseFile);
                var exit = await process.KillAsync();
                return new KillMoment(sign, clock.Elapsed, wal, exit);
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"'{process.Description}' was not seen writing within {timeout.TotalSeconds} s (last sign: {last ?? "none"}).\n{process.Log}");
    }
}
