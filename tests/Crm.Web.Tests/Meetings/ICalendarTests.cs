using System.Text;
using Crm.Web.Infrastructure;

namespace Crm.Web.Tests.Meetings;

/// <summary>Calendar files that calendar programs read: folded lines, escaped texts, UTC times.</summary>
public sealed class ICalendarTests
{
    private static readonly DateTime _stamp = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_long_Chinese_summary_is_folded_at_75_octets_without_splitting_a_character_and_unfolds_to_itself()
    {
        var summary = "洽谈：" + string.Concat(Enumerable.Repeat("佐佐木品牌株式会社", 6)) + " ↔ 佛山汇通百货有限公司";
        var file = ICalendar.Write("日程", [new CalendarEvent("M09-000001@expo-crm", new DateTime(2026, 11, 5, 1, 0, 0), new DateTime(2026, 11, 5, 1, 20, 0),
            summary, "国家会展中心; 4.1 馆, A-001", "第一行\n第二行 \\ 结束")], _stamp);

        Assert.EndsWith("END:VCALENDAR\r\n", file, StringComparison.Ordinal);
        var lines = file.Split("\r\n");
        Assert.All(lines, line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 0, 75));
        Assert.DoesNotContain('\uFFFD', file);
        var unfolded = file.Replace("\r\n ", "", StringComparison.Ordinal).Split("\r\n");
        Assert.Contains("SUMMARY:" + summary, unfolded);
        Assert.Contains("LOCATION:国家会展中心\\; 4.1 馆\\, A-001", unfolded);
        Assert.Contains("DESCRIPTION:第一行\\n第二行 \\\\ 结束", unfolded);
        Assert.Contains("DTSTART:20261105T010000Z", unfolded);
        Assert.Contains("DTEND:20261105T012000Z", unfolded);
        Assert.Equal(1, unfolded.Count(l => l == "BEGIN:VEVENT"));
    }
}
