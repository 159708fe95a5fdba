using Crm.Matching.Scheduling;

namespace Crm.Matching.Tests.Scheduling;

/// <summary>The schedule optimiser on sessions small enough to solve by hand or by exhaustive search, and on generated ones.</summary>
public class ScheduleOptimiserTests
{
    private static int[] Slots(params int[] slots) => slots;

    private static MeetingPair Pair(int id, int buyer, int exhibitor, double value, long arrival = 0, string? language = null) =>
        new(id, buyer, exhibitor, value) { Arrival = arrival, Language = language };

    private static SchedulePlan PlanChecked(ScheduleProblem problem)
    {
        var plan = ScheduleOptimiser.Plan(problem);
        Assert.Empty(ScheduleChecker.Violations(problem, plan.Schedule));
        Assert.True(plan.Complete);
        return plan;
    }

    [Fact]
    public void An_exhibitor_with_one_place_meets_the_more_valuable_buyer_where_first_come_books_the_first_to_ask()
    {
        var problem = new ScheduleProblem(Slots: 2, Tables: 5, [Pair(1, 10, 20, 1.0, arrival: 1), Pair(2, 11, 20, 5.0, arrival: 2)])
        {
            Exhibitors = [new ExhibitorSlots(20, Capacity: 1, Slots(0, 1))],
        };

        var plan = PlanChecked(problem);

        Assert.Equal(2, Assert.Single(plan.Schedule.Meetings).PairId);
        Assert.Equal(5.0, plan.Quality.Total);
        Assert.Equal(1.0, plan.Quality.FirstComeTotal);
        Assert.Equal(5.0, plan.Quality.UpperBound);
        Assert.Equal(0.0, plan.Quality.Gap);
        Assert.Equal(0.8, plan.Quality.FirstComeGap, 10);
    }

    [Fact]
    public void A_meeting_is_moved_later_to_make_room_for_a_buyer_who_can_only_come_early()
    {
        // First come puts pair 1 in slot 0, the only slot buyer 11 has; the optimiser moves it to slot 1.
        var problem = new ScheduleProblem(Slots: 2, Tables: 5, [Pair(1, 10, 20, 3.0, arrival: 1), Pair(2, 11, 20, 2.0, arrival: 2)])
        {
            Buyers = [new BuyerSlots(11, Slots(0))],
        };

        var plan = PlanChecked(problem);

        Assert.Equal([(1, 1), (2, 0)], plan.Schedule.Meetings.Select(m => (m.PairId, m.Slot)).Order());
        Assert.Equal(5.0, plan.Quality.Total);
        Assert.Equal(3.0, plan.Quality.FirstComeTotal);
        Assert.Equal(5.0, plan.Quality.UpperBound);
    }

    [Fact]
    public void A_chain_of_two_moves_makes_room_for_a_pair_that_can_only_meet_in_slot_0()
    {
        // Pair 1 (buyer 10, exhibitor 21) is booked first, in slot 0; pair 2 (exhibitor 21) in slot 1. Pair 3 (buyer 10)
        // can only meet in slot 0: pair 1 must move to slot 1, so pair 2 must first move to slot 2. Ruin and recreate is
        // off, so only the chain can find this.
        var problem = new ScheduleProblem(Slots: 3, Tables: 5,
            [Pair(1, 10, 21, 3.0, arrival: 1), Pair(2, 12, 21, 2.0, arrival: 2), Pair(3, 10, 20, 1.0, arrival: 3)])
        {
            Exhibitors = [new ExhibitorSlots(20, 3, Slots(0)), new ExhibitorSlots(21, 3, Slots(0, 1, 2))],
            Buyers = [new BuyerSlots(10, Slots(0, 1)), new BuyerSlots(12, Slots(1, 2))],
        };

        var plan = ScheduleOptimiser.Plan(problem, new ScheduleOptions { RebuildRounds = 0 });

        Assert.Empty(ScheduleChecker.Violations(problem, plan.Schedule));
        Assert.Equal([(1, 1), (2, 2), (3, 0)], plan.Schedule.Meetings.Select(m => (m.PairId, m.Slot)).Order());
        Assert.Equal(5.0, plan.Quality.FirstComeTotal);
        Assert.Equal(6.0, plan.Quality.UpperBound);
    }

    [Fact]
    public void When_two_pairs_want_the_only_table_of_slot_0_the_bound_stays_above_the_best_schedule()
    {
        // One table. Pairs 1 and 2 can only meet in slot 0, pair 3 in either slot. The best schedule is one of pairs 1
        // and 2 in slot 0 and pair 3 in slot 1 = 1.1. The bound counts two table-slots and no slot clash: 2.0.
        var problem = new ScheduleProblem(Slots: 2, Tables: 1, [Pair(1, 10, 20, 1.0), Pair(2, 11, 21, 1.0), Pair(3, 12, 22, 0.1)])
        {
            Exhibitors = [new ExhibitorSlots(20, 2, Slots(0)), new ExhibitorSlots(21, 2, Slots(0))],
        };

        var plan = PlanChecked(problem);

        Assert.Equal(1.1, plan.Quality.Total, 10);
        Assert.Equal(2.0, plan.Quality.UpperBound, 10);
        Assert.Equal(0.45, plan.Quality.Gap, 10);
        Assert.Contains(plan.Schedule.Meetings, m => m.PairId == 3 && m.Slot == 1);
    }

    [Fact]
    public void Interpreters_limit_the_meetings_in_their_language_and_the_most_valuable_get_them()
    {
        // One Russian interpreter, free in slots 0 and 1 of 3: two of the three Russian-speaking pairs can meet.
        var problem = new ScheduleProblem(Slots: 3, Tables: 5,
            [Pair(1, 10, 20, 1.0, language: "ru"), Pair(2, 11, 21, 3.0, language: "ru"), Pair(3, 12, 22, 2.0, language: "ru"), Pair(4, 13, 23, 0.5)])
        {
            Interpreters = [new Interpreter(7, "ru", Slots(0, 1))],
        };

        var plan = PlanChecked(problem);

        Assert.Equal([2, 3, 4], plan.Schedule.Meetings.Select(m => m.PairId).Order());
        Assert.All(plan.Schedule.Meetings.Where(m => m.PairId != 4), m => Assert.Equal(7, m.InterpreterId));
        Assert.Null(plan.Schedule.Meetings.Single(m => m.PairId == 4).InterpreterId);
        Assert.Equal(5.5, plan.Quality.Total);
        Assert.Equal(5.5, plan.Quality.UpperBound);
    }

    [Fact]
    public void A_pinned_meeting_is_kept_even_where_moving_it_would_pay()
    {
        // Buyer 11 can only come in slot 0; pinning pair 1 there shuts it out.
        var problem = new ScheduleProblem(Slots: 2, Tables: 5, [Pair(1, 10, 20, 3.0), Pair(2, 11, 20, 2.0)])
        {
            Buyers = [new BuyerSlots(11, Slots(0))],
            Pinned = [new PinnedMeeting(1, Slot: 0, Table: 4)],
        };

        var plan = PlanChecked(problem);

        Assert.Equal(new ScheduledMeeting(1, 0, 4, null), Assert.Single(plan.Schedule.Meetings));
        Assert.Equal(3.0, plan.Quality.UpperBound);
    }

    [Theory]
    [InlineData(1, "buyer")]          // buyer 10 is unavailable in slot 1
    [InlineData(0, "another pinned")] // pair 2 is pinned to slot 0 with the same exhibitor
    public void An_impossible_pin_is_refused_with_the_reason(int slot, string reason)
    {
        var problem = new ScheduleProblem(Slots: 2, Tables: 5, [Pair(1, 10, 20, 3.0), Pair(2, 11, 20, 2.0)])
        {
            Buyers = [new BuyerSlots(10, Slots(0))],
            Pinned = [new PinnedMeeting(2, 0), new PinnedMeeting(1, slot)],
        };

        var error = Assert.Throws<ArgumentException>(() => ScheduleOptimiser.Plan(problem));

        Assert.Contains("pair 1", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Malformed_input_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ScheduleOptimiser.Plan(new ScheduleProblem(2, 5, [Pair(1, 10, 20, 1), Pair(1, 11, 20, 1)])));
        Assert.Throws<ArgumentException>(() => ScheduleOptimiser.Plan(new ScheduleProblem(2, 5, [Pair(1, 10, 20, -1)])));
        Assert.Throws<ArgumentException>(() => ScheduleOptimiser.Plan(new ScheduleProblem(65, 5, [])));
        Assert.Throws<ArgumentException>(() => ScheduleOptimiser.Plan(new ScheduleProblem(2, 5, [Pair(1, 10, 20, 1)])
        {
            Buyers = [new BuyerSlots(10, Slots(2))],
        }));
    }

    private static readonly int[] SessionSeeds = [.. Enumerable.Range(1, 12)];

    public static TheoryData<int> Seeds => [.. SessionSeeds];

    /// <summary>Sessions of a few dozen pairs, tight on tables, capacities and interpreters, with every 15th meeting of first-come booking pinned.</summary>
    private static ScheduleProblem RandomSession(int seed)
    {
        var shape = new SessionShape(Buyers: 40 + seed * 5, Exhibitors: 25, Pairs: 120 + seed * 15, Tables: 6 + seed % 5, Slots: 4 + seed % 5)
        {
            MinCapacity = 1,
            MaxCapacity = 6,
            InterpreterShare = 0.2,
            InterpretersPerLanguage = 1,
        };
        var problem = ScheduleInstances.Generate(shape, seed);
        var pins = FirstComeBooking.Book(problem).Meetings
            .Where((_, i) => i % 15 == 0)
            .Select((m, i) => new PinnedMeeting(m.PairId, m.Slot, i % 2 == 0 ? m.Table : null, i % 3 == 0 ? m.InterpreterId : null))
            .ToList();
        return problem with { Pinned = pins };
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_random_session_gets_a_conflict_free_schedule_at_least_first_come_and_at_most_the_bound(int seed)
    {
        var problem = RandomSession(seed);
        Assert.NotEmpty(problem.Pinned);

        var plan = PlanChecked(problem);
        var firstCome = FirstComeBooking.Book(problem);

        Assert.Empty(ScheduleChecker.Violations(problem, firstCome));
        Assert.Equal(firstCome.Total, plan.Quality.FirstComeTotal);
        Assert.Equal(ScheduleBound.UpperBound(problem), plan.Quality.UpperBound);
        Assert.True(plan.Quality.Total >= firstCome.Total, $"optimiser {plan.Quality.Total} < first come {firstCome.Total}");
        Assert.True(plan.Quality.Total <= plan.Quality.UpperBound * (1 + 1e-9), $"optimiser {plan.Quality.Total} > bound {plan.Quality.UpperBound}");
        foreach (var pin in problem.Pinned)
        {
            var kept = Assert.Single(plan.Schedule.Meetings, m => m.PairId == pin.PairId);
            Assert.Equal(pin.Slot, kept.Slot);
            Assert.Equal(pin.Table ?? kept.Table, kept.Table);
            Assert.Equal(pin.InterpreterId ?? kept.InterpreterId, kept.InterpreterId);
        }
    }

    [Fact]
    public void The_optimiser_beats_first_come_booking_clearly_on_random_sessions()
    {
        var plans = SessionSeeds.Select(s => ScheduleOptimiser.Plan(RandomSession(s))).ToList();
        var optimiser = plans.Sum(p => p.Quality.Total);
        var firstCome = plans.Sum(p => p.Quality.FirstComeTotal);
        // Measured: first come reaches about half of the bound on these tight sessions, the optimiser all but 0.2 %.
        Assert.True(optimiser > 1.5 * firstCome, $"optimiser {optimiser} vs first come {firstCome}");
        Assert.True(plans.Average(p => p.Quality.Gap) < 0.005, $"mean gap {plans.Average(p => p.Quality.Gap):P2}");
    }

    [Fact]
    public void The_same_session_gives_the_same_schedule()
    {
        var one = ScheduleOptimiser.Plan(RandomSession(5));
        var two = ScheduleOptimiser.Plan(RandomSession(5));
        Assert.Equal(one.Schedule.Meetings, two.Schedule.Meetings);
        Assert.Equal(one.Quality, two.Quality);
    }

    [Fact]
    public void A_cancelled_search_stops_and_a_spent_time_budget_still_gives_a_conflict_free_schedule()
    {
        var problem = RandomSession(3);
        Assert.ThrowsAny<OperationCanceledException>(() => ScheduleOptimiser.Plan(problem, cancellationToken: new CancellationToken(canceled: true)));

        var rushed = ScheduleOptimiser.Plan(problem, new ScheduleOptions { TimeBudget = TimeSpan.Zero });

        Assert.False(rushed.Complete);
        Assert.Empty(ScheduleChecker.Violations(problem, rushed.Schedule));
        Assert.True(rushed.Quality.Total >= rushed.Quality.FirstComeTotal);
    }

    /// <summary>Sessions of at most nine pairs over three slots, small enough for <see cref="ExhaustiveBest"/>.</summary>
    private static IEnumerable<ScheduleProblem> TinySessions() =>
        Enumerable.Range(1, 300).Select(seed => ScheduleInstances.Generate(
            new SessionShape(Buyers: 3, Exhibitors: 3, Pairs: 4 + seed % 6, Tables: 1 + seed % 3, Slots: 3)
            {
                MinCapacity = 1,
                MaxCapacity = 3,
                InterpreterShare = 0.4,
                InterpretersPerLanguage = 1,
            }, seed));

    [Fact]
    public void The_bound_is_never_below_the_best_schedule_and_the_optimiser_finds_the_best_of_almost_every_tiny_session()
    {
        var sessions = 0;
        var optimal = 0;
        var tight = 0;
        foreach (var problem in TinySessions())
        {
            var best = ExhaustiveBest(problem);
            var plan = PlanChecked(problem);
            Assert.True(plan.Quality.UpperBound >= best - 1e-9, $"bound {plan.Quality.UpperBound} < best {best}");
            Assert.True(plan.Quality.Total <= best + 1e-9);
            sessions++;
            optimal += plan.Quality.Total >= best - 1e-9 ? 1 : 0;
            tight += plan.Quality.UpperBound <= best + 1e-9 ? 1 : 0;
        }
        Assert.True(optimal >= sessions * 0.99, $"best found in {optimal} of {sessions}");   // measured: 299 of 300; 295 without ruin and recreate
        Assert.True(tight < sessions, "some tiny session should have a bound above its best schedule");
    }

    /// <summary>The best total by trying every slot (or none) for every pair; tables and interpreters counted per slot.</summary>
    private static double ExhaustiveBest(ScheduleProblem problem)
    {
        var pairs = problem.Pairs;
        var buyerSlots = problem.Buyers.ToDictionary(b => b.BuyerId, b => b.AvailableSlots);
        var exhibitors = problem.Exhibitors.ToDictionary(e => e.ExhibitorId);
        var busy = new HashSet<(int Who, int Slot)>();
        var booked = new Dictionary<int, int>();
        var tables = new int[problem.Slots];
        var interpreting = new Dictionary<(string, int), int>();
        var best = 0.0;

        bool CanMeet(MeetingPair p, int s) =>
            (!buyerSlots.TryGetValue(p.BuyerId, out var b) || b.Contains(s))
            && (!exhibitors.TryGetValue(p.ExhibitorId, out var e) || e.AvailableSlots.Contains(s) && booked.GetValueOrDefault(p.ExhibitorId) < e.Capacity)
            && !busy.Contains((p.BuyerId, s)) && !busy.Contains((p.ExhibitorId, s)) && tables[s] < problem.Tables
            && (p.Language is null || interpreting.GetValueOrDefault((p.Language, s))
                < problem.Interpreters.Count(i => i.Language == p.Language && i.AvailableSlots.Contains(s)));

        void Search(int i, double total)
        {
            if (i == pairs.Count)
            {
                best = Math.Max(best, total);
                return;
            }
            Search(i + 1, total);
            var p = pairs[i];
            for (var s = 0; s < problem.Slots; s++)
            {
                if (!CanMeet(p, s))
                {
                    continue;
                }
                busy.Add((p.BuyerId, s)); busy.Add((p.ExhibitorId, s));
                booked[p.ExhibitorId] = booked.GetValueOrDefault(p.ExhibitorId) + 1;
                tables[s]++;
                if (p.Language is not null) { interpreting[(p.Language, s)] = interpreting.GetValueOrDefault((p.Language, s)) + 1; }
                Search(i + 1, total + p.Value);
                busy.Remove((p.BuyerId, s)); busy.Remove((p.ExhibitorId, s));
                booked[p.ExhibitorId]--;
                tables[s]--;
                if (p.Language is not null) { interpreting[(p.Language, s)]--; }
            }
        }

        Search(0, 0);
        return best;
    }
}
