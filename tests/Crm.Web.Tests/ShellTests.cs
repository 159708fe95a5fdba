using System.Net;

namespace Crm.Web.Tests;

/// <summary>The app shell over HTTP, for a signed-in user: the overview page, the language switch, health, not found.</summary>
public sealed class ShellTests
{
    [Fact]
    public async Task Home_page_shows_each_edition_with_its_deal_value()
    {
        await using var app = await CrmWebApp.StartAsync();
        var html = await Page(await app.SignedInBrowserAsync(), "/");

        Assert.Contains("进博会招商对接 CRM", html);
        Assert.Contains("历届概览", html);
        // Newest first, each with its reported intended deal value in 亿美元 and the change on the previous edition.
        var ninth = html.IndexOf("data-edition=\"9\"", StringComparison.Ordinal);
        var eighth = html.IndexOf("data-edition=\"8\"", StringComparison.Ordinal);
        var seventh = html.IndexOf("data-edition=\"7\"", StringComparison.Ordinal);
        Assert.True(ninth > 0 && ninth < eighth && eighth < seventh, "editions are listed newest first");
        var eighthRow = Row(html, 8);
        Assert.Contains("第8届", eighthRow);
        Assert.Contains("834.9亿美元", eighthRow);
        Assert.Contains("+4.3%", eighthRow); // 83.49 on 80.01
        Assert.Contains("4,108", eighthRow);
        // Counted from the database: 2 exhibitors, 2 buyers, 1 delegation (its sub-delegation is inside it),
        // 2 meetings held (a cancelled one is not), 2 signed intents worth US$3.75 m.
        Assert.Contains("<td class=\"crm-num\">2</td>", eighthRow);
        Assert.Contains("<td class=\"crm-num\">1</td>", eighthRow);
        Assert.Contains("375万美元", eighthRow);
        Assert.Contains("800.1亿美元", Row(html, 7));
        Assert.Contains("尚未公布", Row(html, 9));
        Assert.Contains("data-testid=\"current-edition\"", html);
        Assert.Contains("第9届进博会（2026年）", html);
    }

    [Fact]
    public async Task Home_page_on_an_empty_database_says_there_is_no_data_yet()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var response = await (await app.SignedInBrowserAsync()).GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await Text(response);
        Assert.Contains("暂无数据", html);
        Assert.DoesNotContain("data-edition=", html);
    }

    [Fact]
    public async Task Switching_language_to_English_renders_English_text()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();

        var response = await browser.GetAsync("/culture?c=en&redirect=/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await Text(response);
        Assert.Contains("Expo Investment CRM", html);
        Assert.Contains("Overview of the editions", html);
        Assert.Contains("<html lang=\"en\"", html);
        var eighthRow = Row(html, 8);
        Assert.Contains("Edition 8", eighthRow);
        Assert.Contains("US$83.49 bn", eighthRow);
        Assert.Contains("US$3.75 m", eighthRow);
        Assert.DoesNotContain("历届概览", html);

        // And back to Chinese.
        html = await Page(browser, "/culture?c=zh-CN&redirect=/");
        Assert.Contains("历届概览", html);
    }

    [Fact]
    public async Task Choosing_a_language_the_app_does_not_offer_is_refused_in_the_users_language()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = app.Browser();

        var response = await browser.GetAsync("/culture?c=fr&redirect=/");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("不支持语言“fr”", await Text(response));
        Assert.False(response.Headers.Contains("Set-Cookie"));

        await browser.GetAsync("/culture?c=en&redirect=/");
        response = await browser.GetAsync("/culture?c=fr&redirect=/");
        Assert.Contains("The language \"fr\" is not offered", await Text(response));
    }

    [Fact]
    public async Task Language_switch_never_redirects_to_another_site()
    {
        await using var app = await CrmWebApp.StartAsync();
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/culture?c=en&redirect=//evil.example/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Health_endpoint_reports_healthy_when_the_database_answers()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var response = await app.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await Text(response));
    }

    [Fact]
    public async Task Unknown_page_shows_friendly_not_found_in_the_users_language()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var browser = await app.SignedInBrowserAsync();

        var response = await browser.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await Text(response);
        Assert.Contains("页面未找到", html);
        Assert.Contains("进博会招商对接 CRM", html); // inside the app's layout, not a bare error

        await browser.GetAsync("/culture?c=en&redirect=/");
        response = await browser.GetAsync("/no/such/page");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await Text(response));
    }

    [Fact]
    public async Task Error_page_is_friendly_and_localized()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var html = await Page(app.Browser(), "/Error");

        Assert.Contains("出错了", html);
        Assert.Contains("编号：", html);
        Assert.DoesNotContain("Exception", html);
    }

    private static async Task<string> Page(HttpClient browser, string url) => await Text(await browser.GetAsync(url));

    /// <summary>The page as a reader sees its text (entities decoded).</summary>
    private static async Task<string> Text(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>The table row of one edition.</summary>
    private static string Row(string html, int edition)
    {
        var start = html.IndexOf($"data-edition=\"{edition}\"", StringComparison.Ordinal);
        Assert.True(start > 0, $"no row for edition {edition}");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}
