namespace Crm.Matching.Scheduling;

/// <summary>
/// Who meets in which slot while a schedule is being built: per slot, each buyer's and exhibitor's meeting, the tables
/// and interpreters in use; per exhibitor, the meetings booked. Tables and the interpreters of one language are
/// interchangeable until the end (<see cref="ToSchedule"/> numbers them), so a slot only counts them. Every change is
/// logged so that a tentative chain of moves can be rolled back.
/// </summary>
internal sealed class SlotState
{
    private readonly ScheduleModel _m;
    private readonly int _slots;
    private readonly int[] _slotOf;
    private readonly int[] _buyerAt;        // [buyer × slots + slot] → pair or −1
    private readonly int[] _exhibitorAt;    // [exhibitor × slots + slot] → pair or −1
    private readonly int[] _booked;         // meetings per exhibitor
    private readonly int[] _tablesUsed;     // per slot
    private readonly int[] _languageUsed;   // [language × slots + slot]
    private readonly List<int>[] _inSlot;   // the meetings of each slot (in no particular order)
    private readonly int[] _position;       // of a meeting in its slot's list
    private readonly int[] _buyerDemand;    // [buyer × slots + slot] → pairs not scheduled that could meet there
    private readonly int[] _exhibitorDemand;
    private readonly List<(int Pair, int From, int To)> _log = [];

    public SlotState(ScheduleModel model)
    {
        _m = model;
        _slots = model.SlotCount;
        _slotOf = new int[model.PairCount];
        Array.Fill(_slotOf, -1);
        _buyerAt = new int[model.BuyerCount * _slots];
        Array.Fill(_buyerAt, -1);
        _exhibitorAt = new int[model.ExhibitorCount * _slots];
        Array.Fill(_exhibitorAt, -1);
        _booked = new int[model.ExhibitorCount];
        _tablesUsed = new int[_slots];
        _languageUsed = new int[model.InterpreterCount.Length];
        _inSlot = new List<int>[_slots];
        for (var s = 0; s < _slots; s++)
        {
            _inSlot[s] = [];
        }
        _position = new int[model.PairCount];
        _buyerDemand = new int[_buyerAt.Length];
        _exhibitorDemand = new int[_exhibitorAt.Length];
        for (var p = 0; p < model.PairCount; p++)
        {
            AddDemand(p, +1);
        }
    }

    private SlotState(SlotState other)
    {
        _m = other._m;
        _slots = other._slots;
        _slotOf = (int[])other._slotOf.Clone();
        _buyerAt = (int[])other._buyerAt.Clone();
        _exhibitorAt = (int[])other._exhibitorAt.Clone();
        _booked = (int[])other._booked.Clone();
        _tablesUsed = (int[])other._tablesUsed.Clone();
        _languageUsed = (int[])other._languageUsed.Clone();
        _inSlot = other._inSlot.Select(l => new List<int>(l)).ToArray();
        _position = (int[])other._position.Clone();
        _buyerDemand = (int[])other._buyerDemand.Clone();
        _exhibitorDemand = (int[])other._exhibitorDemand.Clone();
    }

    public ScheduleModel Model => _m;

    /// <summary>The sum of the values of the meetings booked (summed afresh, in pair order, so it does not drift).</summary>
    public double Total()
    {
        var total = 0.0;
        for (var p = 0; p < _m.PairCount; p++)
        {
            if (_slotOf[p] >= 0)
            {
                total += _m.Value[p];
            }
        }
        return total;
    }

    public SlotState Clone() => new(this);

    /// <summary>The slot of the pair's meeting, or −1.</summary>
    public int SlotOf(int pair) => _slotOf[pair];

    public bool IsPinned(int pair) => _m.Pin[pair] is not null;

    public int Booked(int exhibitor) => _booked[exhibitor];

    public int BuyerMeetingAt(int buyer, int slot) => _buyerAt[buyer * _slots + slot];

    public int ExhibitorMeetingAt(int exhibitor, int slot) => _exhibitorAt[exhibitor * _slots + slot];

    public IReadOnlyList<int> MeetingsIn(int slot) => _inSlot[slot];

    public bool TablesFull(int slot) => _tablesUsed[slot] >= _m.TableCount;

    public int TablesUsed(int slot) => _tablesUsed[slot];

    public bool InterpretersFull(int language, int slot) =>
        language >= 0 && _languageUsed[language * _slots + slot] >= _m.InterpreterCount[language * _slots + slot];

    /// <summary>Pairs not scheduled, of the same buyer or exhibitor as this one, that could also meet in the slot: what taking it costs them.</summary>
    public int Pressure(int pair, int slot) =>
        _buyerDemand[_m.Buyer[pair] * _slots + slot] + _exhibitorDemand[_m.Exhibitor[pair] * _slots + slot];

    /// <summary>The slot is available to the pair and nothing there is in its way (the exhibitor's capacity is not checked).</summary>
    public bool Fits(int pair, int slot) =>
        (_m.Mask[pair] >> slot & 1) != 0
        && _buyerAt[_m.Buyer[pair] * _slots + slot] < 0
        && _exhibitorAt[_m.Exhibitor[pair] * _slots + slot] < 0
        && !TablesFull(slot)
        && !InterpretersFull(_m.Language[pair], slot);

    public int LogMark => _log.Count;

    public void Place(int pair, int slot)
    {
        Apply(pair, slot);
        _log.Add((pair, -1, slot));
    }

    public void Remove(int pair)
    {
        var from = _slotOf[pair];
        Unapply(pair);
        _log.Add((pair, from, -1));
    }

    /// <summary>Undoes every change made since the mark.</summary>
    public void Rollback(int mark)
    {
        for (var i = _log.Count - 1; i >= mark; i--)
        {
            var (pair, from, to) = _log[i];
            if (to >= 0)
            {
                Unapply(pair);
            }
            if (from >= 0)
            {
                Apply(pair, from);
            }
        }
        _log.RemoveRange(mark, _log.Count - mark);
    }

    /// <summary>The changes made since the mark, to be replayed with <see cref="Replay"/> after a rollback.</summary>
    public List<(int Pair, int From, int To)> ChangesSince(int mark) => _log.GetRange(mark, _log.Count - mark);

    public void Replay(List<(int Pair, int From, int To)> changes)
    {
        foreach (var (pair, from, to) in changes)
        {
            if (from >= 0)
            {
                Remove(pair);
            }
            if (to >= 0)
            {
                Place(pair, to);
            }
        }
    }

    /// <summary>Forgets the log (the changes are kept): call between independent steps so it does not grow.</summary>
    public void Commit() => _log.Clear();

    /// <summary>Books the pinned meetings in the order listed, refusing a pin that breaks a rule (the caller's to fix).</summary>
    public void PlacePins()
    {
        var tables = new HashSet<(int Slot, int Table)>();
        var interpreters = new HashSet<(int Slot, int Id)>();
        foreach (var pin in _m.Problem.Pinned)
        {
            var p = _m.IndexOfPair[pin.PairId];
            var pair = _m.Problem.Pairs[p];
            string? why = null;
            if (pin.Slot < 0 || pin.Slot >= _slots)
            {
                why = $"slot {pin.Slot} is outside 0 … {_slots - 1}";
            }
            else if ((_m.Mask[p] >> pin.Slot & 1) == 0)
            {
                why = "the buyer, the exhibitor or every interpreter of its language is unavailable then";
            }
            else if (_buyerAt[_m.Buyer[p] * _slots + pin.Slot] >= 0)
            {
                why = "the buyer has another pinned meeting then";
            }
            else if (_exhibitorAt[_m.Exhibitor[p] * _slots + pin.Slot] >= 0)
            {
                why = "the exhibitor has another pinned meeting then";
            }
            else if (_booked[_m.Exhibitor[p]] >= _m.ExhibitorCapacity[_m.Exhibitor[p]])
            {
                why = "the exhibitor's pinned meetings already fill its capacity";
            }
            else if (TablesFull(pin.Slot) || InterpretersFull(_m.Language[p], pin.Slot))
            {
                why = "the slot's tables or interpreters are all taken by other pins";
            }
            else if (pin.Table is { } t && (t < 0 || t >= _m.TableCount || !tables.Add((pin.Slot, t))))
            {
                why = $"table {t} does not exist or is pinned twice in the slot";
            }
            else if (pin.InterpreterId is { } i && !InterpreterFits(p, i, pin.Slot, interpreters))
            {
                why = $"interpreter {i} is not one of its language free in that slot";
            }
            if (why is not null)
            {
                throw new ArgumentException($"Pinned meeting of pair {pair.Id} in slot {pin.Slot} is impossible: {why}.");
            }
            Apply(p, pin.Slot);
        }
    }

    private bool InterpreterFits(int pair, int id, int slot, HashSet<(int, int)> taken)
    {
        var language = _m.Language[pair];
        return language >= 0
            && _m.InterpretersOf[language].Any(i => i.Id == id && i.AvailableSlots.Contains(slot))
            && taken.Add((slot, id));
    }

    /// <summary>Numbers the tables and interpreters of each slot (pinned ones first, then the lowest free, by pair order) and lists the meetings.</summary>
    public Schedule ToSchedule()
    {
        var meetings = new List<ScheduledMeeting>();
        for (var s = 0; s < _slots; s++)
        {
            var pairs = _inSlot[s].Order().ToList();
            var tableTaken = new bool[_m.TableCount];
            var interpreterTaken = new HashSet<int>();
            foreach (var p in pairs)
            {
                if (_m.Pin[p] is { } pin)
                {
                    if (pin.Table is { } t)
                    {
                        tableTaken[t] = true;
                    }
                    if (pin.InterpreterId is { } i)
                    {
                        interpreterTaken.Add(i);
                    }
                }
            }
            var nextTable = 0;
            foreach (var p in pairs)
            {
                var pin = _m.Pin[p];
                var table = pin?.Table ?? -1;
                if (table < 0)
                {
                    while (tableTaken[nextTable])
                    {
                        nextTable++;
                    }
                    table = nextTable;
                    tableTaken[table] = true;
                }
                int? interpreter = pin?.InterpreterId;
                if (interpreter is null && _m.Language[p] >= 0)
                {
                    interpreter = _m.InterpretersOf[_m.Language[p]]
                        .First(i => i.AvailableSlots.Contains(s) && !interpreterTaken.Contains(i.Id)).Id;
                    interpreterTaken.Add(interpreter.Value);
                }
                meetings.Add(new ScheduledMeeting(_m.Problem.Pairs[p].Id, s, table, interpreter));
            }
        }
        meetings.Sort((a, b) => a.Slot != b.Slot ? a.Slot.CompareTo(b.Slot) : a.Table.CompareTo(b.Table));
        return new Schedule(meetings, Total());
    }

    private void Apply(int pair, int slot)
    {
        _slotOf[pair] = slot;
        _buyerAt[_m.Buyer[pair] * _slots + slot] = pair;
        _exhibitorAt[_m.Exhibitor[pair] * _slots + slot] = pair;
        _booked[_m.Exhibitor[pair]]++;
        _tablesUsed[slot]++;
        if (_m.Language[pair] >= 0)
        {
            _languageUsed[_m.Language[pair] * _slots + slot]++;
        }
        _position[pair] = _inSlot[slot].Count;
        _inSlot[slot].Add(pair);
        AddDemand(pair, -1);
    }

    private void Unapply(int pair)
    {
        var slot = _slotOf[pair];
        _slotOf[pair] = -1;
        _buyerAt[_m.Buyer[pair] * _slots + slot] = -1;
        _exhibitorAt[_m.Exhibitor[pair] * _slots + slot] = -1;
        _booked[_m.Exhibitor[pair]]--;
        _tablesUsed[slot]--;
        if (_m.Language[pair] >= 0)
        {
            _languageUsed[_m.Language[pair] * _slots + slot]--;
        }
        var list = _inSlot[slot];
        var last = list[^1];
        list[_position[pair]] = last;
        _position[last] = _position[pair];
        list.RemoveAt(list.Count - 1);
        AddDemand(pair, +1);
    }

    private void AddDemand(int pair, int delta)
    {
        var b = _m.Buyer[pair] * _slots;
        var e = _m.Exhibitor[pair] * _slots;
        foreach (var s in ScheduleModel.SlotsOf(_m.Mask[pair]))
        {
            _buyerDemand[b + s] += delta;
            _exhibitorDemand[e + s] += delta;
        }
    }
}
