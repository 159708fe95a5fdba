using System.Text;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// A manager narrows the promotion team list to the columns they work with, keeps that as the view the list opens with,
/// comes back to it, and exports exactly those columns. In Chinese, the product's first language.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class TeamListJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task Columns_hidden_on_the_team_list_are_saved_with_its_view_and_left_out_of_the_export()
    {
        var teams = await app.ExportAsync("teams");
        var (page, failures) = await app.SignedInPageAsync(_browser, "manager");
        await page.GotoAsync("/teams");

        // Every team, each with its pipeline (a manager reaches them all).
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("招商团队");
        var rows = page.Locator("[data-testid='teams'] [data-testid='team']");
        await Assertions.Expect(rows).ToHaveCountAsync(teams.Count);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-code", teams.Select(t => t["code"]).Order(StringComparer.Ordinal).First());
        var headers = page.Locator("[data-testid='teams'] th");
        await Assertions.Expect(headers.Filter(new() { HasText = "园区" })).ToHaveCountAsync(1);

        // The park and the industry focus, left out with the grid's column picker.
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='save-view']");
        await page.Locator("[data-testid='teams'] .rz-column-picker .rz-dropdown").ClickAsync();
        await page.Locator(".rz-multiselect-item[aria-label='园区']").ClickAsync();
        await page.Locator(".rz-multiselect-item[aria-label='关注行业']").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(headers.Filter(new() { HasText = "园区" })).ToHaveCountAsync(0);
        await Assertions.Expect(headers.Filter(new() { HasText = "关注行业" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid='export-csv']")).ToHaveAttributeAsync("href",
            "exports/teams.csv?columns=code,team,district,members,leads,open,signed,signedValue");

        // Kept as the view the list opens with.
        await page.Locator("[data-testid='view-name']").FillAsync("精简");
        await page.Locator("[data-testid='view-default'] .rz-chkbox-box").ClickAsync();
        await page.Locator("[data-testid='save-view']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("视图“精简”已保存。");

        // Back later: the same columns.
        await page.GotoAsync("/");
        await page.GotoAsync("/teams");
        await Assertions.Expect(rows).ToHaveCountAsync(teams.Count);
        await Assertions.Expect(page.Locator("[data-testid='saved-view']")).ToContainTextAsync("精简");
        await Assertions.Expect(headers.Filter(new() { HasText = "关注行业" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "teams-columns-zh-CN.png"), FullPage = true });

        // The export holds those columns, every team.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid='export-csv']").ClickAsync());
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!, Encoding.UTF8)).Where(l => l.Length > 0).ToList();
        Assert.Equal("编码,团队,区,成员,线索,跟进中,已签约,签约金额（美元）", lines[0].TrimStart('\uFEFF'));
        Assert.Equal(teams.Count, lines.Count - 1);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
