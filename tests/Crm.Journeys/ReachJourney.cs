using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// Issue 3's journey: a promotion team member signs in and sees only their team's pipeline; a delegation lead signs in
/// and sees only their delegation, and their buyers' procurement deals. Each user in a browser context of their own (own cookies), over the small seed.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class ReachJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_team_member_signs_in_and_sees_only_their_teams_pipeline()
    {
        var users = await app.ExportAsync("users");
        var teams = (await app.ExportAsync("teams")).ToDictionary(t => t["code"]);
        var member = users.First(u => u["roles"] == "TeamMember" && u["teams"].Length > 0 && !u["teams"].Contains(';'));
        var team = teams[member["teams"]];

        var page = await SignInAsync(member["user_name"]);
        await page.GotoAsync("/pipeline");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("我的招商线索");
        var names = page.Locator("[data-testid='pipeline'] [data-testid='team-name']");
        await Assertions.Expect(names.First).ToBeVisibleAsync();
        var shown = await names.AllInnerTextsAsync();
        Assert.NotEmpty(shown);
        Assert.All(shown, name => Assert.Equal(team["name_zh"], name.Trim()));
        await Assertions.Expect(page.Locator("[data-testid='team-filter']")).ToContainTextAsync("我的全部团队");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "reach-team-member-pipeline.png"), FullPage = true });

        // The delegation page holds nothing for them: no delegation is theirs.
        await page.GotoAsync("/delegation");
        await Assertions.Expect(page.Locator("[data-testid='delegation-empty']")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_delegation_lead_signs_in_and_sees_only_their_delegation()
    {
        var users = await app.ExportAsync("users");
        var delegations = (await app.ExportAsync("delegations")).Where(d => d["edition"] == "9").ToList();
        var lead = users.First(u => u["roles"] == "DelegationLead" && delegations.Any(d => d["parent_code"] == u["delegations"].Split('/')[1]));
        var code = lead["delegations"].Split('/')[1];
        var tree = delegations.Where(d => d["code"] == code || d["parent_code"] == code).ToList();

        var page = await SignInAsync(lead["user_name"]);
        await page.GotoAsync("/delegation");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("我的交易团");
        var nodes = page.Locator("[data-testid='delegation-node']");
        await Assertions.Expect(nodes).ToHaveCountAsync(tree.Count);
        foreach (var shown in await nodes.EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.code)"))
        {
            Assert.Contains(shown, tree.Select(d => d["code"]));
        }
        var delegationOfBuyer = page.Locator("[data-testid='buyers'] [data-testid='buyer-delegation']");
        await Assertions.Expect(delegationOfBuyer.First).ToBeVisibleAsync();
        Assert.All(await delegationOfBuyer.AllInnerTextsAsync(), name => Assert.Contains(name.Trim(), tree.Select(d => d["name_zh"])));
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "reach-delegation-lead.png"), FullPage = true });

        // Their pipeline is their buyers' procurement deals (no team is theirs), under their own delegation only.
        await page.GotoAsync("/pipeline");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("采购线索");
        await Assertions.Expect(page.Locator("[data-testid='pipeline'], [data-testid='pipeline-empty']").First).ToBeVisibleAsync();
        var top = tree.Single(d => d["code"] == code)["name_zh"];
        Assert.All(await page.Locator("[data-testid='pipeline'] [data-testid='delegation-name']").AllInnerTextsAsync(), name => Assert.Equal(top, name.Trim()));
        await page.Context.CloseAsync();
    }

    /// <summary>A fresh browser context (no cookies of another user), signed in through the sign-in page.</summary>
    private async Task<IPage> SignInAsync(string userName)
    {
        var context = await _browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new() { Width = 1440, Height = 900 },
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await CrmAppFixture.SubmitSignInAsync(page, userName, CrmAppFixture.DemoPassword);
        Assert.DoesNotContain("/account/sign-in", page.Url);
        return page;
    }
}
