using System.Numerics;

namespace Crm.Matching.Scheduling;

/// <summary>
/// An upper bound on the total of any schedule of a problem: the best choice of pairs when the slots are forgotten and
/// only counts are kept, solved exactly as a minimum-cost flow.
/// <para>
/// Why it is valid. Take any conflict-free schedule that keeps the pins. Its meetings beyond the pins meet these
/// counting limits: an exhibitor has at most capacity − pins meetings, and no more than the slots it could still use
/// (each meeting takes a different slot among the free slots its pairs could meet in); a buyer likewise has no more
/// meetings than such slots; a language has no more meetings than interpreter-slots left after the pins; and there are
/// no more meetings than table-slots left after the pins. So the schedule's unpinned meetings are one feasible flow of
/// the network below, and their value is at most the flow's maximum; adding the pins' value gives the bound. The flow
/// network has integral capacities, so its best flow is also the best choice of whole pairs under these counts.
/// </para>
/// Network: source → hub (table-slots left) → one node per language and one for "no interpreter" (interpreter-slots
/// left; unlimited) → one node per buyer and language (the buyer's free slots) → one arc per pair (capacity 1, cost −value)
/// → one node per exhibitor (its capacity and free slots) → sink. A buyer whose pairs need different languages gets
/// its slot limit on each language's node separately: weaker, still valid.
/// </summary>
public static class ScheduleBound
{
    public static double UpperBound(ScheduleProblem problem) => Solve(ScheduleModel.Compile(problem)).Value;

    /// <param name="Chosen">Whether the best flow takes each pair (pins included): a good set of pairs to aim for.</param>
    internal sealed record Solution(double Value, bool[] Chosen);

    internal static Solution Solve(ScheduleModel m)
    {
        var slots = m.SlotCount;
        var languages = m.InterpretersOf.Length;
        var chosen = new bool[m.PairCount];

        // What the pins use up.
        var buyerBusy = new ulong[m.BuyerCount];
        var exhibitorBusy = new ulong[m.ExhibitorCount];
        var pinsOf = new int[m.ExhibitorCount];
        var tablesLeft = Enumerable.Repeat(m.TableCount, slots).ToArray();
        var interpretersLeft = (int[])m.InterpreterCount.Clone();
        var value = 0.0;
        for (var p = 0; p < m.PairCount; p++)
        {
            if (m.Pin[p] is not { } pin)
            {
                continue;
            }
            chosen[p] = true;
            value += m.Value[p];
            buyerBusy[m.Buyer[p]] |= 1UL << pin.Slot;
            exhibitorBusy[m.Exhibitor[p]] |= 1UL << pin.Slot;
            pinsOf[m.Exhibitor[p]]++;
            tablesLeft[pin.Slot]--;
            if (m.Language[p] >= 0)
            {
                interpretersLeft[m.Language[p] * slots + pin.Slot]--;
            }
        }
        var tableSlots = 0UL;
        for (var s = 0; s < slots; s++)
        {
            tableSlots |= tablesLeft[s] > 0 ? 1UL << s : 0;
        }
        var languageSlots = new ulong[languages];
        for (var l = 0; l < languages; l++)
        {
            for (var s = 0; s < slots; s++)
            {
                languageSlots[l] |= interpretersLeft[l * slots + s] > 0 ? 1UL << s : 0;
            }
        }

        // The pairs still open: not pinned, worth something, with a slot left where they could meet.
        var free = new ulong[m.PairCount];
        var candidates = new List<int>();
        for (var p = 0; p < m.PairCount; p++)
        {
            if (m.Pin[p] is not null || m.Value[p] <= 0)
            {
                continue;
            }
            free[p] = m.Mask[p] & ~buyerBusy[m.Buyer[p]] & ~exhibitorBusy[m.Exhibitor[p]] & tableSlots
                & (m.Language[p] >= 0 ? languageSlots[m.Language[p]] : ulong.MaxValue);
            if (free[p] != 0)
            {
                candidates.Add(p);
            }
        }

        // Nodes: source, hub, languages (+ "none"), buyer × language, exhibitors, sink.
        const int source = 0, hub = 1;
        var firstLanguage = 2;
        var nodeSlots = new Dictionary<(int Buyer, int Language), ulong>();
        var buyerFree = new ulong[m.BuyerCount];
        foreach (var p in candidates)
        {
            var key = (m.Buyer[p], m.Language[p]);
            nodeSlots[key] = nodeSlots.GetValueOrDefault(key) | free[p];
            buyerFree[m.Buyer[p]] |= free[p];
        }
        var buyerNode = new Dictionary<(int Buyer, int Language), int>();
        var next = firstLanguage + languages + 1;
        foreach (var key in nodeSlots.Keys.Order())
        {
            buyerNode[key] = next++;
        }
        var firstExhibitor = next;
        var sink = firstExhibitor + m.ExhibitorCount;
        var flow = new MinCostFlow(sink + 1);
        var potential = new double[sink + 1];

        var used = candidates.Aggregate(0UL, (mask, p) => mask | free[p]);
        flow.AddArc(source, hub, ScheduleModel.SlotsOf(used).Sum(s => tablesLeft[s]), 0);
        for (var l = 0; l < languages; l++)
        {
            var left = ScheduleModel.SlotsOf(languageSlots[l]).Sum(s => interpretersLeft[l * slots + s]);
            flow.AddArc(hub, firstLanguage + l, left, 0);
        }
        flow.AddArc(hub, firstLanguage + languages, int.MaxValue, 0);
        foreach (var ((b, l), node) in buyerNode.OrderBy(x => x.Value))
        {
            var limit = Math.Min(BitOperations.PopCount(nodeSlots[(b, l)]), BitOperations.PopCount(buyerFree[b]));
            flow.AddArc(l >= 0 ? firstLanguage + l : firstLanguage + languages, node, limit, 0);
        }
        var arcOf = new Dictionary<int, int>(candidates.Count);
        var exhibitorFree = new ulong[m.ExhibitorCount];
        foreach (var p in candidates)
        {
            var e = m.Exhibitor[p];
            arcOf[p] = flow.AddArc(buyerNode[(m.Buyer[p], m.Language[p])], firstExhibitor + e, 1, -m.Value[p]);
            exhibitorFree[e] |= free[p];
            potential[firstExhibitor + e] = Math.Min(potential[firstExhibitor + e], -m.Value[p]);
        }
        for (var e = 0; e < m.ExhibitorCount; e++)
        {
            var limit = Math.Min(m.ExhibitorCapacity[e] - pinsOf[e], BitOperations.PopCount(exhibitorFree[e]));
            if (limit > 0)
            {
                flow.AddArc(firstExhibitor + e, sink, limit, 0);
                potential[sink] = Math.Min(potential[sink], potential[firstExhibitor + e]);
            }
        }

        // Zero potentials up to the buyers and the cheapest arc into each exhibitor are shortest distances of the
        // first residual network (it has no cycle), so every reduced cost starts ≥ 0.
        flow.MinimiseCost(source, sink, potential);
        foreach (var p in candidates)
        {
            if (flow.Flow(arcOf[p]) > 0)
            {
                chosen[p] = true;
                value += m.Value[p];
            }
        }
        return new Solution(value, chosen);
    }
}
