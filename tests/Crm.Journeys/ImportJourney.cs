using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// J4's import with a broken file: the administrator uploads a companies file with a bad row, all or nothing, and is
/// told line, column and reason with nothing written; downloads the report; then imports the valid rows only. In Chinese.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class ImportJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task Administrator_imports_a_broken_companies_file_reads_the_report_then_imports_the_valid_rows()
    {
        var country = (await app.ExportAsync("countries"))[0]["code"];
        var sector = (await app.ExportAsync("sectors"))[0]["code"];
        var csv = $"code,name,name_zh,country_code,sector_code\nJ4-001,Nordlys Seafood AS,北极光海产,{country},{sector}\nJ4-002,Nowhere Ltd,无名公司,ZZ,{sector}\n";
        var file = new FilePayload { Name = "企业名单.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) };

        var (page, failures) = await app.SignedInPageAsync(_browser, "admin");
        await Assertions.Expect(page.Locator(".rz-sidebar a[href='/admin/imports']")).ToContainTextAsync("数据导入");
        await page.GotoAsync("/admin/imports");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("数据导入");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='import-kind']");

        // All or nothing (the default): the bad row stops the whole file.
        await Assertions.Expect(page.Locator("[data-testid='import-kind']")).ToContainTextAsync("企业");
        await page.Locator("[data-testid='import-file']").SetInputFilesAsync(file);
        await page.Locator("[data-testid='start-import']").ClickAsync();
        var first = page.Locator("[data-testid='import']").First;
        await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });
        await Assertions.Expect(first.Locator("[data-testid='import-outcome']")).ToHaveTextAsync("未写入任何数据");
        var report = page.Locator("[data-testid='import-report']");
        await Assertions.Expect(report.Locator("[data-testid='report-summary']")).ToHaveTextAsync("共 2 行，其中 1 行有错误：未写入任何数据。");
        var error = report.Locator("[data-testid='report-error']");
        await Assertions.Expect(error).ToHaveCountAsync(1);
        await Assertions.Expect(error.Locator("td").Nth(0)).ToHaveTextAsync("3");
        await Assertions.Expect(error.Locator("td").Nth(1)).ToHaveTextAsync("country_code");
        await Assertions.Expect(error.Locator("td").Nth(2)).ToContainTextAsync("ZZ");

        // The report, downloaded: the same reason, with its line and column.
        var download = await page.RunAndWaitForDownloadAsync(() => report.Locator("[data-testid='report-csv']").ClickAsync());
        var downloaded = await File.ReadAllTextAsync((await download.PathAsync())!, Encoding.UTF8);
        Assert.StartsWith("行号,列,原因", downloaded.TrimStart('\uFEFF'));
        Assert.Contains("3,country_code,", downloaded);

        // Valid rows only: the good row goes in, the bad one is reported again.
        await page.Locator("[data-testid='import-mode'] .rz-radiobutton-box").Nth(1).ClickAsync();
        await page.Locator("[data-testid='import-file']").SetInputFilesAsync(file);
        await page.Locator("[data-testid='start-import']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='import']")).ToHaveCountAsync(2);
        var second = page.Locator("[data-testid='import']").First;
        await Assertions.Expect(second.Locator("[data-testid='import-outcome']")).ToHaveTextAsync("已导入，部分行被拒绝", new() { Timeout = 60_000 });
        await Assertions.Expect(report.Locator("[data-testid='report-summary']")).ToHaveTextAsync(new Regex("^共 2 行：新增 1，更新 0，未变 0；拒绝 1 行。$"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "import-zh-CN.png"), FullPage = true });

        var companies = await app.ExportAsync("companies");
        Assert.Contains(companies, c => c["code"] == "J4-001");
        Assert.DoesNotContain(companies, c => c["code"] == "J4-002");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
