using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// Two people edit one company: the manager finds it in the exhibitor list and opens the form; the administrator saves
/// a change first; the manager's save is stopped, both versions are compared, and the manager writes over it knowingly.
/// The record's history shows both saves.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class CompanyEditJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_save_over_a_newer_change_is_stopped_compared_and_then_written_knowingly()
    {
        var manager = await SignInAsync("manager");
        var failures = new List<string>();
        manager.PageError += (_, error) => failures.Add(error);

        // The exhibitor list, filtered by a part of a name, leads to the company.
        await manager.GotoAsync("/exhibitors");
        await Assertions.Expect(manager.Locator("h1")).ToHaveTextAsync("展商名录");
        var first = manager.Locator("[data-testid='exhibitor-company']").First;
        await Assertions.Expect(first).ToBeVisibleAsync();
        var name = (await first.TextContentAsync())!.Trim();
        await CrmAppFixture.WaitForCircuitAsync(manager, "[data-testid='filter-search']");
        await manager.Locator("[data-testid='filter-search']").FillAsync(name[..Math.Min(4, name.Length)]);
        await manager.Locator("[data-testid='filter-search']").PressAsync("Enter");
        await Assertions.Expect(manager.Locator("[data-testid='exhibitor-company']", new() { HasText = name }).First).ToBeVisibleAsync();
        await manager.Locator("[data-testid='exhibitor-company']", new() { HasText = name }).First.ClickAsync();
        await Assertions.Expect(manager).ToHaveURLAsync(new Regex("/companies/\\d+$"));
        var address = manager.Url;
        await CrmAppFixture.WaitForCircuitAsync(manager, "[data-testid='edit-company']");
        await manager.Locator("[data-testid='edit-company']").ClickAsync();
        var form = await CrmAppFixture.DialogAsync(manager, "company-editor");

        // Meanwhile the administrator saves a new website.
        var admin = await SignInAsync("admin");
        await admin.GotoAsync(address);
        await CrmAppFixture.WaitForCircuitAsync(admin, "[data-testid='edit-company']");
        await admin.Locator("[data-testid='edit-company']").ClickAsync();
        await CrmAppFixture.DialogAsync(admin, "company-editor");
        await admin.Locator("[data-testid='edit-website']").FillAsync("https://admin.example.com");
        await admin.Locator("[data-testid='save-company']").ClickAsync();
        await Assertions.Expect(admin.Locator(".rz-notification")).ToContainTextAsync("企业信息已保存。");
        await admin.Context.CloseAsync();

        // The manager's save is stopped, and both versions are shown.
        await form.Locator("[data-testid='edit-website']").FillAsync("https://manager.example.com");
        await form.Locator("[data-testid='save-company']").ClickAsync();
        await Assertions.Expect(form.Locator("[data-testid='conflict']")).ToContainTextAsync("其他人已保存了该企业");
        var compare = form.Locator("[data-testid='conflict-compare'] tbody tr");
        await Assertions.Expect(compare).ToHaveCountAsync(1);
        await Assertions.Expect(compare).ToContainTextAsync("https://manager.example.com");
        await Assertions.Expect(compare).ToContainTextAsync("https://admin.example.com");
        await manager.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "company-edit-conflict-zh-CN.png") });

        // Written over knowingly; the history has both saves, newest first.
        await form.Locator("[data-testid='overwrite']").ClickAsync();
        await Assertions.Expect(manager.Locator(".rz-notification")).ToContainTextAsync("企业信息已保存。");
        var history = manager.Locator("[data-testid='history-entry']");
        await Assertions.Expect(history.Nth(0)).ToContainTextAsync("manager");
        await Assertions.Expect(history.Nth(0)).ToContainTextAsync("https://manager.example.com");
        await Assertions.Expect(history.Nth(1)).ToContainTextAsync("admin");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<IPage> SignInAsync(string user)
    {
        var page = await app.NewPageAsync(_browser);
        await page.GotoAsync("/account/sign-in");
        await CrmAppFixture.SubmitSignInAsync(page, user, CrmAppFixture.DemoPassword);
        return page;
    }
}
