namespace Crm.Data;

/// <summary>
/// The expo's clock: Shanghai time (UTC+8, no daylight saving). The database keeps moments in UTC; files (imports,
/// exports, docs/data-format.md) and screens use Shanghai time, whatever the server's zone.
/// </summary>
public static class ExpoClock
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The UTC moment of a time on Shanghai's clocks.</summary>
    public static DateTime ToUtc(DateTime shanghai) => DateTime.SpecifyKind(shanghai - Offset, DateTimeKind.Utc);

    /// <summary>The time on Shanghai's clocks of a moment stored in UTC.</summary>
    public static DateTime ToShanghai(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);
}
