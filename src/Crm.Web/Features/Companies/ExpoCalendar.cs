namespace Crm.Web.Features.Companies;

/// <summary>
/// The expo's calendar day. Due dates are days in Shanghai (UTC+8, no daylight saving), whatever the server's zone: a
/// task due today is overdue from midnight in Shanghai.
/// </summary>
public static class ExpoCalendar
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DayOf(clock.GetUtcNow().UtcDateTime);

    /// <summary>The day in Shanghai of a moment stored in UTC.</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Offset));
}
