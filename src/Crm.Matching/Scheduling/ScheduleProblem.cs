namespace Crm.Matching.Scheduling;

/// <summary>An accepted buyer ↔ exhibitor pair that may be given a meeting.</summary>
/// <param name="Id">The caller's key for the pair (unique within a problem).</param>
/// <param name="Value">Expected value of the meeting (≥ 0), e.g. the model's score; the optimiser maximises its sum.</param>
public sealed record MeetingPair(int Id, int BuyerId, int ExhibitorId, double Value)
{
    /// <summary>When the pair was accepted: first-come booking (the baseline) takes pairs in this order, then by input order.</summary>
    public long Arrival { get; init; }

    /// <summary>The language the meeting needs an interpreter for; null when none is needed.</summary>
    public string? Language { get; init; }
}

/// <summary>An exhibitor's limit: at most <paramref name="Capacity"/> meetings in the session, only in the slots listed.</summary>
public sealed record ExhibitorSlots(int ExhibitorId, int Capacity, IReadOnlyCollection<int> AvailableSlots);

/// <summary>The slots in which a buyer can meet.</summary>
public sealed record BuyerSlots(int BuyerId, IReadOnlyCollection<int> AvailableSlots);

/// <summary>An interpreter for one language, who can serve one meeting in each slot listed.</summary>
public sealed record Interpreter(int Id, string Language, IReadOnlyCollection<int> AvailableSlots);

/// <summary>
/// A meeting fixed by hand: the optimiser keeps the pair in this slot, and at this table and with this interpreter when
/// they are given (null: any free one).
/// </summary>
public sealed record PinnedMeeting(int PairId, int Slot, int? Table = null, int? InterpreterId = null);

/// <summary>
/// One matchmaking session to schedule: slots 0 … <see cref="Slots"/> − 1 (in time order, at most 64) and tables
/// 0 … <see cref="Tables"/> − 1, which the caller maps to its own labels. A buyer or exhibitor who is not listed is
/// available in every slot, and such an exhibitor's capacity is the number of slots.
/// </summary>
public sealed record ScheduleProblem(int Slots, int Tables, IReadOnlyList<MeetingPair> Pairs)
{
    public IReadOnlyList<ExhibitorSlots> Exhibitors { get; init; } = [];

    public IReadOnlyList<BuyerSlots> Buyers { get; init; } = [];

    public IReadOnlyList<Interpreter> Interpreters { get; init; } = [];

    public IReadOnlyList<PinnedMeeting> Pinned { get; init; } = [];
}

/// <summary>A meeting in the schedule; <paramref name="InterpreterId"/> is set when the pair needs a language.</summary>
public sealed record ScheduledMeeting(int PairId, int Slot, int Table, int? InterpreterId);

/// <summary>A conflict-free assignment of pairs to slots and tables (ordered by slot, then table) and its total value.</summary>
public sealed record Schedule(IReadOnlyList<ScheduledMeeting> Meetings, double Total);

/// <summary>How good a schedule is: its total against an upper bound on the best possible total, and against first-come booking.</summary>
/// <param name="UpperBound">No schedule of the problem can total more (<see cref="ScheduleBound"/>).</param>
/// <param name="FirstComeTotal">The total of first-come booking (<see cref="FirstComeBooking"/>).</param>
public sealed record ScheduleQuality(double Total, double UpperBound, double FirstComeTotal)
{
    /// <summary>The share of the upper bound the schedule may still be missing: (bound − total) ÷ bound; 0 when the bound is 0.</summary>
    public double Gap => Shortfall(Total);

    /// <summary>The same for first-come booking.</summary>
    public double FirstComeGap => Shortfall(FirstComeTotal);

    // A schedule at the bound may sum the same values in another order and land a rounding error above it: that is 0.
    private double Shortfall(double total) => UpperBound > 0 ? Math.Max(0, (UpperBound - total) / UpperBound) : 0;
}

/// <summary>The optimiser's schedule with its quality report.</summary>
/// <param name="Complete">False when the time budget stopped the improvement early (the schedule is still conflict-free).</param>
public sealed record SchedulePlan(Schedule Schedule, ScheduleQuality Quality, bool Complete);

/// <summary>How hard the optimiser searches.</summary>
public sealed record ScheduleOptions
{
    /// <summary>How many meetings deep a chain of moves may go to make room for one meeting.</summary>
    public int ChainDepth { get; init; } = 3;

    /// <summary>How many moves one attempt to place a meeting may try before giving up (bounds the work, keeps it deterministic).</summary>
    public int MovesPerAttempt { get; init; } = 2_000;

    /// <summary>Passes of insertions and replacements; the search stops earlier when a pass changes nothing.</summary>
    public int MaxPasses { get; init; } = 20;

    /// <summary>Ruin-and-recreate rounds after the passes (each rebuilds the neighbourhood of one pair); skipped once the total reaches the bound.</summary>
    public int RebuildRounds { get; init; } = 2_000;

    /// <summary>
    /// Wall-clock limit for the search (the bound and first-come booking, a fraction of a second, come before it); null
    /// for none. When it stops the search the result depends on the machine's speed, so the same input may then give a
    /// different (still conflict-free) schedule.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }
}
