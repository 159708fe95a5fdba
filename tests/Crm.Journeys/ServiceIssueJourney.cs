using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// J5: the service desk records an issue an exhibitor raised (first told which company is missing), hands it to a
/// colleague, resolves it with a note, and sees the desk's report count one more closed issue. In Chinese.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class ServiceIssueJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task An_exhibitors_issue_is_recorded_assigned_resolved_with_a_note_and_counted_closed()
    {
        var (page, failures) = await app.SignedInPageAsync(_browser, "manager");
        await page.GotoAsync("/issues");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("问题清单");
        var closed = page.Locator("[data-testid='count-total'] td").Nth(2);
        var closedBefore = int.Parse((await closed.TextContentAsync())!.Replace(",", ""), CultureInfo.InvariantCulture);
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='new-issue']");

        // Recorded: refused without the company, then with it.
        await page.Locator("[data-testid='new-issue']").ClickAsync();
        var recorder = await CrmAppFixture.DialogAsync(page, "issue-recorder");
        await recorder.Locator("[data-testid='new-title']").FillAsync("展位电源不足，需要增容");
        await recorder.Locator("[data-testid='record-issue']").ClickAsync();
        await Assertions.Expect(recorder.Locator(".crm-field-error").First).ToHaveTextAsync("请选择反映问题的企业。");
        await recorder.Locator("[data-testid='new-company']").ClickAsync();
        var company = page.Locator(".rz-dropdown-item").Filter(new() { Visible = true }).First;
        var companyName = Regex.Replace((await company.TextContentAsync())!.Trim(), " \\(C\\d+\\)$", "");
        await company.ClickAsync();
        await recorder.Locator("[data-testid='new-category']").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = "展位搭建" }).Filter(new() { Visible = true }).ClickAsync();
        await recorder.Locator("[data-testid='new-description']").FillAsync("光地展位申请的用电量不够，需加装 20kW。");
        await recorder.Locator("[data-testid='record-issue']").ClickAsync();

        // It opens at once: open, nobody's yet.
        var dialog = await CrmAppFixture.DialogAsync(page, "issue-dialog");
        await Assertions.Expect(dialog.Locator("[data-testid='issue-title']")).ToHaveTextAsync("展位电源不足，需要增容");
        await Assertions.Expect(dialog.Locator("[data-testid='dialog-status']")).ToHaveTextAsync("待处理");
        await Assertions.Expect(dialog).ToContainTextAsync(companyName);
        var code = (await dialog.Locator("[data-testid='issue-code']").TextContentAsync())!;
        Assert.Matches("^SI09-\\d{5}$", code);

        // Handed to a colleague: in progress.
        await dialog.Locator("[data-testid='assign-owner']").ClickAsync();
        await page.Locator(".rz-dropdown-item").Filter(new() { Visible = true }).First.ClickAsync();
        await dialog.Locator("[data-testid='assign']").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid='dialog-status']")).ToHaveTextAsync("处理中");

        // Resolved with a note, which stays on the issue.
        await dialog.Locator("[data-testid='resolve']").ClickAsync();
        await Assertions.Expect(dialog.Locator(".crm-field-error")).ToHaveTextAsync("请填写处理结果。");
        await dialog.Locator("[data-testid='resolution']").FillAsync("已联系主场搭建商增容，展商确认通电。");
        await dialog.Locator("[data-testid='resolve']").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid='dialog-status']")).ToHaveTextAsync("已解决");
        await Assertions.Expect(dialog.Locator("[data-testid='issue-resolution']")).ToHaveTextAsync("已联系主场搭建商增容，展商确认通电。");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "service-issue-resolved-zh-CN.png") });

        // Back on the list: resolved, and counted closed.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(closed).ToHaveTextAsync((closedBefore + 1).ToString("N0", CultureInfo.GetCultureInfo("zh-CN")));
        await page.Locator("[data-testid='filter-search']").FillAsync(code);
        await page.Locator("[data-testid='filter-search']").PressAsync("Enter");
        var row = page.Locator("[data-testid='issues'] tbody tr");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("[data-testid='issue-status']")).ToHaveTextAsync("已解决");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "service-issues-zh-CN.png"), FullPage = true });

        // The company's record leads to its issues, this one among them.
        await row.Locator("a[href^='companies/']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='company-name']")).ToHaveTextAsync(companyName);
        await page.Locator("[data-testid='company-issues']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='issue-link']", new() { HasText = code })).ToHaveCountAsync(1);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
