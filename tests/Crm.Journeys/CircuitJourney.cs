using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// A manager edits a company when the connection under the page's circuit goes: the network drops and comes back (the
/// dialog says it is reconnecting, in the user's language; the circuit comes back; what was typed before the drop is
/// saved), or the server dies and starts again (the dialog says the page must be reloaded and that the open form's
/// changes were not saved; after the reload the saved values are there and the unsaved ones are not).
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class CircuitJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_network_drop_mid_edit_shows_the_reconnect_dialog_and_the_save_after_it_lands()
    {
        await using var link = new NetworkLink(app.BaseAddress);
        var companyId = await CompanyAsync(offset: 3);
        var (manager, failures) = await SignedInThroughAsync(link, "manager");
        // Another user, in English, on another page: the drop reaches every page on the link.
        var (admin, _) = await SignedInThroughAsync(link, "admin");
        await admin.GotoAsync("/culture?c=en&redirect=/companies");
        await CrmAppFixture.WaitForCircuitAsync(admin, "[data-testid='filter-search']");

        // A save acknowledged just before the drop.
        await OpenEditorAsync(manager, companyId);
        await manager.Locator("[data-testid='edit-website']").FillAsync("https://saved-before-drop.example.com");
        await manager.Locator("[data-testid='save-company']").ClickAsync();
        await Assertions.Expect(manager.Locator(".rz-notification")).ToContainTextAsync("企业信息已保存。");

        // Mid-edit (typed, not yet left: the field's change is raised only when it loses focus), the network drops.
        await OpenEditorAsync(manager, companyId);
        await manager.Locator("[data-testid='edit-website']").FillAsync("https://typed-before-drop.example.com");
        await manager.Context.SetOfflineAsync(true);
        await admin.Context.SetOfflineAsync(true);
        link.Cut();

        var dialog = manager.Locator("[data-testid='reconnect']");
        await Assertions.Expect(dialog.Locator("[data-testid='reconnect-retrying']")).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("连接已中断");
        await Assertions.Expect(dialog).ToContainTextAsync("正在重新连接服务器");
        var english = admin.Locator("[data-testid='reconnect']");
        await Assertions.Expect(english.Locator("[data-testid='reconnect-retrying']")).ToBeVisibleAsync();
        await Assertions.Expect(english).ToContainTextAsync("Reconnecting to the server");
        await manager.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "circuit-reconnecting-zh-CN.png") });
        await admin.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "circuit-reconnecting-en.png") });
        Assert.Equal("https://saved-before-drop.example.com", await WebsiteAsync(companyId));

        // The network returns: the same circuit takes the page back (the form is still open with what was typed).
        link.Restore();
        await manager.Context.SetOfflineAsync(false);
        await admin.Context.SetOfflineAsync(false);
        await Assertions.Expect(dialog).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(english).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(manager.Locator("[data-testid='edit-website']")).ToHaveValueAsync("https://typed-before-drop.example.com");

        await manager.Locator("[data-testid='save-company']").ClickAsync();
        await Assertions.Expect(manager.Locator(".rz-notification")).ToContainTextAsync("企业信息已保存。");
        Assert.Equal("https://typed-before-drop.example.com", await WebsiteAsync(companyId));
        await Assertions.Expect(manager.Locator("main, .crm-body").First).ToContainTextAsync("typed-before-drop.example.com");
        // The other page is live again too.
        await admin.Locator("[data-testid='filter-search']").FillAsync("zz-no-such-company");
        await admin.Locator("[data-testid='filter-search']").PressAsync("Enter");
        await Assertions.Expect(admin.Locator(".crm-body")).ToContainTextAsync("No company matches.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_server_restart_mid_edit_asks_for_a_reload_and_keeps_what_was_saved_and_nothing_else()
    {
        var companyId = await CompanyAsync(offset: 4);
        var (manager, failures) = await app.SignedInPageAsync(_browser, "manager");

        await OpenEditorAsync(manager, companyId);
        await manager.Locator("[data-testid='edit-website']").FillAsync("https://acknowledged.example.com");
        await manager.Locator("[data-testid='save-company']").ClickAsync();
        await Assertions.Expect(manager.Locator(".rz-notification")).ToContainTextAsync("企业信息已保存。");

        // Mid-edit, the server process dies and is started again: the circuit, and the form's state, are gone with it.
        await OpenEditorAsync(manager, companyId);
        await manager.Locator("[data-testid='edit-website']").FillAsync("https://never-saved.example.com");
        await manager.Locator("[data-testid='edit-website']").BlurAsync();
        await app.CrashAndRestartAppAsync();

        var dialog = manager.Locator("[data-testid='reconnect']");
        await Assertions.Expect(dialog.Locator("[data-testid='reconnect-rejected']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(dialog).ToContainTextAsync("需要重新加载页面");
        await Assertions.Expect(dialog).ToContainTextAsync("未保存的修改没有保存");
        await manager.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "circuit-reload-zh-CN.png") });

        Assert.Equal("https://acknowledged.example.com", await WebsiteAsync(companyId));
        Assert.Equal("0", await JourneyDatabase.ScalarAsync(app.DatabaseFile,
            "select count(*) from AuditEntries where Changes like '%never-saved.example.com%'"));

        // The reload: still signed in (the cookie outlives the process), the saved value shown, the unsaved one nowhere.
        await dialog.Locator("[data-testid='reconnect-reload']").ClickAsync();
        await CrmAppFixture.WaitForCircuitAsync(manager, "[data-testid='edit-company']");
        await Assertions.Expect(manager.Locator("[data-testid='company-name']")).ToBeVisibleAsync();
        await Assertions.Expect(manager.Locator("main, .crm-body").First).ToContainTextAsync("acknowledged.example.com");
        await Assertions.Expect(manager.Locator("main, .crm-body").First).Not.ToContainTextAsync("never-saved");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>A company of the small seed, a different one per test (by descending id: other journeys take the first ones).</summary>
    private async Task<int> CompanyAsync(int offset) =>
        int.Parse((await JourneyDatabase.ScalarAsync(app.DatabaseFile, $"select Id from Companies order by Id desc limit 1 offset {offset}"))!,
            System.Globalization.CultureInfo.InvariantCulture);

    private Task<string?> WebsiteAsync(int companyId) =>
        JourneyDatabase.ScalarAsync(app.DatabaseFile, $"select Website from Companies where Id = {companyId}");

    private static async Task OpenEditorAsync(IPage page, int companyId)
    {
        if (!page.Url.EndsWith($"/companies/{companyId}", StringComparison.Ordinal))
        {
            await page.GotoAsync($"/companies/{companyId}");
        }
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='edit-company']");
        await page.Locator("[data-testid='edit-company']").ClickAsync();
        await CrmAppFixture.DialogAsync(page, "company-editor");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='save-company']");
    }

    /// <summary>A fresh context whose requests all go through <paramref name="link"/>, signed in as <paramref name="userName"/>.</summary>
    private async Task<(IPage Page, List<string> Failures)> SignedInThroughAsync(NetworkLink link, string userName)
    {
        var context = await _browser.NewContextAsync(new()
        {
            BaseURL = link.Address.ToString(),
            ViewportSize = new() { Width = 1440, Height = 900 },
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.PageError += (_, error) => failures.Add(error);
        await page.GotoAsync("/account/sign-in");
        await CrmAppFixture.SubmitSignInAsync(page, userName, CrmAppFixture.DemoPassword);
        return (page, failures);
    }
}
