using Crm.Web.Infrastructure;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>How old an issue is, in days of the expo's calendar (Shanghai), and the bands the desk reports open issues in.</summary>
public static class ServiceIssueAge
{
    public enum Band { UpToOneDay, TwoToThreeDays, FourToSevenDays, OverAWeek }

    public static IReadOnlyList<Band> Bands { get; } = Enum.GetValues<Band>();

    /// <summary>Days from the day it was raised to the day it was resolved, or to today while it is open.</summary>
    public static int Days(DateTime raisedAtUtc, DateTime? resolvedAtUtc, DateOnly today)
    {
        var raised = ExpoCalendar.DayOf(raisedAtUtc);
        var until = resolvedAtUtc is { } resolved ? ExpoCalendar.DayOf(resolved) : today;
        return Math.Max(0, until.DayNumber - raised.DayNumber);
    }

    public static Band BandOf(int days) => days switch
    {
        <= 1 => Band.UpToOneDay,
        <= 3 => Band.TwoToThreeDays,
        <= 7 => Band.FourToSevenDays,
        _ => Band.OverAWeek,
    };
}
