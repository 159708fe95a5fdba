namespace Crm.Matching.Scheduling;

/// <summary>
/// Checks a schedule against its problem from the raw input, sharing no code with the optimiser, so that tests and the
/// benchmark can trust what it says. Also usable on a schedule people changed by hand.
/// </summary>
public static class ScheduleChecker
{
    /// <summary>Every rule the schedule breaks, in words; empty when it has no conflict.</summary>
    public static IReadOnlyList<string> Violations(ScheduleProblem problem, Schedule schedule)
    {
        var errors = new List<string>();
        var pairs = problem.Pairs.ToDictionary(p => p.Id);
        var buyers = problem.Buyers.ToDictionary(b => b.BuyerId);
        var exhibitors = problem.Exhibitors.ToDictionary(e => e.ExhibitorId);
        var interpreters = problem.Interpreters.ToDictionary(i => i.Id);
        var seen = new Dictionary<int, ScheduledMeeting>();
        var taken = new HashSet<(string What, int Id, int Slot)>();
        var booked = new Dictionary<int, int>();
        var total = 0.0;

        foreach (var meeting in schedule.Meetings)
        {
            var where = $"pair {meeting.PairId} in slot {meeting.Slot}";
            if (!pairs.TryGetValue(meeting.PairId, out var pair))
            {
                errors.Add($"{where}: no such pair");
                continue;
            }
            if (!seen.TryAdd(meeting.PairId, meeting))
            {
                errors.Add($"{where}: the pair meets twice");
                continue;
            }
            total += pair.Value;
            if (meeting.Slot < 0 || meeting.Slot >= problem.Slots)
            {
                errors.Add($"{where}: no such slot");
            }
            if (meeting.Table < 0 || meeting.Table >= problem.Tables)
            {
                errors.Add($"{where}: no such table {meeting.Table}");
            }
            if (buyers.TryGetValue(pair.BuyerId, out var buyer) && !buyer.AvailableSlots.Contains(meeting.Slot))
            {
                errors.Add($"{where}: buyer {pair.BuyerId} is unavailable");
            }
            if (exhibitors.TryGetValue(pair.ExhibitorId, out var exhibitor) && !exhibitor.AvailableSlots.Contains(meeting.Slot))
            {
                errors.Add($"{where}: exhibitor {pair.ExhibitorId} is unavailable");
            }
            booked[pair.ExhibitorId] = booked.GetValueOrDefault(pair.ExhibitorId) + 1;
            if (!taken.Add(("buyer", pair.BuyerId, meeting.Slot)))
            {
                errors.Add($"{where}: buyer {pair.BuyerId} has two meetings");
            }
            if (!taken.Add(("exhibitor", pair.ExhibitorId, meeting.Slot)))
            {
                errors.Add($"{where}: exhibitor {pair.ExhibitorId} has two meetings");
            }
            if (!taken.Add(("table", meeting.Table, meeting.Slot)))
            {
                errors.Add($"{where}: table {meeting.Table} is used twice");
            }
            CheckInterpreter(meeting, pair, interpreters, taken, where, errors);
        }

        foreach (var (id, count) in booked)
        {
            var capacity = exhibitors.TryGetValue(id, out var e) ? e.Capacity : problem.Slots;
            if (count > capacity)
            {
                errors.Add($"exhibitor {id}: {count} meetings, capacity {capacity}");
            }
        }
        foreach (var pin in problem.Pinned)
        {
            if (!seen.TryGetValue(pin.PairId, out var m) || m.Slot != pin.Slot
                || pin.Table is { } t && m.Table != t || pin.InterpreterId is { } i && m.InterpreterId != i)
            {
                errors.Add($"pair {pin.PairId}: its pinned meeting (slot {pin.Slot}) was not kept");
            }
        }
        if (Math.Abs(total - schedule.Total) > 1e-9 * Math.Max(1, Math.Abs(total)))
        {
            errors.Add($"the total {schedule.Total} is not the sum of the meetings' values {total}");
        }
        return errors;
    }

    private static void CheckInterpreter(ScheduledMeeting meeting, MeetingPair pair, Dictionary<int, Interpreter> interpreters,
        HashSet<(string, int, int)> taken, string where, List<string> errors)
    {
        if (pair.Language is null)
        {
            if (meeting.InterpreterId is not null)
            {
                errors.Add($"{where}: an interpreter for a pair that needs none");
            }
            return;
        }
        if (meeting.InterpreterId is not { } id || !interpreters.TryGetValue(id, out var interpreter))
        {
            errors.Add($"{where}: no interpreter for {pair.Language}");
            return;
        }
        if (interpreter.Language != pair.Language)
        {
            errors.Add($"{where}: interpreter {id} speaks {interpreter.Language}, not {pair.Language}");
        }
        if (!interpreter.AvailableSlots.Contains(meeting.Slot))
        {
            errors.Add($"{where}: interpreter {id} is unavailable");
        }
        if (!taken.Add(("interpreter", id, meeting.Slot)))
        {
            errors.Add($"{where}: interpreter {id} has two meetings");
        }
    }
}
