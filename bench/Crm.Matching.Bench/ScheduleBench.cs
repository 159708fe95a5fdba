using System.Diagnostics;
using Crm.Matching.Scheduling;
using Crm.Matching.Tests.Scheduling;

/// <summary>
/// The schedule optimiser on the target session of issue 6 (3,000 pairs, 300 tables, 12 slots), generated the same way
/// for the same seed: the optimiser's whole plan (bound, first-come booking and search), first-come booking alone and
/// the bound alone, timed over several runs; every schedule is checked. How to run it: docs/benchmarks.md.
/// </summary>
internal static class ScheduleBench
{
    /// <param name="tables">Tables instead of the target's 300 (fewer make a tighter session); likewise slots.</param>
    public static void Run(int seed, int runs, int? tables = null, int? slots = null)
    {
        var target = SessionShape.Target;
        var shape = target with { Tables = tables ?? target.Tables, Slots = slots ?? target.Slots };
        var problem = ScheduleInstances.Generate(shape, seed);
        var capacity = problem.Exhibitors.Sum(e => e.Capacity);
        Console.WriteLine($"session seed {seed}: {problem.Pairs.Count:N0} pairs, {shape.Buyers:N0} buyers, {shape.Exhibitors} exhibitors " +
            $"(capacity {capacity:N0} in all), {problem.Tables} tables, {problem.Slots} slots, " +
            $"{problem.Pairs.Count(p => p.Language is not null)} pairs needing one of {problem.Interpreters.Count} interpreters; " +
            $"{Environment.ProcessorCount} cores; {runs} runs");

        var planTimes = new List<double>();
        var firstComeTimes = new List<double>();
        var boundTimes = new List<double>();
        SchedulePlan? plan = null;
        for (var r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            plan = ScheduleOptimiser.Plan(problem);
            planTimes.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            var firstCome = FirstComeBooking.Book(problem);
            firstComeTimes.Add(clock.Elapsed.TotalSeconds);
            clock.Restart();
            var bound = ScheduleBound.UpperBound(problem);
            boundTimes.Add(clock.Elapsed.TotalSeconds);

            var violations = ScheduleChecker.Violations(problem, plan.Schedule).Concat(ScheduleChecker.Violations(problem, firstCome)).ToList();
            if (violations.Count > 0)
            {
                throw new InvalidOperationException("A schedule has conflicts: " + string.Join("; ", violations.Take(5)));
            }
            Console.WriteLine($"run {r + 1}: plan {planTimes[^1]:F2} s ({plan.Schedule.Meetings.Count:N0} meetings, total {plan.Quality.Total:F1}), " +
                $"first-come {firstComeTimes[^1]:F3} s ({firstCome.Meetings.Count:N0} meetings, {firstCome.Total:F1}), bound {boundTimes[^1]:F3} s ({bound:F1}); checked");
        }
        var q = plan!.Quality;
        Console.WriteLine($"SCHEDULE median {Median(planTimes):F2} s for the whole plan (first-come alone {Median(firstComeTimes):F3} s, bound alone {Median(boundTimes):F3} s)");
        Console.WriteLine($"  optimiser {q.Total:F1} ({plan.Schedule.Meetings.Count:N0} meetings), upper bound {q.UpperBound:F1}, gap {q.Gap:P2}; " +
            $"first-come {q.FirstComeTotal:F1}, gap {q.FirstComeGap:P2}; optimiser/first-come {q.Total / q.FirstComeTotal:F3}; complete {plan.Complete}");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
