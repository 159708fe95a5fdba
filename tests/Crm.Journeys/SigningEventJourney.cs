using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// J6, collective signings (集中签约): a manager plans an event of the current edition, attaches a deal that has not
/// signed its intent yet (asked for the intended value and the counterpart), sees the event's total, records the signing
/// with the next step, and finds the event recorded with "1个项目集中签约". In Chinese; screenshots kept.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class SigningEventJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_manager_plans_a_signing_attaches_a_deal_before_its_intent_and_records_the_signing()
    {
        var (edition, code) = await PickAsync();
        var (page, failures) = await app.SignedInPageAsync(_browser, "manager");

        await page.GotoAsync("/signings");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='new-signing']");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("集中签约");
        await page.Locator("[data-testid='edition-filter']").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasTextRegex = new Regex($"^第{edition}届$") }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='edition-filter']")).ToContainTextAsync($"第{edition}届");
        await page.Locator("[data-testid='new-signing']").ClickAsync();
        var create = await CrmAppFixture.DialogAsync(page, "create-signing");
        await create.Locator("[data-testid='signing-name']").FillAsync("Journey Investment Projects Signing");
        await create.Locator("[data-testid='signing-name-zh']").FillAsync("旅程重大项目集中签约");
        await DateAsync(create, "signing-date", new DateTime(2026, 11, 8));
        await create.Locator("[data-testid='signing-venue']").FillAsync("国家会展中心（上海）");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "signing-create-zh-CN.png"), FullPage = true });
        await create.Locator("[data-testid='save-signing']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync(new Regex($"集中签约S{edition:00}-\\d\\d已创建。"));
        await page.Locator("[data-testid='signing-link']", new() { HasText = "旅程重大项目集中签约" }).ClickAsync();

        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='attach-deal']");
        await page.Locator("[data-testid='attach-deal']").ClickAsync();
        var attach = await CrmAppFixture.DialogAsync(page, "attach-dialog");
        await attach.Locator("[data-testid='attach-search']").FillAsync(code);
        await attach.Locator("[data-testid='attach-search-go']").ClickAsync();
        await Assertions.Expect(attach.Locator("[data-testid='attach-deal-choice']")).ToContainTextAsync(code);
        await attach.Locator("[data-testid='save-attach']").ClickAsync();
        await Assertions.Expect(attach).ToContainTextAsync("请填写大于零的意向金额。");
        await attach.Locator("[data-testid='attach-amount'] input").FillAsync("5000000");
        await attach.Locator("[data-testid='attach-counterpart']").FillAsync("闵行区人民政府");
        await attach.Locator("[data-testid='save-attach']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync($"项目{code}已加入本次签约。");
        var summary = page.Locator("[data-testid='signing-summary']");
        await Assertions.Expect(summary).ToContainTextAsync("1个项目拟集中签约");
        await Assertions.Expect(summary).ToContainTextAsync("500万美元");
        await Assertions.Expect(page.Locator("[data-testid='signing-deals']")).ToContainTextAsync(code);

        await page.Locator("[data-testid='record-signing']").ClickAsync();
        var record = await CrmAppFixture.DialogAsync(page, "record-dialog");
        await record.Locator("[data-testid='record-next-step']").FillAsync("准备正式合同文本");
        await DateAsync(record, "record-next-step-due", new DateTime(2026, 12, 20));
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "signing-record-zh-CN.png"), FullPage = true });
        await record.Locator("[data-testid='save-record']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("1个项目转为意向签约");
        await Assertions.Expect(page.Locator("[data-testid='signing-status']")).ToHaveTextAsync("已签约");
        await Assertions.Expect(summary).ToContainTextAsync("1个项目集中签约");
        await Assertions.Expect(page.Locator("[data-testid='signing-deals']")).ToContainTextAsync("意向签约");
        await Assertions.Expect(page.Locator("[data-testid='attach-deal']")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "signing-recorded-zh-CN.png"), FullPage = true });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task DateAsync(ILocator dialog, string field, DateTime date)
    {
        var input = dialog.Locator($"[data-testid='{field}'] input.rz-inputtext");
        await input.FillAsync(date.ToString("d", CultureInfo.GetCultureInfo("zh-CN")));
        await input.PressAsync("Tab");
    }

    /// <summary>
    /// The newest edition with an investment deal before its intent on no signing event (the current edition has no deals
    /// before the show), and its last such deal: Proposed, Contacted or Meeting scheduled when there is one (other journeys
    /// move the first Met deals), else the last Met one.
    /// </summary>
    private async Task<(int Edition, string Code)> PickAsync()
    {
        var open = (await app.ExportAsync("deals"))
            .Where(d => d["kind"] == "Investment" && d["signing_event"] == "" && d["stage"] is "Proposed" or "Contacted" or "MeetingScheduled" or "Met")
            .ToList();
        var edition = open.Max(d => int.Parse(d["edition"], CultureInfo.InvariantCulture));
        var theirs = open.Where(d => d["edition"] == edition.ToString(CultureInfo.InvariantCulture)).OrderBy(d => d["code"], StringComparer.Ordinal).ToList();
        return (edition, (theirs.LastOrDefault(d => d["stage"] != "Met") ?? theirs.Last())["code"]);
    }
}
