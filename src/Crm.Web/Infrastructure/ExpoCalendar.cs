namespace Crm.Web.Infrastructure;

/// <summary>
/// The expo's clock: Shanghai time (UTC+8, no daylight saving), whatever the server's zone. Moments are stored in UTC and
/// shown in Shanghai time; due dates are days in Shanghai (a task due today is overdue from midnight in Shanghai).
/// </summary>
public static class ExpoCalendar
{
    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow().UtcDateTime);

    /// <summary>The day in Shanghai of a moment stored in UTC.</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(Crm.Data.ExpoClock.ToShanghai(utc));

    /// <summary>
    /// The days a date the users give may name (a deal's dates, a next step or a task due): from the year before the
    /// first expo to a decade after the current one. A year 1 or 9999 is a typing error, not a plan.
    /// </summary>
    public static readonly DateOnly Earliest = new(2017, 1, 1);

    public static readonly DateOnly Latest = new(2036, 12, 31);

    /// <summary>No date, or one from <see cref="Earliest"/> to <see cref="Latest"/>.</summary>
    public static bool InRange(DateOnly? date) => date is null || (date >= Earliest && date <= Latest);
}
