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
