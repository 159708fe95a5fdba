using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// J1's record work: a team member goes from a lead in their pipeline to the company's record, logs a call, is told a
/// task needs a due date, gives one that has passed, adds the person they spoke to as the primary contact, sees the task overdue there and among their open tasks on the
/// overview, and marks it done. In Chinese, the product's first language.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class CompanyRecordJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task Team_member_logs_a_call_and_an_overdue_task_on_a_company_and_clears_it_from_their_open_tasks()
    {
        // ReachJourney's team member (the first with the one role and one team): that journey only reads.
        var users = await app.ExportAsync("users");
        var member = users.First(u => u["roles"] == "TeamMember" && u["teams"].Length > 0 && !u["teams"].Contains(';'))["user_name"];
        var (page, failures) = await app.SignedInPageAsync(_browser, member);

        // From a lead of their pipeline to the company's record.
        await page.GotoAsync("/pipeline");
        var link = page.Locator("[data-testid='company-link']").First;
        var company = (await link.TextContentAsync())!.Trim();
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='move-deal']");
        await link.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/companies/\\d+$"));
        await Assertions.Expect(page.Locator("[data-testid='company-name']")).ToHaveTextAsync(company);
        await Assertions.Expect(page.Locator("[data-testid='participation'] tr[data-role='exhibitor']").First).ToBeVisibleAsync();
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='record-activity']");

        // A call, logged.
        await page.Locator("[data-testid='activity-subject']").FillAsync("电话沟通投资意向");
        await page.Locator("[data-testid='activity-notes']").FillAsync("对方希望了解临港新片区的政策");
        await page.Locator("[data-testid='record-activity']").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("跟进记录已添加。");
        var first = page.Locator("[data-testid='activity']").First;
        await Assertions.Expect(first).ToContainTextAsync("电话沟通投资意向");
        await Assertions.Expect(first).ToHaveAttributeAsync("data-kind", "Call");

        // A task without a due date is refused; with yesterday's date it is overdue at once.
        await page.Locator("[data-testid='activity-kind']").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = "待办" }).ClickAsync();
        await page.Locator("[data-testid='activity-subject']").FillAsync("补交投资意向书");
        await page.Locator("[data-testid='record-activity']").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='activity-form'] .crm-field-error")).ToHaveTextAsync("待办事项需要截止日期。");
        var yesterday = DateTime.UtcNow.AddHours(8).Date.AddDays(-1).ToString("d", CultureInfo.GetCultureInfo("zh-CN"));
        var due = page.Locator("[data-testid='activity-due'] input.rz-inputtext");
        await due.FillAsync(yesterday);
        await due.PressAsync("Tab");
        await page.Locator("[data-testid='record-activity']").ClickAsync();
        var task = page.Locator("[data-testid='activity'][data-kind='Task']").First;
        await Assertions.Expect(task).ToContainTextAsync("补交投资意向书");
        await Assertions.Expect(task.Locator("[data-testid='overdue']")).ToHaveTextAsync("已逾期");

        // The person they spoke to, added to the company's people: a mistyped e-mail is refused, then they are the primary contact.
        await page.Locator("[data-testid='add-person']").ClickAsync();
        var editor = await CrmAppFixture.DialogAsync(page, "contact-editor");
        await editor.Locator("[data-testid='person-name']").FillAsync("Wang Lei");
        await editor.Locator("[data-testid='person-name-zh']").FillAsync("王磊");
        await editor.Locator("[data-testid='person-title']").FillAsync("中国区投资总监");
        await editor.Locator("[data-testid='person-email']").FillAsync("wang.lei at example.com");
        await editor.Locator("label", new() { HasText = "设为该公司的主要联系人" }).ClickAsync();
        await editor.Locator("[data-testid='save-person']").ClickAsync();
        await Assertions.Expect(editor.Locator(".crm-field-error")).ToHaveTextAsync("“wang.lei at example.com”不是有效的电子邮箱地址。");
        await editor.Locator("[data-testid='person-email']").FillAsync("wang.lei@example.com");
        await editor.Locator("[data-testid='save-person']").ClickAsync();
        // The save validates, writes and audits: on a loaded machine it can take longer than the default 5 s to answer.
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("已添加联系人。", new() { Timeout = 15_000 });
        var person = page.Locator("[data-testid='person']").First;
        await Assertions.Expect(person).ToContainTextAsync("王磊");
        await Assertions.Expect(person.Locator("[data-testid='primary']")).ToHaveTextAsync("主要联系人");
        await Assertions.Expect(page.Locator("[data-testid='person'] [data-testid='primary']")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "company-record-zh-CN.png") });

        // Among their open tasks on the overview, overdue; done, it leaves the list.
        await page.GotoAsync("/");
        var open = page.Locator("[data-testid='my-open-tasks']");
        await Assertions.Expect(open).ToContainTextAsync("我的待办");
        var openTask = open.Locator("[data-testid='open-task']", new() { HasText = "补交投资意向书" });
        await Assertions.Expect(openTask).ToContainTextAsync("已逾期");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='my-open-tasks'] button");
        await openTask.Locator("button").ClickAsync();
        await Assertions.Expect(openTask).ToHaveCountAsync(0);

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
