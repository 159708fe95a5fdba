using System.Globalization;
using System.Text;

namespace Crm.Web.Infrastructure;

/// <summary>An event of a calendar file: times in UTC, texts as people read them.</summary>
public sealed record CalendarEvent(string Uid, DateTime StartsUtc, DateTime EndsUtc, string Summary, string? Location, string? Description);

/// <summary>
/// Writes iCalendar files (RFC 5545) that calendar programs import: CRLF line ends, texts escaped, lines folded at 75
/// octets without splitting a UTF-8 character, times in UTC.
/// </summary>
public static class ICalendar
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static string Write(string calendarName, IEnumerable<CalendarEvent> events, DateTime stampUtc)
    {
        var text = new StringBuilder();
        void Line(string line) => Fold(text, line);
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//Expo CRM//Matchmaking//ZH");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escape(calendarName));
        foreach (var e in events)
        {
            Line("BEGIN:VEVENT");
            Line("UID:" + Escape(e.Uid));
            Line("DTSTAMP:" + Utc(stampUtc));
            Line("DTSTART:" + Utc(e.StartsUtc));
            Line("DTEND:" + Utc(e.EndsUtc));
            Line("SUMMARY:" + Escape(e.Summary));
            if (e.Location is { Length: > 0 } location)
            {
                Line("LOCATION:" + Escape(location));
            }
            if (e.Description is { Length: > 0 } description)
            {
                Line("DESCRIPTION:" + Escape(description));
            }
            Line("END:VEVENT");
        }
        Line("END:VCALENDAR");
        return text.ToString();
    }

    private static string Utc(DateTime utc) => utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Backslash, semicolon and comma escaped, line breaks as \n.</summary>
    private static string Escape(string value) => value
        .Replace("\\", "\\\\", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal)
        .Replace("\r\n", "\\n", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>A content line of at most 75 octets, the rest on continuation lines that start with a space.</summary>
    private static void Fold(StringBuilder text, string line)
    {
        var octets = 0;
        var limit = 75;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 0;
                limit = 74; // the leading space counts
            }
            text.Append(rune.ToString());
            octets += size;
        }
        text.Append("\r\n");
    }
}
