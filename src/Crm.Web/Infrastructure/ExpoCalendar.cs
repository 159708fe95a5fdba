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

}
