using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>A manager signs in, reads the editions in Chinese, switches to English and sees the same figures.</summary>
[Collection(CrmAppCollection.Name)]
public sealed class OverviewJourney(CrmAppFixture app)
{
    [Fact]
    public async Task Manager_signs_in_reads_the_overview_in_Chinese_then_switches_to_English_and_sees_the_same_data()
    {
        var page = await app.Browser.NewPageAsync();
        var failures = new List<string>();
        page.PageError += (_, error) => failures.Add(error);
        // A Content-Security-Policy violation (a blocked script, style or connection) shows as a console error.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Location.Contains("/favicon.ico", StringComparison.Ordinal)) // the app has no icon
            {
                failures.Add($"{message.Text} ({message.Location})");
            }
        };

        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/sign-in\\?returnUrl=%2F$"));
        await CrmAppFixture.SubmitSignInAsync(page, "manager", CrmAppFixture.DemoPassword);

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Assertions.Expect(page.Locator("[data-testid='user-name']")).ToHaveTextAsync("manager");
        await Assertions.Expect(page.Locator(".crm-product")).ToHaveTextAsync("进博会招商对接 CRM");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("历届概览");
        var eighth = page.Locator("tr[data-edition='8']");
        await Assertions.Expect(eighth).ToContainTextAsync("第8届");
        await Assertions.Expect(eighth).ToContainTextAsync("834.9亿美元");
        await Assertions.Expect(page.Locator(".crm-chart")).ToContainTextAsync("834.9"); // the chart in 亿美元
        await WaitForCircuitAsync(page);
        var editions = await page.Locator("tr[data-edition]").CountAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "overview-zh-CN.png"), FullPage = true });

        await page.Locator("a[data-culture='en']").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Overview of the editions");
        await Assertions.Expect(page.Locator(".crm-product")).ToHaveTextAsync("Expo Investment CRM");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Assertions.Expect(eighth).ToContainTextAsync("Edition 8");
        await Assertions.Expect(eighth).ToContainTextAsync("US$83.49 bn");
        await Assertions.Expect(page.Locator(".crm-chart")).ToContainTextAsync("83.49"); // the chart in US$ bn
        await Assertions.Expect(page.Locator("tr[data-edition]")).ToHaveCountAsync(editions);
        await WaitForCircuitAsync(page);
        // The circuit works under the policy: the sidebar toggle, handled over SignalR, collapses the sidebar.
        await page.Locator(".rz-sidebar-toggle").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-sidebar")).ToHaveClassAsync(new Regex("rz-sidebar-collapsed"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "overview-en.png"), FullPage = true });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        await page.CloseAsync();
    }

    /// <summary>The page is interactive once Blazor has opened its circuit (the sidebar toggle then works).</summary>
    private static async Task WaitForCircuitAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('.rz-sidebar') !== null");
}
