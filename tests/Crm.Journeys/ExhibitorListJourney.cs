using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// A delegation lead works the exhibitor list: filters it by an exhibition area, saves that as the view the list opens
/// with, comes back to it, and exports exactly what is shown.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class ExhibitorListJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_filtered_view_is_saved_as_the_default_reopened_and_exported_as_shown()
    {
        var (page, failures) = await app.SignedInPageAsync(_browser, "jianhua.xu");
        await page.GotoAsync("/exhibitors");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("展商名录");
        var summary = page.Locator("[data-testid='exhibitors'] .rz-pager-summary");
        // The pager reads "共 0" while the first page loads: wait for the count.
        var counted = new Regex("共 [1-9]\\d* 家展商");
        await Assertions.Expect(summary).ToHaveTextAsync(counted);
        var all = await summary.TextContentAsync();
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='filter-area']");

        // One exhibition area.
        await page.Locator("[data-testid='filter-area']").ClickAsync();
        var area = page.Locator(".rz-dropdown-item").Filter(new() { Visible = true }).First;
        var areaName = (await area.TextContentAsync())!.Trim();
        await area.ClickAsync();
        await Assertions.Expect(summary).Not.ToHaveTextAsync(all!);
        await Assertions.Expect(summary).ToHaveTextAsync(counted);
        var filtered = await summary.TextContentAsync();

        // Saved as the view the list opens with.
        await page.Locator("[data-testid='view-name']").FillAsync("我的展区");
        await page.Locator("[data-testid='view-default'] .rz-chkbox-box").ClickAsync();
        await page.Locator("[data-testid='save-view']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("视图“我的展区”已保存。");

        // Back later: the list opens filtered.
        await page.GotoAsync("/");
        await page.GotoAsync("/exhibitors");
        await Assertions.Expect(page.Locator("[data-testid='filter-area']")).ToContainTextAsync(areaName);
        await Assertions.Expect(summary).ToHaveTextAsync(filtered!);
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "exhibitors-saved-view-zh-CN.png") });

        // The export holds those rows, headers in Chinese.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid='export-csv']").ClickAsync());
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!, Encoding.UTF8)).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("编码,企业,国家/地区", lines[0].TrimStart('\uFEFF'));
        var shown = int.Parse(Regex.Match(filtered!, "共 (\\d+) 家").Groups[1].Value);
        Assert.Equal(shown, lines.Count - 1);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
