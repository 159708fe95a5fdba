using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// Issue 7's board, J1 from the signed intent to the landed project: a team member drags a deal from Met onto Intent
/// signed, is asked for what a signed intent requires (refused without it), enters the value in yuan, the date, the
/// counterpart and the next step; later drags it on to Contract signed (the contracted value, date and next step) and to
/// Landed, where a save without capex is refused in Chinese and then the registered entity, registered capital, capex,
/// planned jobs, district, landing and start-of-works dates go in; the card moves each time. A manager then finds the deal
/// in the Landed column of the team's board, its intended value in US$. In Chinese; screenshots kept.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class PipelineBoardJourney(CrmAppFixture app) : IAsyncLifetime
{
    /// <summary>Users other journeys sign in as or lock out; this one keeps away from them.</summary>
    private static readonly string[] _othersUsers = ["chunyan.zhu"];

    /// <summary>A save goes over the circuit to the server and back: on a loaded machine it can take more than the default 5 s.</summary>
    private const float SaveTimeout = 20_000;

    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_team_member_drags_a_met_deal_to_intent_signed_and_later_to_landed_entering_what_each_requires_and_a_manager_sees_it()
    {
        var (member, team, district, code) = await PickAsync();
        var (page, failures) = await app.SignedInPageAsync(_browser, member);

        await page.GotoAsync("/pipeline");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='team-filter']");
        await page.Locator("[data-testid='board-view']").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("招商线索看板");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='board-card']");
        var card = page.Locator($"[data-testid='board-card'][data-code='{code}']");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        var met = Column(page, "Met");
        await Assertions.Expect(met.Locator($"[data-code='{code}']")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "pipeline-board-zh-CN.png"), FullPage = true });

        // Met → Intent signed: refused without a counterpart, then the value in yuan.
        var dialog = await DragAsync(page, code, "IntentSigned", "意向签约");
        await dialog.Locator("[data-testid='amount'] input").FillAsync("");
        await dialog.Locator("[data-testid='save-move']").ClickAsync();
        await Assertions.Expect(dialog.Locator(".crm-field-error").First).ToBeVisibleAsync(new() { Timeout = SaveTimeout });
        await Assertions.Expect(dialog).ToContainTextAsync("意向签约需要签约对方。");

        await dialog.Locator("[data-testid='currency']").GetByText("人民币（¥）").ClickAsync();
        await dialog.Locator("[data-testid='amount'] input").FillAsync("71000000");
        await DateAsync(dialog, "signed-on", new DateTime(2026, 11, 6));
        await Assertions.Expect(dialog.Locator("[data-testid='amount-converted']")).ToContainTextAsync("万美元"); // the yuan typed, in dollars
        await dialog.Locator("[data-testid='counterpart']").FillAsync("闵行区人民政府");
        await dialog.Locator("[data-testid='next-step']").FillAsync("准备正式合同文本");
        await DateAsync(dialog, "next-step-due", new DateTime(2026, 12, 20));
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "pipeline-board-move-zh-CN.png"), FullPage = true });
        await SaveAsync(page, dialog, code, "意向签约");
        var intent = Column(page, "IntentSigned");
        await Assertions.Expect(intent.Locator($"[data-code='{code}']")).ToHaveCountAsync(1, new() { Timeout = SaveTimeout });
        await Assertions.Expect(intent.Locator($"[data-code='{code}']")).ToContainTextAsync("准备正式合同文本");

        // Later, Intent signed → Contract signed: the contracted value in US$, the date and the next step.
        dialog = await DragAsync(page, code, "ContractSigned", "正式签约");
        await dialog.Locator("[data-testid='amount'] input").FillAsync("9800000");
        await DateAsync(dialog, "signed-on", new DateTime(2026, 11, 20));
        await dialog.Locator("[data-testid='next-step']").FillAsync("办理工商注册");
        await DateAsync(dialog, "next-step-due", new DateTime(2026, 12, 28));
        await SaveAsync(page, dialog, code, "正式签约");
        await Assertions.Expect(Column(page, "ContractSigned").Locator($"[data-code='{code}']")).ToHaveCountAsync(1, new() { Timeout = SaveTimeout });

        // Contract signed → Landed: everything but the capex first, refused in Chinese with nothing moved; then the capex.
        dialog = await DragAsync(page, code, "Landed", "项目落地");
        await dialog.Locator("[data-testid='registered-entity']").FillAsync("示例（上海）新材料有限公司");
        await dialog.Locator("[data-testid='registered-capital'] input").FillAsync("5000000");
        await dialog.Locator("[data-testid='planned-jobs'] input").FillAsync("120");
        await dialog.Locator("[data-testid='district']").ClickAsync();
        await page.Locator(".rz-dropdown-item:visible", new() { HasTextRegex = new Regex("^" + Regex.Escape(district) + "$") }).ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-testid='district']")).ToContainTextAsync(district);
        await DateAsync(dialog, "landed-date", new DateTime(2026, 12, 1));
        await DateAsync(dialog, "start-of-works", new DateTime(2027, 3, 1));
        await dialog.Locator("[data-testid='next-step']").FillAsync("跟进开工准备");
        await DateAsync(dialog, "next-step-due", new DateTime(2027, 1, 15));
        await dialog.Locator("[data-testid='save-move']").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("项目落地需要大于零的固定资产投资。", new() { Timeout = SaveTimeout });
        await Assertions.Expect(dialog.Locator(".crm-field-error")).ToHaveCountAsync(1);
        await Assertions.Expect(Column(page, "ContractSigned").Locator($"[data-code='{code}']")).ToHaveCountAsync(1);

        await dialog.Locator("[data-testid='capex'] input").FillAsync("8000000");
        await dialog.Locator("[data-testid='capex'] input").PressAsync("Tab");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "pipeline-board-landed-dialog-zh-CN.png"), FullPage = true });
        await SaveAsync(page, dialog, code, "项目落地");
        var landed = Column(page, "Landed");
        await Assertions.Expect(landed.Locator($"[data-code='{code}']")).ToHaveCountAsync(1, new() { Timeout = SaveTimeout });
        await Assertions.Expect(landed.Locator($"[data-code='{code}']")).ToContainTextAsync("跟进开工准备");
        await Assertions.Expect(Column(page, "ContractSigned").Locator($"[data-code='{code}']")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "pipeline-board-landed-zh-CN.png"), FullPage = true });
        await page.Context.CloseAsync();

        // A manager opens the team's board and finds the deal landed, its intended value in US$ (converted at the rate of
        // the deal's edition year: 71 million yuan is about 10 million dollars).
        var (manager, managerFailures) = await app.SignedInPageAsync(_browser, "manager");
        await manager.GotoAsync("/pipeline/board");
        await CrmAppFixture.WaitForCircuitAsync(manager, "[data-testid='team-filter']");
        await manager.Locator("[data-testid='team-filter']").ClickAsync();
        await manager.Locator(".rz-dropdown-item", new() { HasTextRegex = new Regex("^" + Regex.Escape(team) + "$") }).ClickAsync();
        await Assertions.Expect(manager.Locator("[data-testid='board-card']").First).ToContainTextAsync(team, new() { Timeout = SaveTimeout }); // only that team's cards
        var seen = Column(manager, "Landed").Locator($"[data-code='{code}']");
        await Assertions.Expect(seen).ToHaveCountAsync(1);
        await Assertions.Expect(seen).ToContainTextAsync(new Regex("(98[0-9]\\.[0-9]{2}|1,000\\.00)万美元"));
        await seen.ScrollIntoViewIfNeededAsync(); // the board scrolls sideways: Landed is off to the right
        await manager.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "pipeline-board-manager-zh-CN.png"), FullPage = true });

        Assert.True(failures.Count + managerFailures.Count == 0, string.Join("\n", failures.Concat(managerFailures)));
    }

    private static ILocator Column(IPage page, string stage) => page.Locator($"[data-testid='board-column'][data-stage='{stage}']");

    /// <summary>
    /// Drags the deal's card onto a stage's column with the mouse (press on the card, move over the column in steps, as the
    /// browser's drag and drop needs, release) and returns the move dialog, open for that stage. Both in view first: the
    /// board scrolls sideways.
    /// </summary>
    private static async Task<ILocator> DragAsync(IPage page, string code, string stage, string stageZh)
    {
        var column = Column(page, stage);
        await column.ScrollIntoViewIfNeededAsync();
        await page.Locator($"[data-testid='board-card'][data-code='{code}']").HoverAsync();
        await page.Mouse.DownAsync();
        var target = (await column.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(target.X + target.Width / 2, target.Y + 40, new() { Steps = 10 });
        await page.Mouse.MoveAsync(target.X + target.Width / 2, target.Y + 60, new() { Steps = 5 });
        await page.Mouse.UpAsync();
        var dialog = await CrmAppFixture.DialogAsync(page, "move-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync(new() { Timeout = SaveTimeout });
        await Assertions.Expect(dialog.Locator("[data-testid='new-stage']")).ToContainTextAsync(stageZh);
        return dialog;
    }

    /// <summary>Saves the move and waits for the dialog to close with the notification that the deal moved.</summary>
    private static async Task SaveAsync(IPage page, ILocator dialog, string code, string stageZh)
    {
        await dialog.Locator("[data-testid='save-move']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync($"线索 {code} 已推进至“{stageZh}”。", new() { Timeout = SaveTimeout });
        await Assertions.Expect(dialog).ToHaveCountAsync(0, new() { Timeout = SaveTimeout });
    }

    private static async Task DateAsync(ILocator dialog, string field, DateTime date)
    {
        var input = dialog.Locator($"[data-testid='{field}'] input.rz-inputtext");
        await input.FillAsync(date.ToString("d", CultureInfo.GetCultureInfo("zh-CN")));
        await input.PressAsync("Tab");
    }

    /// <summary>
    /// A team member (the first by name with one team, other than those of other journeys) whose board opens on an
    /// edition with a Met investment deal of theirs, the team's Chinese name, its district's Chinese name (where the
    /// project lands), and that deal's code.
    /// </summary>
    private async Task<(string Member, string TeamZh, string DistrictZh, string Code)> PickAsync()
    {
        var users = await app.ExportAsync("users");
        var teams = await app.ExportAsync("teams");
        var districts = await app.ExportAsync("districts");
        var deals = (await app.ExportAsync("deals")).Where(d => d["kind"] == "Investment").ToList();
        var current = (await app.ExportAsync("editions")).Single(e => e["status"] == "Current")["number"];
        // ReachJourney's team member (the first with the one role and one team) and AuditedSessionJourney's (the last) stay theirs.
        var single = users.Where(u => u["roles"] == "TeamMember" && u["teams"].Length > 0 && !u["teams"].Contains(';')).ToList();
        foreach (var user in single.Skip(1).SkipLast(1).Where(u => !_othersUsers.Contains(u["user_name"])).OrderBy(u => u["user_name"], StringComparer.Ordinal))
        {
            var theirs = deals.Where(d => d["team"] == user["teams"]).ToList();
            if (theirs.Count == 0)
            {
                continue;
            }
            var edition = theirs.Any(d => d["edition"] == current) ? current
                : theirs.Max(d => int.Parse(d["edition"], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
            if (theirs.Where(d => d["edition"] == edition && d["stage"] == "Met").OrderBy(d => d["code"], StringComparer.Ordinal).FirstOrDefault() is { } deal)
            {
                var team = teams.Single(t => t["code"] == user["teams"]);
                var district = districts.Single(d => d["code"] == team["district_code"]);
                return (user["user_name"], team["name_zh"], district["name_zh"], deal["code"]);
            }
        }
        throw new InvalidOperationException("The seed has no team member with a Met investment deal.");
    }
}
