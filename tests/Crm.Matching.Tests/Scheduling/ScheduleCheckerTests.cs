using Crm.Matching.Scheduling;

namespace Crm.Matching.Tests.Scheduling;

/// <summary>The checker the tests and the benchmark rely on: it must see every kind of conflict.</summary>
public class ScheduleCheckerTests
{
    // Buyers 10 and 11, exhibitors 20 (capacity 1) and 21; one Spanish interpreter (7) free in slot 0 only.
    private static readonly ScheduleProblem Problem = new(Slots: 2, Tables: 2,
    [
        new MeetingPair(1, 10, 20, 1.0),
        new MeetingPair(2, 11, 21, 2.0) { Language = "es" },
        new MeetingPair(3, 10, 21, 4.0),
        new MeetingPair(4, 11, 20, 8.0),
    ])
    {
        Exhibitors = [new ExhibitorSlots(20, Capacity: 1, [0, 1]), new ExhibitorSlots(21, Capacity: 2, [0, 1])],
        Buyers = [new BuyerSlots(10, [0, 1]), new BuyerSlots(11, [0, 1])],
        Interpreters = [new Interpreter(7, "es", [0]), new Interpreter(8, "ru", [0, 1])],
        Pinned = [new PinnedMeeting(3, Slot: 1)],
    };

    private static readonly ScheduledMeeting[] Valid = [new(1, 0, 0, null), new(2, 0, 1, 7), new(3, 1, 0, null)];

    private static IReadOnlyList<string> Check(params ScheduledMeeting[] meetings) =>
        ScheduleChecker.Violations(Problem, new Schedule(meetings, meetings.Sum(m => Problem.Pairs.SingleOrDefault(p => p.Id == m.PairId)?.Value ?? 0)));

    [Fact]
    public void A_valid_schedule_passes()
    {
        Assert.Empty(Check(Valid));
    }

    [Theory]
    [InlineData(1, 1, 0, "buyer 10 has two meetings")]       // pair 1 beside pair 3 in slot 1
    [InlineData(1, 0, 1, "table 1 is used twice")]
    [InlineData(1, 0, 5, "no such table")]
    [InlineData(1, 2, 0, "no such slot")]
    public void Moving_a_meeting_into_a_conflict_is_seen(int pair, int slot, int table, string expected)
    {
        var meetings = Valid.Select(m => m.PairId == pair ? m with { Slot = slot, Table = table } : m).ToArray();
        Assert.Contains(Check(meetings), v => v.Contains(expected));
    }

    [Fact]
    public void Every_other_rule_is_checked()
    {
        Assert.Contains(Check([.. Valid, new(4, 1, 1, null)]), v => v.Contains("exhibitor 20: 2 meetings, capacity 1"));
        Assert.Contains(Check(Valid[0], Valid[1], new(3, 0, 0, null)), v => v.Contains("not kept"));
        Assert.Contains(Check(Valid[0], Valid[1]), v => v.Contains("not kept"));
        Assert.Contains(Check(Valid[0], Valid[1] with { InterpreterId = null }, Valid[2]), v => v.Contains("no interpreter"));
        Assert.Contains(Check(Valid[0], Valid[1] with { InterpreterId = 8 }, Valid[2]), v => v.Contains("speaks ru"));
        Assert.Contains(Check(Valid[0], Valid[1] with { Slot = 1, Table = 1 }, Valid[2]), v => v.Contains("interpreter 7 is unavailable"));
        Assert.Contains(Check(Valid[0] with { InterpreterId = 8 }, Valid[1], Valid[2]), v => v.Contains("needs none"));
        Assert.Contains(Check([.. Valid, Valid[0]]), v => v.Contains("meets twice"));
        Assert.Contains(Check([.. Valid, new(9, 1, 1, null)]), v => v.Contains("no such pair"));
        Assert.Contains(ScheduleChecker.Violations(Problem, new Schedule(Valid, 99)), v => v.Contains("not the sum"));
    }

    [Fact]
    public void Unavailable_buyers_and_exhibitors_and_busy_exhibitors_are_seen()
    {
        var problem = Problem with
        {
            Buyers = [new BuyerSlots(10, [1]), new BuyerSlots(11, [0, 1])],
            Exhibitors = [new ExhibitorSlots(20, 1, [1]), new ExhibitorSlots(21, 2, [0, 1])],
        };
        var violations = ScheduleChecker.Violations(problem, new Schedule(Valid, 7.0));
        Assert.Contains(violations, v => v.Contains("buyer 10 is unavailable"));
        Assert.Contains(violations, v => v.Contains("exhibitor 20 is unavailable"));

        var twice = ScheduleChecker.Violations(Problem, new Schedule([Valid[1], new(3, 0, 0, null)], 6.0));
        Assert.Contains(twice, v => v.Contains("exhibitor 21 has two meetings"));
    }
}
