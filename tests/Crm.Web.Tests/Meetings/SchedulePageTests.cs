using System.Net;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Meetings;

/// <summary>
/// The schedule page and its print view over HTTP, signed in through the real form, over the sample data: the 8th
/// edition's Jiangsu buyer has one meeting held (M08-2, 09:00 UTC, 17:00 in Shanghai) and one cancelled (M08-3).
/// </summary>
public sealed class SchedulePageTests
{
    [Fact]
    public async Task The_print_view_names_whose_schedule_it_is_and_lists_its_meetings_by_day_without_the_navigation()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();
        var buyer = await JiangsuAsync(app);

        var response = await browser.GetAsync($"/schedule/print?buyer={buyer}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("采购商日程：江苏进口贸易有限公司", html);
        Assert.Contains("<h2>2025/11/6</h2>", html);
        Assert.Contains("data-code=\"M08-2\"", html);
        Assert.Contains("17:00–17:30", html);
        Assert.Contains("已举行", html);
        Assert.Contains("法式奶酪", html);
        Assert.DoesNotContain("M08-3", html); // cancelled, with Alpen Milch
        Assert.DoesNotContain("阿尔卑斯乳业", html);
        Assert.DoesNotContain("rz-sidebar", html);
    }

    [Fact]
    public async Task The_print_view_is_in_English_for_an_English_user()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();
        await browser.GetAsync("/culture?c=en&redirect=/");

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync($"/schedule/print?buyer={await JiangsuAsync(app)}"));

        Assert.Contains("Buyer schedule: 江苏进口贸易有限公司", html);
        Assert.Contains("<h2>11/6/2025</h2>", html);
        Assert.Contains("5:00\u202fPM–5:30\u202fPM", html); // ICU puts a narrow no-break space before AM/PM
        Assert.Contains(">Held<", html);
        Assert.Contains("Maison Fromage SA", html);
    }

    [Fact]
    public async Task The_schedule_page_lists_the_meetings_and_links_its_print_view_and_calendar_file_and_a_table_needs_its_session()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();
        var buyer = await JiangsuAsync(app);

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync($"/schedule?buyer={buyer}"));
        var refused = await browser.GetAsync($"/exports/schedule.ics?buyer={buyer}&table=A-001");

        Assert.Contains("data-code=\"M08-2\"", html);
        Assert.DoesNotContain("M08-3", html);
        Assert.Contains($"href=\"schedule/print?buyer={buyer}\"", html);
        Assert.Contains($"href=\"exports/schedule.ics?buyer={buyer}\"", html);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("只有选定对接会后才能选择洽谈桌。", await refused.Content.ReadAsStringAsync());
    }

    private static async Task<int> JiangsuAsync(CrmWebApp app)
    {
        await using var db = app.Database.CreateDbContext();
        return await db.Buyers.Where(b => b.Company!.Code == "C4" && b.Edition!.Number == 8).Select(b => b.Id).SingleAsync();
    }
}
