using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Crm.Web.Features.Dashboard;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using MediatR;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using By = Crm.Web.Features.Dashboard.GetDashboardBreakdown.By;

namespace Crm.Web.Tests.Dashboard;

/// <summary>The records page and the dashboard's exports over HTTP, for a manager signed in through the real form, over the small sample data.</summary>
public sealed class DashboardRecordsPageTests
{
    [Fact]
    public async Task A_manager_opens_the_records_behind_a_delegations_intents_with_their_totals_links_and_exports()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync("/dashboard/records?edition=8&measure=intents&by=delegation&key=SH"));

        Assert.Contains("第8届进博会 · 意向签约 · 交易团：上海交易团", html);
        Assert.Contains("data-testid=\"records-title\"", html);
        Assert.Contains("data-testid=\"records-totals\"", html);
        Assert.Contains("375万美元", html); // the two signed intents of the 8th edition, the dashboard's figure
        Assert.Contains("data-testid=\"records\"", html);
        Assert.Contains("href=\"pipeline?kind=procurement&edition=8&q=D08-1\"", html);
        Assert.Contains("href=\"pipeline?kind=procurement&edition=8&q=D08-2\"", html);
        Assert.DoesNotContain("q=D08-3", html); // only proposed
        Assert.Contains("黄浦分团", html);     // D08-1's buyer is in the Shanghai delegation's sub-delegation
        Assert.Contains("href=\"exports/dashboard-records.csv?edition=8&measure=intents&by=delegation&key=SH\"", html);
        Assert.Contains("href=\"exports/dashboard-records.xlsx?edition=8&measure=intents&by=delegation&key=SH\"", html);
        Assert.Contains("href=\"dashboard?edition=8&by=delegation\"", html);
        var cutOff = WebUtility.HtmlDecode(await browser.GetStringAsync("/dashboard/records?edition=8&measure=intents&until=2025-11-07"));
        Assert.Contains("第8届进博会 · 意向签约 · 截至 2025/11/7", cutOff);
        Assert.Contains("150万美元", cutOff); // D08-1 only: D08-2's intent was signed the day after

        var english = WebUtility.HtmlDecode(await browser.GetStringAsync(
            "/culture?c=en&redirect=" + Uri.EscapeDataString("/dashboard/records?edition=8&measure=meetingsheld&until=2025-11-06")));
        Assert.Contains("CIIE 8 · Meetings held · up to 11/6/2025", english);
        Assert.Contains("M08-1", english);
        Assert.Contains("M08-2", english);
        Assert.DoesNotContain("M08-3", english); // cancelled
        Assert.Contains("Matchmaking table", english);
        Assert.Contains("data-testid=\"export-csv\"", english);
    }

    [Fact]
    public async Task An_unreadable_address_or_an_unknown_edition_says_so_in_the_users_language()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();

        var unreadable = WebUtility.HtmlDecode(await browser.GetStringAsync("/dashboard/records?edition=8&measure=everything"));
        var unknown = WebUtility.HtmlDecode(await browser.GetStringAsync("/dashboard/records?edition=99&measure=intents"));

        Assert.Contains("data-testid=\"records-error\"", unreadable);
        Assert.Contains("此链接未指明要显示的明细", unreadable);
        Assert.DoesNotContain("data-testid=\"export-csv\"", unreadable);
        Assert.Contains("没有第99届。", unknown);
        Assert.Contains("href=\"dashboard?edition=99\"", unknown);
    }

    [Fact]
    public async Task The_records_export_holds_the_querys_rows_and_adds_up_to_its_total_in_either_language_and_as_a_workbook()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();
        var slice = new DashboardSlice(8, DashboardMeasure.Intents, By.Delegation, "SH");
        var records = await SendAsManagerAsync(app, new ListDashboardRecords.Query(slice));

        var chinese = await CsvAsync(browser, "/exports/dashboard-records.csv?" + slice.Query);
        await browser.GetAsync("/culture?c=en&redirect=/");
        var english = await CsvAsync(browser, "/exports/dashboard-records.csv?" + slice.Query);

        Assert.Equal("编号,类型,参展商,采购商或招商团队,交易团,行业,国家或地区,当前阶段,意向成交额（美元）,意向签约日期,正式签约额（美元）,正式签约日期,落地日期,落地投资额（美元）,就业岗位",
            chinese[0]);
        Assert.Equal("D08-2,采购,法式奶酪,江苏进口贸易有限公司,上海交易团,食品,法国,正式签约,2250000,2025-11-08,,,,,", chinese[1]);
        Assert.StartsWith("No.,Kind,Exhibitor,Buyer or team,", english[0]);
        foreach (var csv in new[] { chinese, english })
        {
            var rows = csv.Skip(1).Select(line => line.Split(',')).ToList();
            Assert.Equal(records.Deals.Select(d => d.Code), rows.Select(r => r[0]));
            Assert.Equal(records.Totals.Records, rows.Count);
            Assert.Equal(records.Totals.IntendedValueUsd, rows.Sum(r => decimal.Parse(r[8], CultureInfo.InvariantCulture)));
        }
        Assert.Equal(3_750_000m, records.Totals.IntendedValueUsd);

        var workbook = await browser.GetAsync("/exports/dashboard-records.xlsx?" + slice.Query);
        Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
        using var document = SpreadsheetDocument.Open(new MemoryStream(await workbook.Content.ReadAsByteArrayAsync()), false);
        var cells = document.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().ToList()).ToList();
        Assert.Equal(records.Deals.Count + 1, cells.Count);
        Assert.Equal((CellValues.Number, "2250000"), (cells[1][8].DataType!.Value, cells[1][8].CellValue!.Text));
        Assert.Contains("CIIE 8 Signed intents - Shanghai Trade Delegation.xlsx", workbook.Content.Headers.ContentDisposition!.ToString());

        var refused = await browser.GetAsync("/exports/dashboard-records.csv?edition=99&measure=intents");
        var unreadable = await browser.GetAsync("/exports/dashboard-records.csv?edition=8");
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (refused.StatusCode, unreadable.StatusCode));
        Assert.Contains("There is no edition 99.", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_breakdown_export_holds_the_breakdowns_rows_with_both_editions_values()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();
        var breakdown = await SendAsManagerAsync(app, new GetDashboardBreakdown.Query(8, By.Delegation));

        var csv = await CsvAsync(browser, "/exports/dashboard-breakdown.csv?edition=8&by=delegation");

        Assert.Equal("交易团,代码,第8届意向成交额（美元）,第7届意向成交额（美元）,变化（美元）,变化率（%）,正式签约额（美元）,意向签约数,正式签约数,落地项目数,第8届预计兑现金额（美元）,第7届预计兑现金额（美元）,已兑现金额（美元）", csv[0]);
        var rows = csv.Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Equal(breakdown.Rows.Select(r => (r.NameZh, r.Key, r.IntendedValueUsd, r.Intents)),
            rows.Select(r => (r[0], r[1], decimal.Parse(r[2], CultureInfo.InvariantCulture), int.Parse(r[7], CultureInfo.InvariantCulture))));
        Assert.Equal(["上海交易团,SH,3750000,0,3750000,,0,2,0,0,,,0"], csv.Skip(1)); // no realisation model: no expected value, not 0

        var teams = await browser.GetAsync("/exports/dashboard-breakdown.xlsx?edition=8&by=team");
        var unknown = await browser.GetAsync("/exports/dashboard-breakdown.csv?edition=8&by=planet");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest), (teams.StatusCode, unknown.StatusCode));
    }

    /// <summary>The lines of a CSV export (UTF-8 with a BOM).</summary>
    private static async Task<IReadOnlyList<string>> CsvAsync(HttpClient browser, string address)
    {
        var response = await browser.GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The same request through the app's own mediator, as the signed-in test manager (the user an HTTP request carries).</summary>
    private static async Task<T> SendAsManagerAsync<T>(CrmWebApp app, IRequest<T> request)
    {
        string id;
        await using (var db = app.Database.CreateDbContext())
        {
            id = await db.Users.Where(u => u.UserName == "test.manager").Select(u => u.Id).SingleAsync();
        }
        var http = app.Services.GetRequiredService<IHttpContextAccessor>();
        http.HttpContext = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, "test.manager")], "test")),
        };
        try
        {
            using var scope = app.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
        }
        finally
        {
            http.HttpContext = null;
        }
    }
}
