using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// J3, the managers' dashboard (issue 8): a manager opens the 8th edition against the 7th, sees the headlines, the charts
/// and the funnel, drills from a delegation's intended value to the deals that make it, exports them and the breakdown,
/// and opens the printable dashboard. In Chinese; screenshots kept as artifacts.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class DashboardJourney(CrmAppFixture app) : IAsyncLifetime
{
    private static readonly PageAssertionsToHaveURLOptions Slow = new() { Timeout = 20_000 };

    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_manager_drills_from_a_delegations_value_to_its_deals_and_exports_them()
    {
        var edition = int.Parse((await JourneyDatabase.ScalarAsync(app.DatabaseFile, "select Number from Editions where Status = 'Current'"))!,
            CultureInfo.InvariantCulture) - 1;
        var (page, failures) = await app.SignedInPageAsync(_browser, "manager");

        await page.GotoAsync($"/dashboard?edition={edition}&by=delegation");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='breakdown-by']");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("管理驾驶舱");
        await Assertions.Expect(page.Locator("[data-figure='IntendedValue']")).ToContainTextAsync($"第{edition - 1}届进博会");
        await Assertions.Expect(page.Locator("[data-testid='chart-editions'] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='funnel']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "dashboard-zh-CN.png"), FullPage = true });

        // The largest delegation's intended value (the rows start largest first) opens its signed intents.
        var value = page.Locator("[data-testid='breakdown'] a[href*='measure=intents&by=delegation&key=']").First;
        var href = (await value.GetAttributeAsync("href"))!;
        var key = Uri.UnescapeDataString(Regex.Match(href, "key=([^&]*)").Groups[1].Value);
        var amount = (await value.InnerTextAsync()).Trim();
        await value.ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/dashboard/records\\?"), Slow);
        var name = await JourneyDatabase.ScalarAsync(app.DatabaseFile, $"""
            select t.NameZh from TradeDelegations t join Editions e on e.Id = t.EditionId
            where e.Number = {edition} and t.ParentId is null and substr(t.Code, 5) = '{key.Replace("'", "''", StringComparison.Ordinal)}'
            """);
        Assert.NotNull(name);
        await Assertions.Expect(page.Locator("[data-testid='records-title']")).ToContainTextAsync("意向签约", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid='records-title']")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("[data-testid='records-totals']")).ToContainTextAsync(amount);
        var expected = int.Parse((await JourneyDatabase.ScalarAsync(app.DatabaseFile, $"""
            select count(*) from Deals d join Editions e on e.Id = d.EditionId join Buyers b on b.Id = d.BuyerId
              join TradeDelegations t on t.Id = b.DelegationId left join TradeDelegations p on p.Id = t.ParentId
            where e.Number = {edition} and d.Kind = 'Procurement' and d.IntentSignedOn is not null
              and substr(coalesce(p.Code, t.Code), 5) = '{key.Replace("'", "''", StringComparison.Ordinal)}'
            """))!, CultureInfo.InvariantCulture);
        Assert.True(expected > 0);
        await Assertions.Expect(page.Locator("[data-testid='records-totals']")).ToContainTextAsync(expected.ToString("N0", CultureInfo.GetCultureInfo("zh-CN")));
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "dashboard-records-zh-CN.png"), FullPage = true });

        // The export holds exactly those deals, as the signed-in manager's browser downloads it.
        var csv = await DownloadAsync(page, "[data-testid='export-csv']");
        Assert.Equal(expected, csv.Count(line => Regex.IsMatch(line, $"D{edition:00}-\\d{{6}}")));

        await page.Locator("[data-testid='back']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/dashboard\\?edition="), Slow);
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='breakdown-by']");
        var breakdown = await DownloadAsync(page, "[data-testid='export-csv']");
        Assert.Contains(breakdown, line => line.Contains(name, StringComparison.Ordinal));

        await page.Locator("[data-testid='print-link']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/dashboard/print\\?edition="), Slow);
        await Assertions.Expect(page.Locator("[data-testid='print-heading']")).ToContainTextAsync($"第{edition}届进博会", new() { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("[data-testid='print-breakdown']")).ToHaveCountAsync(7);
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "dashboard-print-zh-CN.png"), FullPage = true });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The file behind an export link, fetched with the page's own cookies (the link opens in a new tab).</summary>
    private static async Task<List<string>> DownloadAsync(IPage page, string selector)
    {
        var href = (await page.Locator(selector).GetAttributeAsync("href"))!;
        var response = await page.APIRequest.GetAsync(new Uri(new Uri(page.Url), "/" + href.TrimStart('/')).ToString()); // relative to the base, "/"
        Assert.True(response.Ok, $"{href}: {response.Status}");
        return (await response.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
