using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// Issue 7's lists for delegation leads: a lead opens the pipeline and finds their procurement deals, summed by delegation;
/// opens a deal by hand for one of their buyers with an exhibitor (refused at first without a next step), and finds it
/// among their own deals. In Chinese; screenshots kept.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class DealByHandJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_delegation_lead_opens_a_procurement_deal_by_hand_and_finds_it_among_their_own()
    {
        // The last lead of a current delegation: ProposalsJourney's and ReachJourney's are the first ones.
        var users = await app.ExportAsync("users");
        var lead = users.Last(u => u["roles"] == "DelegationLead" && u["delegations"].StartsWith("9/", StringComparison.Ordinal))["user_name"];
        var (page, failures) = await app.SignedInPageAsync(_browser, lead);

        await page.GotoAsync("/pipeline");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='new-deal']");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("采购线索");
        await page.Locator("[data-testid='new-deal']").ClickAsync();
        var dialog = await CrmAppFixture.DialogAsync(page, "create-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();

        await ChooseFirstAsync(page, dialog, "new-exhibitor");
        await ChooseFirstAsync(page, dialog, "new-buyer");
        await dialog.Locator("[data-testid='create-deal']").ClickAsync();
        await Assertions.Expect(dialog.Locator(".crm-field-error").First).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("下一步");

        await dialog.Locator("[data-testid='next-step']").FillAsync("寄送样品并约定报价");
        var due = DateTime.Today.AddDays(10);
        var input = dialog.Locator("[data-testid='next-step-due'] input.rz-inputtext");
        await input.FillAsync(due.ToString("d", CultureInfo.GetCultureInfo("zh-CN")));
        await input.PressAsync("Tab");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "deal-by-hand-zh-CN.png"), FullPage = true });
        await dialog.Locator("[data-testid='create-deal']").ClickAsync();

        var created = page.Locator(".rz-notification", new() { HasTextRegex = new Regex("线索 D09-[0-9]{6} 已创建") });
        await Assertions.Expect(created).ToBeVisibleAsync();
        var code = Regex.Match(await created.InnerTextAsync(), "D09-[0-9]{6}").Value;
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("q=" + code));
        var rows = page.Locator("[data-testid='pipeline'] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync(code);
        await Assertions.Expect(rows.First).ToContainTextAsync("寄送样品并约定报价");
        await Assertions.Expect(page.Locator("[data-testid='by-delegation'] [data-testid='delegation-group']")).ToHaveCountAsync(1);

        // Their own deals: the switch keeps the search, and the new deal is theirs.
        await page.Locator("[data-testid='mine-filter']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("mine=true"));
        await Assertions.Expect(page.Locator("[data-testid='mine-filter']")).ToHaveClassAsync(new Regex("rz-switch-checked"));
        await Assertions.Expect(rows.First).ToContainTextAsync(code);
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "deal-by-hand-mine-zh-CN.png"), FullPage = true });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Opens a dropdown of the dialog and takes its first choice.</summary>
    private static async Task ChooseFirstAsync(IPage page, ILocator dialog, string field)
    {
        await dialog.Locator($"[data-testid='{field}']").ClickAsync();
        var item = page.Locator(".rz-popup:visible .rz-dropdown-item").First;
        await Assertions.Expect(item).ToBeVisibleAsync();
        await item.ClickAsync();
        await Assertions.Expect(dialog.Locator($"[data-testid='{field}'] .rz-dropdown-label")).Not.ToHaveClassAsync(new Regex("rz-placeholder"));
    }
}
