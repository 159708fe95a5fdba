using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Crm.Bench;

/// <summary>
/// The app's process as the bench watches it from outside: its resident memory (/proc), its managed heap after a full
/// garbage collection (induced and reported over the runtime's diagnostics port, as dotnet-gcdump does: no endpoint
/// in the product), and its circuits as the framework logs them (Microsoft.AspNetCore.Components.Server.Circuits at
/// Debug, switched on for the bench's instance only).
/// </summary>
internal sealed partial class ServerProcess(Process app)
{
    private int _opened, _disposed, _disconnected, _reconnected, _evictedCapacity, _evictedExpired;

    public int Id => app.Id;

    /// <summary>Circuits created and not yet disposed: connected ones and the disconnected ones the server still holds.</summary>
    public int HeldCircuits => Volatile.Read(ref _opened) - Volatile.Read(ref _disposed);

    public string CircuitEvents =>
        $"opened {_opened}, disconnected {_disconnected}, reconnected {_reconnected}, disposed {_disposed} " +
        $"(evicted: {_evictedCapacity} over the retained limit, {_evictedExpired} after the retention period)";

    /// <summary>Counts the circuit events of one line of the app's log.</summary>
    public void Observe(string line)
    {
        if (OpeningCircuit().IsMatch(line)) Interlocked.Increment(ref _opened);
        else if (DisposedCircuit().IsMatch(line)) Interlocked.Increment(ref _disposed);
        else if (DisconnectedCircuit().IsMatch(line)) Interlocked.Increment(ref _disconnected);
        else if (ReconnectedCircuit().IsMatch(line)) Interlocked.Increment(ref _reconnected);
        else if (EvictedCircuit().Match(line) is { Success: true } evicted)
        {
            if (evicted.Groups[1].Value.Contains("Capacity", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _evictedCapacity);
            else if (evicted.Groups[1].Value.Contains("Expired", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _evictedExpired);
        }
    }

    /// <summary>VmRSS of the process, in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{app.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>TCP connections established to the app's port (the circuits' WebSockets and the browser's HTTP connections).</summary>
    public static int EstablishedConnections(int port)
    {
        var local = $":{port:X4}";
        return File.ReadLines("/proc/net/tcp").Skip(1).Concat(File.Exists("/proc/net/tcp6") ? File.ReadLines("/proc/net/tcp6").Skip(1) : [])
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f.Length > 3 && f[1].EndsWith(local, StringComparison.Ordinal) && f[3] == "01");
    }

    /// <summary>
    /// Induces a full, blocking garbage collection in the app (a diagnostics session asking for the GC heap collect
    /// keyword makes the runtime collect, as dotnet-gcdump does) and returns the heap it reports after it: the bytes
    /// that survived (the live objects) and the size of the heap's generations.
    /// </summary>
    public async Task<(long Live, long Heap)> FullCollectionAsync()
    {
        var client = new DiagnosticsClient(app.Id);
        var keywords = (long)(ClrTraceEventParser.Keywords.GC | ClrTraceEventParser.Keywords.GCHeapCollect);
        using var session = await client.StartEventPipeSessionAsync(
            [new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, keywords)], requestRundown: false, token: CancellationToken.None);
        using var events = new EventPipeEventSource(session.EventStream);
        var full = false;
        var after = new TaskCompletionSource<(long, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
        events.Clr.GCStart += e => full = e.Depth == 2;
        events.Clr.GCHeapStats += e =>
        {
            if (full)
            {
                after.TrySetResult((e.TotalPromoted, e.TotalHeapSize));
            }
        };
        var reading = Task.Run(events.Process);
        try
        {
            return await after.Task.WaitAsync(TimeSpan.FromSeconds(120));
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await reading;
        }
    }

    [GeneratedRegex("Opening circuit with id")]
    private static partial Regex OpeningCircuit();

    [GeneratedRegex("Disposing circuit '[^']+' succeeded")]
    private static partial Regex DisposedCircuit();

    [GeneratedRegex("Circuit with id \\S+ is disconnected")]
    private static partial Regex DisconnectedCircuit();

    [GeneratedRegex("Reconnect to circuit with id \\S+ succeeded")]
    private static partial Regex ReconnectedCircuit();

    [GeneratedRegex("Circuit with id \\S+ evicted due to (\\S+)")]
    private static partial Regex EvictedCircuit();
}
