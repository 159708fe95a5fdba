namespace Crm.Matching.Scheduling;

/// <summary>
/// The baseline the optimiser is measured against: booking as requests come in. After the pinned meetings, pairs are
/// taken in arrival order (then input order) and each gets the earliest slot where the buyer, the exhibitor, a table
/// and, if needed, an interpreter are free, while the exhibitor has capacity left; a pair with no such slot is left out.
/// </summary>
public static class FirstComeBooking
{
    public static Schedule Book(ScheduleProblem problem) => Book(ScheduleModel.Compile(problem)).ToSchedule();

    internal static SlotState Book(ScheduleModel model)
    {
        var state = new SlotState(model);
        state.PlacePins();
        var order = Enumerable.Range(0, model.PairCount).OrderBy(p => model.Problem.Pairs[p].Arrival).ThenBy(p => p);
        foreach (var p in order)
        {
            if (state.SlotOf(p) >= 0 || state.Booked(model.Exhibitor[p]) >= model.ExhibitorCapacity[model.Exhibitor[p]])
            {
                continue;
            }
            foreach (var s in ScheduleModel.SlotsOf(model.Mask[p]))
            {
                if (state.Fits(p, s))
                {
                    state.Place(p, s);
                    break;
                }
            }
        }
        state.Commit();
        return state;
    }
}
