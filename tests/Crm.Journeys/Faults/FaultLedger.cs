using System.Text;

namespace Crm.Journeys.Faults;

/// <summary>One injected fault and what survived it.</summary>
/// <param name="Work">import, scoring or schedule.</param>
/// <param name="Process">The process killed: the command line's verb or the web app.</param>
/// <param name="Detail">What it was doing, e.g. "companies, 20,000 rows".</param>
/// <param name="Moment">When (<see cref="KillMoment"/>).</param>
/// <param name="Before">The state the test compares, before the kill.</param>
/// <param name="After">The same after the kill (and the restart, for the web app).</param>
/// <param name="Integrity">PRAGMA integrity_check after the kill.</param>
/// <param name="Job">The job's row after the restart, for the web app's jobs.</param>
/// <param name="Rerun">What running the work again gave.</param>
public sealed record FaultRecord(string Work, string Process, string Detail, KillMoment Moment, string Before, string After, string Integrity, string Job, string Rerun);

/// <summary>
/// The kills a run of the fault tests injected and what survived each, written to <c>journeys/faults.md</c> in the test
/// output folder when the collection ends.
/// </summary>
public sealed class FaultLedger
{
    private readonly List<FaultRecord> _records = [];
    private readonly List<string> _kills = [];

    /// <summary>Counts a kill as it is injected, whether or not its test then passes.</summary>
    public void Killed(string work, string process)
    {
        lock (_records)
        {
            _kills.Add($"{work}, {process}");
        }
    }

    /// <summary>A kill whose every check passed.</summary>
    public void Add(FaultRecord record)
    {
        lock (_records)
        {
            _records.Add(record);
        }
    }

    public string ToMarkdown()
    {
        lock (_records)
        {
            var text = new StringBuilder();
            text.AppendLine($"# Fault tests, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {_kills.Count} SIGKILL(s) injected, {_records.Count} passed every check");
            text.AppendLine();
            foreach (var kind in _kills.CountBy(k => k))
            {
                text.AppendLine($"- {kind.Key}: {kind.Value} killed, {_records.Count(r => $"{r.Work}, {r.Process}" == kind.Key)} passed");
            }
            text.AppendLine();
            text.AppendLine("| fault injected | killed at | before | after | integrity | job after restart | rerun |");
            text.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var r in _records)
            {
                text.AppendLine($"| {r.Work}, {r.Process}: {r.Detail} | {r.Moment} | {r.Before} | {r.After} | {r.Integrity} | {r.Job} | {r.Rerun} |");
            }
            return text.ToString();
        }
    }
}
