using System.Diagnostics;

namespace Crm.Matching.Scheduling;

/// <summary>
/// Assigns accepted pairs to slots and tables to maximise the total expected value, keeping pinned meetings, and reports
/// the result against an upper bound and first-come booking (docs/scheduling.md).
/// <para>
/// The algorithm: (1) the bound's flow (<see cref="ScheduleBound"/>) says which pairs a best schedule would take if
/// slots never clashed; (2) those pairs, most valuable first, then the others, are inserted one by one into the free
/// slot that least constrains the pairs still waiting; (3) a pair with no free slot gets one by an ejection chain: the
/// meetings in its way (its buyer's and its exhibitor's there, or one holding the last table or interpreter) move to
/// other slots, recursively up to <see cref="ScheduleOptions.ChainDepth"/> deep; (4) failing that, it may push out
/// meetings worth less in total than itself (a full exhibitor drops its least valuable meeting); (5) each meeting,
/// least valuable first, is taken out if the waiting pairs of its buyer and exhibitor can then be booked for more;
/// (6) passes repeat (2)–(5) until one changes nothing; (7) ruin and recreate: the meetings around a pair are taken out
/// and booked again in a shuffled order, kept when the total rises. Every accepted change raises the total, so the
/// search ends; it stops as soon as the total reaches the bound (then it is optimal). The shuffles use a fixed seed
/// and the work is bounded by counts, not by the clock, so the same input gives the same schedule (unless a time
/// budget cuts the search short).
/// </para>
/// The result is never below first-come booking: when first-come booking totals more, the search also improves its
/// schedule and keeps the better one.
/// </summary>
public static class ScheduleOptimiser
{
    public static SchedulePlan Plan(ScheduleProblem problem, ScheduleOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScheduleOptions();
        var model = ScheduleModel.Compile(problem);
        var bound = ScheduleBound.Solve(model);
        var firstCome = FirstComeBooking.Book(model);
        var order = Enumerable.Range(0, model.PairCount)
            .Where(p => model.Pin[p] is null && model.Mask[p] != 0)
            .OrderByDescending(p => bound.Chosen[p])
            .ThenByDescending(p => model.Value[p])
            .ThenBy(p => p)
            .ToArray();
        var search = new ChainSearch(model, options, bound.Value, cancellationToken);
        var state = new SlotState(model);
        state.PlacePins();
        search.Improve(state, order);
        var firstComeTotal = firstCome.Total();
        if (firstComeTotal > state.Total())
        {
            search.Improve(firstCome, order);
            if (firstCome.Total() > state.Total())
            {
                state = firstCome;
            }
        }
        var schedule = state.ToSchedule();
        return new SchedulePlan(schedule, new ScheduleQuality(schedule.Total, bound.Value, firstComeTotal), search.Complete);
    }

    /// <summary>The ejection-chain search over one <see cref="SlotState"/>.</summary>
    private sealed class ChainSearch(ScheduleModel m, ScheduleOptions options, double bound, CancellationToken cancellationToken)
    {
        private readonly bool[] _inChain = new bool[m.PairCount];
        private readonly List<int> _ejected = [];
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private SlotState _state = null!;
        private int _moves;

        /// <summary>False once the time budget has cut a search short.</summary>
        public bool Complete { get; private set; } = true;

        /// <summary>Steps (2)–(7) on the state, trying pairs in the given order.</summary>
        public void Improve(SlotState state, int[] order)
        {
            _state = state;
            for (var pass = 0; pass < options.MaxPasses; pass++)
            {
                var changed = false;
                foreach (var p in order)
                {
                    if (OutOfTime())
                    {
                        return;
                    }
                    changed |= _state.SlotOf(p) < 0 && Insert(p);
                    _state.Commit();
                }
                // Then each meeting, least valuable first, makes way for pairs of its buyer or exhibitor if they are worth more.
                for (var i = order.Length - 1; i >= 0; i--)
                {
                    if (OutOfTime())
                    {
                        return;
                    }
                    changed |= _state.SlotOf(order[i]) >= 0 && Replace(order[i]);
                    _state.Commit();
                }
                if (!changed || Optimal())
                {
                    break;
                }
            }
            Rebuild(order);
        }

        /// <summary>The total has reached the bound: nothing can be better.</summary>
        private bool Optimal() => _state.Total() >= bound * (1 - 1e-12);

        /// <summary>
        /// Ruin and recreate: takes out the meetings around one pair (those of its buyer and exhibitor, and of the
        /// buyers and exhibitors they meet) and books that neighbourhood again in a shuffled value order; keeps the
        /// result only if the total rose. The shuffles come from a fixed seed.
        /// </summary>
        private void Rebuild(int[] order)
        {
            var random = new Random(1);
            var buyers = new HashSet<int>();
            var exhibitors = new HashSet<int>();
            var region = new List<int>();
            for (var round = 0; round < options.RebuildRounds && order.Length > 0 && !OutOfTime() && !Optimal(); round++)
            {
                var centre = order[random.Next(order.Length)];
                buyers.Clear();
                exhibitors.Clear();
                buyers.Add(m.Buyer[centre]);
                exhibitors.Add(m.Exhibitor[centre]);
                foreach (var q in m.PairsOfBuyer[m.Buyer[centre]].Concat(m.PairsOfExhibitor[m.Exhibitor[centre]]))
                {
                    if (_state.SlotOf(q) >= 0 && random.Next(2) == 0)
                    {
                        buyers.Add(m.Buyer[q]);
                        exhibitors.Add(m.Exhibitor[q]);
                    }
                }
                region.Clear();
                region.AddRange(buyers.SelectMany(b => m.PairsOfBuyer[b]).Concat(exhibitors.SelectMany(e => m.PairsOfExhibitor[e]))
                    .Where(p => m.Pin[p] is null && m.Mask[p] != 0).Distinct().Order());
                var mark = _state.LogMark;
                var before = 0.0;
                foreach (var p in region.Where(p => _state.SlotOf(p) >= 0))
                {
                    before += m.Value[p];
                    _state.Remove(p);
                }
                var after = 0.0;
                foreach (var p in region.OrderByDescending(p => m.Value[p] * (0.7 + 0.6 * random.NextDouble())).ToList())
                {
                    _moves = 0;
                    if (_state.Booked(m.Exhibitor[p]) < m.ExhibitorCapacity[m.Exhibitor[p]] && TryPlace(p, options.ChainDepth))
                    {
                        after += m.Value[p];
                    }
                }
                if (after <= before * (1 + 1e-9))
                {
                    _state.Rollback(mark);
                }
                _state.Commit();
            }
        }

        private bool OutOfTime()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.TimeBudget is { } budget && _clock.Elapsed > budget)
            {
                Complete = false;
            }
            return !Complete;
        }

        /// <summary>
        /// Takes the meeting out and books, most valuable first, the waiting pairs of its buyer and exhibitor (with chains
        /// of moves), then the meeting itself elsewhere if it still fits; keeps the result only if the total rose.
        /// </summary>
        private bool Replace(int q)
        {
            var mark = _state.LogMark;
            var gain = -m.Value[q];
            _state.Remove(q);
            var waiting = m.PairsOfBuyer[m.Buyer[q]].Concat(m.PairsOfExhibitor[m.Exhibitor[q]])
                .Where(p => p != q && _state.SlotOf(p) < 0 && m.Mask[p] != 0 && m.Pin[p] is null)
                .Distinct()
                .OrderByDescending(p => m.Value[p]).ThenBy(p => p);
            foreach (var p in waiting.Append(q))
            {
                _moves = 0;
                if (_state.Booked(m.Exhibitor[p]) < m.ExhibitorCapacity[m.Exhibitor[p]] && TryPlace(p, options.ChainDepth))
                {
                    gain += m.Value[p];
                }
            }
            if (gain > m.Value[q] * 1e-9)
            {
                return true;
            }
            _state.Rollback(mark);
            return false;
        }

        /// <summary>Books the pair by moving others out of its way, or else by pushing out meetings worth less; false when neither works.</summary>
        private bool Insert(int p)
        {
            var e = m.Exhibitor[p];
            var full = _state.Booked(e) >= m.ExhibitorCapacity[e];
            if (!full)
            {
                _moves = 0;
                if (TryPlace(p, options.ChainDepth))
                {
                    return true;
                }
            }
            else if (m.Value[p] <= CheapestMeeting(e).Value)
            {
                return false;   // a full exhibitor must drop a meeting, and none is worth less than this one
            }

            var mark = _state.LogMark;
            var bestGain = m.Value[p] * 1e-9;
            List<(int, int, int)>? best = null;
            foreach (var s in ScheduleModel.SlotsOf(m.Mask[p]))
            {
                _moves = 0;
                var gain = PlaceEjecting(p, s);
                if (gain > bestGain)
                {
                    bestGain = gain;
                    best = _state.ChangesSince(mark);
                }
                _state.Rollback(mark);
            }
            if (best is null)
            {
                return false;
            }
            _state.Replay(best);
            return true;
        }

        /// <summary>
        /// Books the pair in slot s: the meetings in its way move elsewhere if a chain allows, otherwise leave the
        /// schedule. Returns the change in total (−∞ when pinned meetings are in the way); the caller rolls back.
        /// </summary>
        private double PlaceEjecting(int p, int s)
        {
            var blockers = Blockers(p, s);
            if (blockers.Buyer >= 0 && m.Pin[blockers.Buyer] is not null || blockers.Exhibitor >= 0 && m.Pin[blockers.Exhibitor] is not null)
            {
                return double.NegativeInfinity;
            }
            _ejected.Clear();
            _inChain[p] = true;
            try
            {
                RemoveBlockers(blockers);
                if (_state.TablesFull(s) && !MakeRoom(s, -1) || _state.InterpretersFull(m.Language[p], s) && !MakeRoom(s, m.Language[p]))
                {
                    return double.NegativeInfinity;
                }
                _state.Place(p, s);
                foreach (var q in blockers.Distinct())
                {
                    if (!TryPlace(q, options.ChainDepth - 1))
                    {
                        _ejected.Add(q);
                    }
                }
                var e = m.Exhibitor[p];
                if (_state.Booked(e) > m.ExhibitorCapacity[e])
                {
                    var cheapest = CheapestMeeting(e, except: p).Pair;
                    if (cheapest < 0)
                    {
                        return double.NegativeInfinity;
                    }
                    _state.Remove(cheapest);
                    _ejected.Add(cheapest);
                }
                return m.Value[p] - _ejected.Sum(q => m.Value[q]);
            }
            finally
            {
                _inChain[p] = false;
            }
        }

        /// <summary>
        /// Books a pair that is out of the schedule in a free slot, or else in a slot whose conflicting meetings (its
        /// buyer's and exhibitor's there) can themselves be moved, up to the given depth. On failure nothing has changed.
        /// </summary>
        private bool TryPlace(int q, int depth)
        {
            if (++_moves > options.MovesPerAttempt)
            {
                return false;
            }
            var free = FreeSlot(q);
            if (free >= 0)
            {
                _state.Place(q, free);
                return true;
            }
            if (depth <= 0)
            {
                return false;
            }
            _inChain[q] = true;
            try
            {
                // Slots with one meeting in the way before those with two.
                for (var wanted = 1; wanted <= 2; wanted++)
                {
                    foreach (var s in ScheduleModel.SlotsOf(m.Mask[q]))
                    {
                        var blockers = Blockers(q, s);
                        if (blockers.Count != wanted || !Movable(blockers.Buyer) || !Movable(blockers.Exhibitor))
                        {
                            continue;
                        }
                        var mark = _state.LogMark;
                        RemoveBlockers(blockers);
                        if (_state.TablesFull(s) && !MoveAway(s, -1) || _state.InterpretersFull(m.Language[q], s) && !MoveAway(s, m.Language[q]))
                        {
                            _state.Rollback(mark);
                            continue;
                        }
                        _state.Place(q, s);
                        if (blockers.Distinct().All(r => TryPlace(r, depth - 1)))
                        {
                            return true;
                        }
                        _state.Rollback(mark);
                    }
                }
                return false;
            }
            finally
            {
                _inChain[q] = false;
            }
        }

        /// <summary>Frees a table (language −1) or an interpreter of the language in slot s: moves a meeting that has a free slot elsewhere, else pushes out the least valuable one.</summary>
        private bool MakeRoom(int s, int language)
        {
            if (MoveAway(s, language))
            {
                return true;
            }
            var cheapest = -1;
            foreach (var r in _state.MeetingsIn(s))
            {
                if (Movable(r) && (language < 0 || m.Language[r] == language)
                    && (cheapest < 0 || m.Value[r] < m.Value[cheapest] || m.Value[r] == m.Value[cheapest] && r < cheapest))
                {
                    cheapest = r;
                }
            }
            if (cheapest < 0)
            {
                return false;
            }
            _state.Remove(cheapest);
            _ejected.Add(cheapest);
            return true;
        }

        /// <summary>Frees a table (language −1) or an interpreter of the language in slot s by moving one of its meetings (the first by pair order) to a free slot.</summary>
        private bool MoveAway(int s, int language)
        {
            if (++_moves > options.MovesPerAttempt)
            {
                return false;
            }
            int move = -1, to = -1;
            foreach (var r in _state.MeetingsIn(s))
            {
                if (Movable(r) && (language < 0 || m.Language[r] == language) && (move < 0 || r < move))
                {
                    // Looked for while r is still in s, so that s itself is not offered.
                    var elsewhere = FreeSlot(r);
                    if (elsewhere >= 0)
                    {
                        (move, to) = (r, elsewhere);
                    }
                }
            }
            if (move < 0)
            {
                return false;
            }
            _state.Remove(move);
            _state.Place(move, to);
            return true;
        }

        /// <summary>The free slot that least constrains the pairs still waiting (then the emptier, then the earlier); −1 if none.</summary>
        private int FreeSlot(int q)
        {
            var best = -1;
            var bestPressure = int.MaxValue;
            foreach (var s in ScheduleModel.SlotsOf(m.Mask[q]))
            {
                if (s == _state.SlotOf(q) || !_state.Fits(q, s))
                {
                    continue;
                }
                var pressure = _state.Pressure(q, s);
                if (best < 0 || pressure < bestPressure || pressure == bestPressure && _state.TablesUsed(s) < _state.TablesUsed(best))
                {
                    best = s;
                    bestPressure = pressure;
                }
            }
            return best;
        }

        /// <summary>The exhibitor's least valuable meeting that may be dropped (not pinned, not the one given), or −1 with +∞.</summary>
        private (int Pair, double Value) CheapestMeeting(int e, int except = -1)
        {
            var cheapest = (Pair: -1, Value: double.PositiveInfinity);
            foreach (var q in m.PairsOfExhibitor[e])
            {
                if (q != except && _state.SlotOf(q) >= 0 && Movable(q) && m.Value[q] < cheapest.Value)
                {
                    cheapest = (q, m.Value[q]);
                }
            }
            return cheapest;
        }

        private bool Movable(int q) => q < 0 || m.Pin[q] is null && !_inChain[q];

        private Conflicts Blockers(int q, int s) =>
            new(_state.BuyerMeetingAt(m.Buyer[q], s), _state.ExhibitorMeetingAt(m.Exhibitor[q], s));

        private void RemoveBlockers(Conflicts blockers)
        {
            foreach (var r in blockers.Distinct())
            {
                _state.Remove(r);
            }
        }
    }

    /// <summary>The meetings that stand in a pair's way in one slot: its buyer's and its exhibitor's (−1: none).</summary>
    private readonly record struct Conflicts(int Buyer, int Exhibitor)
    {
        public int Count => (Buyer >= 0 ? 1 : 0) + (Exhibitor >= 0 && Exhibitor != Buyer ? 1 : 0);

        public IEnumerable<int> Distinct()
        {
            if (Buyer >= 0)
            {
                yield return Buyer;
            }
            if (Exhibitor >= 0 && Exhibitor != Buyer)
            {
                yield return Exhibitor;
            }
        }
    }
}
