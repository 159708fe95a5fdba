using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>An app of its own: this journey trains and scores from the command line, which the model journey must not see.</summary>
[CollectionDefinition(Name)]
public sealed class ScoredAppCollection : ICollectionFixture<CrmAppFixture>
{
    public const string Name = "A scored app";
}

/// <summary>
/// J2's double opt-in: with the current edition scored, a delegation lead opens the proposals of a buyer of theirs,
/// declines one with a reason (refused without), accepts the best three; the organisers accept one of those requests for
/// the exhibitor and open a matchmaking session, and the lead sees that pair confirmed and books it into the session's
/// first slot, takes the buyer's schedule as a calendar file and, on the day, marks the meeting held in the buyer's
/// schedule and records its outcome (the pair's deal opens at Met); then sees it as a calendar and as a print view. The
/// organisers also set the session up with an interpreter. In Chinese.
/// </summary>
[Collection(ScoredAppCollection.Name)]
public sealed class ProposalsJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _browser = await app.LaunchBrowserAsync();
        await app.RunAppAsync("match", "train", "--db", app.DatabaseFile);
        await app.RunAppAsync("match", "score", "--edition", "9", "--db", app.DatabaseFile);
    }

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_lead_declines_one_proposal_asks_for_the_best_three_and_sees_the_pair_the_organisers_accepted_confirmed()
    {
        var users = await app.ExportAsync("users");
        var lead = users.First(u => u["roles"] == "DelegationLead" && u["delegations"].StartsWith("9/", StringComparison.Ordinal))["user_name"];
        var (page, failures) = await app.SignedInPageAsync(_browser, lead);

        await Assertions.Expect(page.Locator(".rz-sidebar a[href='/proposals']")).ToContainTextAsync("对接建议");
        await page.GotoAsync("/proposals");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("对接建议");
        var buyer = page.Locator("[data-testid='proposal-buyer']").First;
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='proposal-buyers']");
        await buyer.ClickAsync();
        var proposals = page.Locator("[data-testid='proposal']");
        await Assertions.Expect(proposals.First).ToHaveAttributeAsync("data-state", "Proposed");
        Assert.InRange(await proposals.CountAsync(), 4, 10);

        // The fourth is declined: not without a reason.
        var fourth = proposals.Nth(3);
        await fourth.Locator("[data-testid='decline']").ClickAsync();
        await CrmAppFixture.DialogAsync(page, "decline-dialog");
        await page.Locator("[data-testid='decline-save']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='decline-dialog'] .crm-field-error")).ToHaveTextAsync("请说明拒绝原因。");
        await page.Locator("[data-testid='decline-reason']").FillAsync("该展商产品与采购需求不符");
        await page.Locator("[data-testid='decline-save']").ClickAsync();
        await Assertions.Expect(fourth).ToHaveAttributeAsync("data-state", "Declined");
        await Assertions.Expect(fourth).ToContainTextAsync("该展商产品与采购需求不符");

        // The best three, asked in one go.
        await page.Locator("[data-testid='accept-top']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("已接受 3 条建议。");
        for (var i = 0; i < 3; i++)
        {
            await Assertions.Expect(proposals.Nth(i)).ToHaveAttributeAsync("data-state", "Requested");
        }
        await Assertions.Expect(proposals.First.Locator("[data-testid='proposal-state']")).ToHaveTextAsync("已邀请，待展商答复");
        var exhibitor = (await proposals.First.Locator("strong").TextContentAsync())!.Trim();
        await page.Context.CloseAsync();

        // The organisers accept the first request for its exhibitor.
        var (organiser, organiserFailures) = await app.SignedInPageAsync(_browser, "manager");
        await organiser.GotoAsync("/requests");
        await Assertions.Expect(organiser.Locator("h1")).ToHaveTextAsync("展商待答复邀请");
        var request = organiser.Locator(".rz-data-row", new() { HasText = exhibitor }).First;
        await CrmAppFixture.WaitForCircuitAsync(organiser, "[data-testid='requests']");
        await request.Locator("[data-testid='request-accept']").ClickAsync();
        await Assertions.Expect(organiser.Locator(".rz-notification")).ToContainTextAsync("双方已确认");

        // They open a matchmaking session on the opening day, slots of twenty minutes: not without a venue.
        await organiser.GotoAsync("/sessions");
        await Assertions.Expect(organiser.Locator("[data-testid='no-sessions']")).ToBeVisibleAsync();
        await CrmAppFixture.WaitForCircuitAsync(organiser, "[data-testid='create-session']");
        await organiser.Locator("[data-testid='session-name-zh']").FillAsync("消费品供需对接会");
        await organiser.Locator("[data-testid='session-name']").FillAsync("Consumer goods matchmaking");
        var day = organiser.Locator("[data-testid='session-day'] input.rz-inputtext");
        await day.FillAsync(new DateTime(2026, 11, 5).ToString("d", System.Globalization.CultureInfo.GetCultureInfo("zh-CN")));
        await day.PressAsync("Tab");
        await organiser.Locator("[data-testid='create-session']").ClickAsync();
        await Assertions.Expect(organiser.Locator("[data-testid='new-session'] .crm-field-error")).ToHaveTextAsync("请填写场馆。");
        await organiser.Locator("[data-testid='session-venue']").FillAsync("国家会展中心 4.1 馆");
        await organiser.Locator("[data-testid='create-session']").ClickAsync();
        await Assertions.Expect(organiser.Locator("[data-testid='session']")).ToContainTextAsync("消费品供需对接会");

        // They set the session up: an interpreter for English (the session does not provide them yet, so booking is as before).
        await organiser.Locator("[data-testid='setup-session']").ClickAsync();
        await CrmAppFixture.DialogAsync(organiser, "session-setup");
        await organiser.Locator("[data-testid='interpreter-name']").FillAsync("李娜");
        await organiser.Locator("[data-testid='interpreter-language']").ClickAsync();
        await organiser.Locator(".rz-dropdown-item", new() { HasText = "en · English" }).ClickAsync();
        // The choice reaches the server through Radzen's script, not with the click: add only once the server shows it.
        await Assertions.Expect(organiser.Locator("[data-testid='interpreter-language']")).ToContainTextAsync("en · English");
        await organiser.Locator("[data-testid='add-interpreter']").ClickAsync();
        // A round trip over the circuit: on a loaded machine it has taken longer than the default 5 s.
        await Assertions.Expect(organiser.Locator("[data-testid='interpreter']")).ToContainTextAsync("李娜 · en · English", new() { Timeout = 20_000 });
        await organiser.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "session-setup-zh-CN.png"), FullPage = true });
        await organiser.Locator("[data-testid='setup-close']").ClickAsync();
        await organiser.Context.CloseAsync();

        // Back with the lead: that pair is confirmed.
        (page, _) = await app.SignedInPageAsync(_browser, lead);
        await page.GotoAsync("/proposals");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='proposal-buyers']");
        await page.Locator("[data-testid='proposal-buyer']").First.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='proposal']").First).ToHaveAttributeAsync("data-state", "Confirmed");

        // The lead books the confirmed pair into the session's first slot: table A-001 at 09:00.
        await page.Locator("[data-testid='proposal']").First.Locator("[data-testid='book']").ClickAsync();
        await CrmAppFixture.DialogAsync(page, "book-dialog");
        await page.Locator("[data-testid='book-session']").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = "消费品供需对接会" }).ClickAsync();
        await page.Locator("[data-testid='book-slot']").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = "09:00 · 空闲洽谈桌" }).ClickAsync();
        await page.Locator("[data-testid='book-save']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync(new Regex("已预约：M09-\\d{6}，洽谈桌 A-001"));
        await Assertions.Expect(page.Locator("[data-testid='proposal']").First.Locator("[data-testid='proposal-meeting']")).ToContainTextAsync("A-001");

        // The buyer's schedule, as a calendar file.
        var ics = await page.Locator("[data-testid='export-ics']").GetAttributeAsync("href");
        var calendar = await page.Context.APIRequest.GetAsync(new Uri(app.BaseAddress, ics).ToString());
        Assert.Equal(200, calendar.Status);
        Assert.StartsWith("text/calendar", calendar.Headers["content-type"], StringComparison.Ordinal);
        var text = (await calendar.TextAsync()).Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains("BEGIN:VEVENT", text, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20261105T010000Z", text, StringComparison.Ordinal);
        Assert.Contains("洽谈桌 A-001", text, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(CrmAppFixture.OutputFolder, "schedule.ics"), text);

        // Every action keeps its label on one line beside the proposal's text: a small button is ~30 px high; squeezed by
        // the reasons beside it, "接受" broke into two lines of one character (~50 px).
        var heights = await page.Locator("[data-testid='proposal-actions'] .rz-button").EvaluateAllAsync<double[]>(
            "buttons => buttons.map(b => b.getBoundingClientRect().height)");
        Assert.True(heights.Length >= 3, $"{heights.Length} action buttons");
        Assert.All(heights, h => Assert.InRange(h, 20, 40));

        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "proposals-zh-CN.png"), FullPage = true });

        // The buyer's schedule: on the day the lead marks the meeting held there and records its outcome, which opens the
        // pair's deal at Met with the next step.
        await page.Locator("[data-testid='buyer-schedule']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/schedule\\?buyer=\\d+$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("日程");
        var meetingRow = page.Locator("[data-testid='schedule-row']");
        await Assertions.Expect(meetingRow).ToHaveCountAsync(1);
        await Assertions.Expect(meetingRow).ToHaveAttributeAsync("data-status", "Confirmed");
        await Assertions.Expect(meetingRow).ToContainTextAsync("A-001");
        await Assertions.Expect(page.Locator("[data-testid='schedule-heading']")).ToContainTextAsync("采购商日程：");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='schedule-list']");
        await meetingRow.Locator("[data-testid='mark-held']").ClickAsync();
        await Assertions.Expect(meetingRow).ToHaveAttributeAsync("data-status", "Held");
        await meetingRow.Locator("[data-testid='record-outcome']").ClickAsync();
        await page.Locator("[data-testid='outcome-save']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='outcome-dialog'] .crm-field-error").First).ToHaveTextAsync("请填写下一步。");
        await page.Locator("[data-testid='outcome-notes']").FillAsync("采购商希望先看样品");
        await page.Locator("[data-testid='outcome-next-step']").FillAsync("寄送样品与报价单");
        var due = page.Locator("[data-testid='outcome-due'] input.rz-inputtext");
        await due.FillAsync(new DateTime(2026, 11, 20).ToString("d", System.Globalization.CultureInfo.GetCultureInfo("zh-CN")));
        await due.PressAsync("Tab");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "meeting-outcome-zh-CN.png"), FullPage = true });
        await page.Locator("[data-testid='outcome-save']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync(new Regex("结果已记录：项目 D09-\\d{6} 现处于“已洽谈”"));
        await Assertions.Expect(meetingRow.Locator("[data-testid='schedule-status']")).ToContainTextAsync("有意向");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "schedule-list-zh-CN.png"), FullPage = true });

        // The same meeting in the calendar on its day, and on paper without the navigation.
        await page.Locator("[data-testid='schedule-view']").GetByText("日历").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("view=calendar$"));
        await Assertions.Expect(page.Locator("[data-testid='schedule-appointment']")).ToHaveAttributeAsync("data-status", "Held");
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "schedule-calendar-zh-CN.png"), FullPage = true });
        var print = await page.Locator("[data-testid='schedule-print']").GetAttributeAsync("href");
        await page.GotoAsync(print!);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("采购商日程：");
        await Assertions.Expect(page.Locator("[data-testid='print-meeting']")).ToContainTextAsync("A-001");
        await Assertions.Expect(page.Locator(".rz-sidebar")).ToHaveCountAsync(0);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("[data-testid='print']")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "schedule-print-zh-CN.png"), FullPage = true });

        Assert.True(failures.Count + organiserFailures.Count == 0, string.Join("\n", failures.Concat(organiserFailures)));
    }
}
