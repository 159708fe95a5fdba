using System.Net;

namespace Crm.Web.Tests.Dashboard;

/// <summary>The dashboard page over HTTP (prerendered), for a signed-in manager, over the small sample data.</summary>
public sealed class DashboardPageTests
{
    [Fact]
    public async Task A_manager_sees_the_editions_figures_beside_the_previous_ones_and_each_delegation_links_to_its_deals()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync("/dashboard?edition=8&by=delegation"));

        Assert.Contains("管理驾驶舱", html);
        Assert.Contains("href=\"/dashboard\"", html); // in the navigation
        Assert.Contains("data-figure=\"IntendedValue\"", html);
        Assert.Contains("375万美元", html);   // 2 signed intents of the 8th edition
        Assert.Contains("第7届进博会", html);  // the baseline
        Assert.Contains("834.9亿美元", html); // the reported value beside the CRM's own
        Assert.Contains("上海交易团", html);
        Assert.Contains("pipeline?kind=procurement&edition=8&delegation=", html);
        // Every number opens its records: a headline, a breakdown row's, the breakdown's exports and the printable page.
        Assert.Contains("href=\"dashboard/records?edition=8&measure=intents\"", html);
        Assert.Contains("href=\"dashboard/records?edition=7&measure=intents\"", html);
        Assert.Contains("dashboard/records?edition=8&measure=intents&by=delegation&key=SH", html);
        Assert.Contains("exports/dashboard-breakdown.xlsx?edition=8&by=delegation", html);
        Assert.Contains("dashboard/print?edition=8", html);
        Assert.Contains("data-testid=\"chart-editions\"", html);
        Assert.Contains("data-testid=\"chart-weeks\"", html);
        // Intended vs expected to become real vs realised: without a realisation model it says so, in both languages.
        Assert.Contains("data-testid=\"realisation\"", html);
        Assert.Contains("预计兑现金额", html);
        Assert.Contains("尚无落地预测", html);
        Assert.Contains("无预测", html);

        // In English, with English figures; the breakdown chosen in the address.
        var english = WebUtility.HtmlDecode(await browser.GetStringAsync("/culture?c=en&redirect=" + Uri.EscapeDataString("/dashboard?edition=8&by=country")));
        Assert.Contains("Dashboard", english);
        Assert.Contains("US$3.75 m", english);
        Assert.Contains("US$83.49 bn", english);
        Assert.Contains("Country or region", english);
        Assert.DoesNotContain("管理驾驶舱", english);
        Assert.Contains("Expected to become real", english);
        Assert.Contains("No realisation forecast yet", english);
    }

    [Fact]
    public async Task The_printable_dashboard_holds_the_headlines_the_charts_and_every_breakdown()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync("/dashboard/print?edition=8"));

        Assert.Contains("管理驾驶舱 · 第8届进博会", html);
        Assert.Contains("data-figure=\"NoShowRate\"", html);
        Assert.Contains("data-testid=\"chart-sectors\"", html);
        foreach (var by in Enum.GetValues<Crm.Web.Features.Dashboard.GetDashboardBreakdown.By>())
        {
            Assert.Contains($"data-by=\"{by}\"", html);
        }
        Assert.Contains("上海交易团", html);
        Assert.DoesNotContain("crm-layout", html); // no header, no navigation on paper

        var unknown = WebUtility.HtmlDecode(await browser.GetStringAsync("/dashboard/print?edition=99"));
        Assert.Contains("data-testid=\"print-refused\"", unknown);
        Assert.Contains("99", unknown);
    }
}
