using System.Numerics;

namespace Crm.Matching.Scheduling;

/// <summary>
/// A problem in dense indices: pairs, buyers, exhibitors and languages numbered from 0, availabilities as bit masks over
/// the slots (bit s = slot s). Built once; the bound, the baseline and the optimiser read it and never change it.
/// </summary>
internal sealed class ScheduleModel
{
    public required ScheduleProblem Problem { get; init; }
    public int SlotCount => Problem.Slots;
    public int TableCount => Problem.Tables;
    public int PairCount => Value.Length;
    public int BuyerCount => PairsOfBuyer.Length;
    public int ExhibitorCount => PairsOfExhibitor.Length;

    // Per pair (input order).
    public required int[] Buyer { get; init; }
    public required int[] Exhibitor { get; init; }
    public required int[] Language { get; init; }   // −1: no interpreter needed
    public required double[] Value { get; init; }
    /// <summary>Slots where the pair can meet: the buyer and the exhibitor are available and, if it needs one, an interpreter of its language is.</summary>
    public required ulong[] Mask { get; init; }
    /// <summary>The pin of each pair, or null.</summary>
    public required PinnedMeeting?[] Pin { get; init; }

    public required int[][] PairsOfBuyer { get; init; }
    public required int[][] PairsOfExhibitor { get; init; }
    public required int[] ExhibitorCapacity { get; init; }
    /// <summary>Interpreters of each language, in id order.</summary>
    public required Interpreter[][] InterpretersOf { get; init; }
    /// <summary>Interpreters of language l available in slot s, at [l × slots + s].</summary>
    public required int[] InterpreterCount { get; init; }
    public required Dictionary<int, int> IndexOfPair { get; init; }

    public static ulong AllSlots(int slots) => slots == 64 ? ulong.MaxValue : (1UL << slots) - 1;

    public static IEnumerable<int> SlotsOf(ulong mask)
    {
        while (mask != 0)
        {
            yield return BitOperations.TrailingZeroCount(mask);
            mask &= mask - 1;
        }
    }

    /// <summary>Checks the problem and numbers it; malformed input and impossible pins are refused with <see cref="ArgumentException"/>.</summary>
    public static ScheduleModel Compile(ScheduleProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (problem.Slots is < 1 or > 64)
        {
            throw new ArgumentException($"A session has 1 to 64 slots, not {problem.Slots}.", nameof(problem));
        }
        if (problem.Tables < 0)
        {
            throw new ArgumentException($"The number of tables cannot be negative ({problem.Tables}).", nameof(problem));
        }
        var all = AllSlots(problem.Slots);
        var buyerMask = new Dictionary<int, ulong>();
        foreach (var b in problem.Buyers)
        {
            if (!buyerMask.TryAdd(b.BuyerId, MaskOf(b.AvailableSlots, problem.Slots, $"buyer {b.BuyerId}")))
            {
                throw new ArgumentException($"Buyer {b.BuyerId} is listed twice.", nameof(problem));
            }
        }
        var exhibitor = new Dictionary<int, (int Capacity, ulong Mask)>();
        foreach (var e in problem.Exhibitors)
        {
            if (e.Capacity < 0)
            {
                throw new ArgumentException($"Exhibitor {e.ExhibitorId} has a negative capacity.", nameof(problem));
            }
            if (!exhibitor.TryAdd(e.ExhibitorId, (e.Capacity, MaskOf(e.AvailableSlots, problem.Slots, $"exhibitor {e.ExhibitorId}"))))
            {
                throw new ArgumentException($"Exhibitor {e.ExhibitorId} is listed twice.", nameof(problem));
            }
        }

        var languages = new Dictionary<string, int>(StringComparer.Ordinal);
        int LanguageIndex(string name) => languages.TryGetValue(name, out var l) ? l : languages[name] = languages.Count;
        var interpreterIds = new HashSet<int>();
        foreach (var i in problem.Interpreters)
        {
            if (!interpreterIds.Add(i.Id))
            {
                throw new ArgumentException($"Interpreter {i.Id} is listed twice.", nameof(problem));
            }
            LanguageIndex(i.Language);
        }

        var n = problem.Pairs.Count;
        var buyers = new Dictionary<int, int>();
        var exhibitors = new Dictionary<int, int>();
        var buyerOf = new int[n];
        var exhibitorOf = new int[n];
        var language = new int[n];
        var value = new double[n];
        var indexOfPair = new Dictionary<int, int>(n);
        for (var p = 0; p < n; p++)
        {
            var pair = problem.Pairs[p];
            if (!indexOfPair.TryAdd(pair.Id, p))
            {
                throw new ArgumentException($"Pair {pair.Id} is listed twice.", nameof(problem));
            }
            if (!(pair.Value >= 0) || double.IsInfinity(pair.Value))
            {
                throw new ArgumentException($"Pair {pair.Id} has the value {pair.Value}; values are finite and ≥ 0.", nameof(problem));
            }
            buyerOf[p] = buyers.TryGetValue(pair.BuyerId, out var b) ? b : buyers[pair.BuyerId] = buyers.Count;
            exhibitorOf[p] = exhibitors.TryGetValue(pair.ExhibitorId, out var e) ? e : exhibitors[pair.ExhibitorId] = exhibitors.Count;
            language[p] = pair.Language is null ? -1 : LanguageIndex(pair.Language);
            value[p] = pair.Value;
        }

        var interpretersOf = new List<Interpreter>[languages.Count];
        for (var l = 0; l < interpretersOf.Length; l++)
        {
            interpretersOf[l] = [];
        }
        var interpreterCount = new int[languages.Count * problem.Slots];
        var languageMask = new ulong[languages.Count];
        foreach (var i in problem.Interpreters.OrderBy(i => i.Id))
        {
            var l = languages[i.Language];
            interpretersOf[l].Add(i);
            foreach (var s in SlotsOf(MaskOf(i.AvailableSlots, problem.Slots, $"interpreter {i.Id}")))
            {
                interpreterCount[l * problem.Slots + s]++;
                languageMask[l] |= 1UL << s;
            }
        }

        var exhibitorCapacity = new int[exhibitors.Count];
        var exhibitorMask = new ulong[exhibitors.Count];
        foreach (var (id, e) in exhibitors)
        {
            (exhibitorCapacity[e], exhibitorMask[e]) = exhibitor.TryGetValue(id, out var x) ? x : (problem.Slots, all);
        }
        var mask = new ulong[n];
        for (var p = 0; p < n; p++)
        {
            var pair = problem.Pairs[p];
            mask[p] = (buyerMask.TryGetValue(pair.BuyerId, out var bm) ? bm : all) & exhibitorMask[exhibitorOf[p]];
            if (language[p] >= 0)
            {
                mask[p] &= languageMask[language[p]];
            }
        }

        var pin = new PinnedMeeting?[n];
        foreach (var m in problem.Pinned)
        {
            if (!indexOfPair.TryGetValue(m.PairId, out var p))
            {
                throw new ArgumentException($"Pinned pair {m.PairId} is not among the pairs.", nameof(problem));
            }
            if (pin[p] is not null)
            {
                throw new ArgumentException($"Pair {m.PairId} is pinned twice.", nameof(problem));
            }
            pin[p] = m;
        }

        var model = new ScheduleModel
        {
            Problem = problem,
            Buyer = buyerOf,
            Exhibitor = exhibitorOf,
            Language = language,
            Value = value,
            Mask = mask,
            Pin = pin,
            PairsOfBuyer = Group(buyerOf, buyers.Count),
            PairsOfExhibitor = Group(exhibitorOf, exhibitors.Count),
            ExhibitorCapacity = exhibitorCapacity,
            InterpretersOf = interpretersOf.Select(l => l.ToArray()).ToArray(),
            InterpreterCount = interpreterCount,
            IndexOfPair = indexOfPair,
        };
        new SlotState(model).PlacePins();   // refuses pins that break a rule, before anything relies on them
        return model;
    }

    private static ulong MaskOf(IReadOnlyCollection<int> slots, int slotCount, string who)
    {
        var mask = 0UL;
        foreach (var s in slots)
        {
            if (s < 0 || s >= slotCount)
            {
                throw new ArgumentException($"The slots of {who} include {s}, outside 0 … {slotCount - 1}.");
            }
            mask |= 1UL << s;
        }
        return mask;
    }

    private static int[][] Group(int[] owner, int count)
    {
        var lists = new List<int>[count];
        for (var i = 0; i < count; i++)
        {
            lists[i] = [];
        }
        for (var p = 0; p < owner.Length; p++)
        {
            lists[owner[p]].Add(p);
        }
        return lists.Select(l => l.ToArray()).ToArray();
    }
}
