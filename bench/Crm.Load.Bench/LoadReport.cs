using System.Globalization;
using System.Text;

namespace Crm.Load;

/// <summary>Throughput, latency percentiles per kind of request, failures and the checks: a markdown table and a JSON summary.</summary>
public sealed record LoadReport(string Markdown, object Summary, bool Passed)
{
    public static LoadReport Build(IReadOnlyList<Sample> samples, TimeSpan elapsed, int clients, IReadOnlyList<Check> checks, long rssBefore, long peakRss)
    {
        var rows = samples.GroupBy(s => s.Kind).OrderBy(g => g.Key).Select(g => Row(g.Key, g.ToList(), elapsed)).Append(Row("all", samples, elapsed)).ToList();
        var serverErrors = samples.Count(s => s.Status is 0 or >= 500);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{clients} clients, {elapsed.TotalSeconds:0.0} s, {samples.Count} requests; app memory {rssBefore / 1048576} MB at start, {peakRss / 1048576} MB at peak");
        text.AppendLine();
        text.AppendLine("| requests | count | per s | p50 ms | p95 ms | p99 ms | max ms | 2xx | 409 | other 4xx | 5xx or none |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Kind} | {r.Count} | {r.PerSecond:0.0} | {r.P50:0} | {r.P95:0} | {r.P99:0} | {r.Max:0} | {r.Ok} | {r.Conflicts} | {r.Refused} | {r.Errors} |");
        }
        text.AppendLine();
        text.AppendLine("| check | holds | found |");
        text.AppendLine("|---|---|---|");
        foreach (var c in checks)
        {
            text.AppendLine($"| {c.Name} | {(c.Holds ? "yes" : "**NO**")} | {c.Found} |");
        }
        var passed = serverErrors == 0 && checks.All(c => c.Holds);
        text.AppendLine();
        text.AppendLine(passed ? "PASSED: no server error, every check holds" : "FAILED");
        return new LoadReport(text.ToString(), new { clients, seconds = elapsed.TotalSeconds, requests = samples.Count, rows, checks, rssBefore, peakRss, passed }, passed);
    }

    private static LatencyRow Row(string kind, IReadOnlyList<Sample> samples, TimeSpan elapsed)
    {
        var sorted = samples.Select(s => s.Milliseconds).Order().ToArray();
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new LatencyRow(kind, samples.Count, samples.Count / elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99), sorted.LastOrDefault(),
            samples.Count(s => s.Status is >= 200 and < 300), samples.Count(s => s.Status == 409),
            samples.Count(s => s.Status is >= 400 and < 500 and not 409), samples.Count(s => s.Status is 0 or >= 500));
    }
}

public sealed record LatencyRow(string Kind, int Count, double PerSecond, double P50, double P95, double P99, double Max, int Ok, int Conflicts, int Refused, int Errors);
