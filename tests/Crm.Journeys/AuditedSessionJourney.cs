using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// A session of work and its audit trail: a team member mistypes their password, signs in, moves a deal a stage on and
/// signs out; the administrator then changes another user's roles and reads all of it, newest first, on the audit page.
/// Each user in a browser context of their own, over the small seed. The session's entries are written to
/// <c>audit-session.txt</c> in the output folder, straight from the journey's database.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class AuditedSessionJourney(CrmAppFixture app) : IAsyncLifetime
{
    private const string Administrator = "admin";

    /// <summary>The seeded read-only user: the administrator gives them the Manager role (no other journey signs in as them).</summary>
    private const string EditedUser = "viewer";
    private const string AddedRole = "Manager";
    private const string AddedRoleText = "管理人员"; // AdminText Role_Manager, as the administrator (zh-CN) reads it

    /// <summary>Other journeys' users, left alone: LockoutJourney locks this one out.</summary>
    private const string LockoutJourneyUser = "chunyan.zhu";

    /// <summary>The investment track (DealStages.Investment) and what the pipeline calls each stage in Chinese.</summary>
    private static readonly string[] _track =
        ["Proposed", "Contacted", "MeetingScheduled", "Met", "IntentSigned", "ContractSigned", "Landed", "Operational"];
    private static readonly Dictionary<string, string> _stageText = new()
    {
        ["Proposed"] = "推荐", ["Contacted"] = "已联系", ["MeetingScheduled"] = "已约见", ["Met"] = "已洽谈",
        ["IntentSigned"] = "意向签约", ["ContractSigned"] = "正式签约", ["Landed"] = "项目落地", ["Operational"] = "投产运营",
    };

    /// <summary>
    /// Stages whose next step the journey can fill in, in order of preference: a signed intent becomes a contract (its
    /// value and date, and the next step), a landed project starts operating (its actual jobs and investment).
    /// </summary>
    private static readonly string[][] _movesTheJourneyFills = [["IntentSigned"], ["Landed"]];

    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_session_of_work_is_in_the_audit_trail_the_administrator_reads()
    {
        var start = DateTime.UtcNow; // the trail's times are the app's UTC clock, on this machine
        var (member, deal) = await PickMemberAndDealAsync();
        var from = deal["stage"];
        var to = _track[Array.IndexOf(_track, from) + 1];

        // 1. The team member: a wrong password once, then the right one.
        var memberPage = await app.NewPageAsync(_browser);
        await memberPage.GotoAsync("/account/sign-in");
        await CrmAppFixture.SubmitSignInAsync(memberPage, member, "Wrong#Password1");
        await Assertions.Expect(memberPage.Locator("[data-testid='sign-in-message']")).ToHaveTextAsync("用户名或密码错误。");
        await CrmAppFixture.SubmitSignInAsync(memberPage, member, CrmAppFixture.DemoPassword);
        await Assertions.Expect(memberPage.Locator("[data-testid='user-name']")).ToHaveTextAsync(member);

        // Their pipeline: the deal moves one stage on through the dialog.
        await memberPage.GotoAsync("/pipeline");
        var row = memberPage.Locator("[data-testid='pipeline'] tbody tr").Filter(new() { HasText = deal["code"] });
        await Assertions.Expect(row.Locator($".crm-stage-{from.ToLowerInvariant()}")).ToHaveTextAsync(_stageText[from]);
        await CrmAppFixture.WaitForCircuitAsync(memberPage, "[data-testid='move-deal']");
        await row.Locator("[data-testid='move-deal']").ClickAsync();
        var dialog = await CrmAppFixture.DialogAsync(memberPage, "move-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator("[data-testid='new-stage']")).ToContainTextAsync(_stageText[to]); // the step forward, chosen
        async Task DateAsync(string field, DateTime date)
        {
            var input = dialog.Locator($"[data-testid='{field}'] input.rz-inputtext");
            await input.FillAsync(date.ToString("d", System.Globalization.CultureInfo.GetCultureInfo("zh-CN")));
            await input.PressAsync("Tab");
        }
        if (to == "ContractSigned")
        {
            await dialog.Locator("[data-testid='amount'] input").FillAsync("2500000");
            await DateAsync("signed-on", new DateTime(2026, 11, 20));
            await dialog.Locator("[data-testid='next-step']").FillAsync("约企业负责人到园区考察");
            await DateAsync("next-step-due", new DateTime(2026, 12, 15));
        }
        else
        {
            await dialog.Locator("[data-testid='actual-jobs'] input").FillAsync("85");
            await dialog.Locator("[data-testid='actual-investment'] input").FillAsync("18000000");
        }
        await dialog.Locator("[data-testid='save-move']").ClickAsync();
        await Assertions.Expect(memberPage.Locator(".rz-notification")).ToContainTextAsync($"线索 {deal["code"]} 已推进至“{_stageText[to]}”。");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(row.Locator($".crm-stage-{to.ToLowerInvariant()}")).ToHaveTextAsync(_stageText[to]);
        await memberPage.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "audited-session-pipeline.png"), FullPage = true });

        // Signed out through the header's menu.
        await memberPage.Locator("[data-testid='user-menu'] [data-testid='sign-out']").ClickAsync();
        await Assertions.Expect(memberPage).ToHaveURLAsync(new Regex("/account/sign-in$"));
        await memberPage.Context.CloseAsync();

        // 2. The administrator, in a browser of their own, gives the read-only user a second role.
        var adminPage = await app.NewPageAsync(_browser);
        await adminPage.GotoAsync("/account/sign-in");
        await CrmAppFixture.SubmitSignInAsync(adminPage, Administrator, CrmAppFixture.DemoPassword);
        await Assertions.Expect(adminPage.Locator("[data-testid='user-name']")).ToHaveTextAsync(Administrator);
        await adminPage.GotoAsync("/admin/users");
        await CrmAppFixture.WaitForCircuitAsync(adminPage, "[data-testid='user-search']");
        await adminPage.Locator("[data-testid='user-search']").FillAsync(EditedUser);
        await adminPage.Locator("[data-testid='user-search']").PressAsync("Tab"); // the search applies on change
        var userRows = adminPage.Locator("[data-testid='users'] tbody tr");
        await Assertions.Expect(userRows).ToHaveCountAsync(1);
        var userRow = userRows.Filter(new() { Has = adminPage.Locator($"strong:text-is('{EditedUser}')") });
        await Assertions.Expect(userRow).ToContainTextAsync("只读用户");
        await CrmAppFixture.WaitForCircuitAsync(adminPage, "[data-testid='edit-user']");
        await userRow.Locator("[data-testid='edit-user']").ClickAsync();
        var editor = await CrmAppFixture.DialogAsync(adminPage, "user-editor");
        var role = editor.GetByRole(AriaRole.Checkbox, new() { Name = AddedRoleText, Exact = true });
        await Assertions.Expect(role).Not.ToBeCheckedAsync();
        await role.ClickAsync();
        await Assertions.Expect(role).ToBeCheckedAsync();
        await editor.Locator("[data-testid='save-user']").ClickAsync();
        await Assertions.Expect(adminPage.Locator(".rz-notification")).ToContainTextAsync("修改已保存。");
        await Assertions.Expect(editor).ToBeHiddenAsync();
        await Assertions.Expect(userRow).ToContainTextAsync(AddedRoleText);

        // The audit page, filtered by who: the team member's session, then the administrator's change, each newest first.
        await adminPage.GotoAsync("/admin/audit");
        var audit = adminPage.Locator("[data-testid='audit']");
        // Opened bare, the newest entries are listed at once: the administrator's role change is on top.
        await Assertions.Expect(audit.Locator("tbody > tr").First).ToContainTextAsync("UpdateUser");
        var signedOut = AuditRow(audit, member, "SignedOut", "退出登录", "Account");
        var dealUpdated = AuditRow(audit, member, "MoveDealStage", "修改", "Deal");
        var stageChangeCreated = AuditRow(audit, member, "MoveDealStage", "新增", "DealStageChange");
        var signedIn = AuditRow(audit, member, "SignedIn", "登录", "Account");
        var signInFailed = AuditRow(audit, member, "SignInFailed", "登录失败", "Account");
        await FilterAuditByUserAsync(adminPage, member);
        // A fresh database: their whole trail is this session, and Identity's failed-attempt counter (up, then reset) is in it
        // under the name that was typed.
        await Assertions.Expect(audit.Locator("tbody > tr")).ToHaveCountAsync(7);
        await ExpectNewestFirstAsync([signedOut], [dealUpdated, stageChangeCreated], [signedIn], [signInFailed]);
        await Assertions.Expect(dealUpdated.Locator(":scope > td:nth-child(6) th:text-is('Stage')")).ToBeVisibleAsync();
        await Assertions.Expect(stageChangeCreated.Locator(":scope > td:nth-child(6) th:text-is('ToStage')")).ToBeVisibleAsync();
        await Assertions.Expect(signInFailed).ToContainTextAsync("wrong password");
        await adminPage.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "audited-session-audit-member.png"), FullPage = true });

        var roleAdded = AuditRow(audit, Administrator, "UpdateUser", "新增", "IdentityUserRole");
        // The newest of the administrator's sign-ins is this session's (the model page's journey signs in as admin too).
        var adminSignedIn = AuditRow(audit, Administrator, "SignedIn", "登录", "Account").First;
        await FilterAuditByUserAsync(adminPage, Administrator);
        await ExpectNewestFirstAsync([roleAdded], [adminSignedIn]);
        await Assertions.Expect(roleAdded).ToContainTextAsync($"{EditedUser} · {AddedRole}");
        await adminPage.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "audited-session-audit.png"), FullPage = true });
        await adminPage.Context.CloseAsync();

        // 3. The session's entries, as stored.
        var entries = await ReadAuditAsync(start);
        File.WriteAllText(Path.Combine(CrmAppFixture.OutputFolder, "audit-session.txt"), Table(entries));
        Assert.Contains(entries, e => e.UserName == member && e.Action == "SignInFailed");
        Assert.Contains(entries, e => e.UserName == member && e.Action == "SignedIn");
        Assert.Contains(entries, e => e.UserName == member && e.Operation == "MoveDealStage" && e.EntityType == "Deal" && e.Action == "Updated");
        Assert.Contains(entries, e => e.UserName == member && e.Operation == "MoveDealStage" && e.EntityType == "DealStageChange" && e.Action == "Created");
        Assert.Contains(entries, e => e.UserName == member && e.Action == "SignedOut");
        Assert.Contains(entries, e => e.UserName == Administrator && e.Operation == "UpdateUser" && e.EntityType.StartsWith("IdentityUserRole", StringComparison.Ordinal)
            && e.Action == "Created" && e.EntityKey.EndsWith("|role-" + AddedRole.ToLowerInvariant(), StringComparison.Ordinal));

        // Across both users, in the order it happened (the trail's time, then its id): the team member's session, then the role change.
        int Position(Func<AuditRecord, bool> match) => entries.FindIndex(e => match(e));
        var order = new[]
        {
            Position(e => e.UserName == member && e.Action == "SignInFailed"),
            Position(e => e.UserName == member && e.Action == "SignedIn"),
            Position(e => e.UserName == member && e.Operation == "MoveDealStage"),
            Position(e => e.UserName == member && e.Action == "SignedOut"),
            Position(e => e.UserName == Administrator && e.Action == "SignedIn"),
            Position(e => e.UserName == Administrator && e.Operation == "UpdateUser"),
        };
        Assert.True(order.Zip(order.Skip(1)).All(p => p.First < p.Second), "The session is not in the trail in the order it happened: " + string.Join(", ", order));
    }

    /// <summary>Filters the audit page by user name (applied on change) and waits for the filtered grid.</summary>
    private static async Task FilterAuditByUserAsync(IPage page, string userName)
    {
        var who = page.Locator("[data-testid='audit-user']");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='audit-user']");
        await who.FillAsync(userName);
        await who.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid='audit'] tbody > tr > td:nth-child(2)").First).ToHaveTextAsync(userName);
    }

    /// <summary>Each entry shown once, and in this order from the top of the grid (entries in one group: in any order).</summary>
    private static async Task ExpectNewestFirstAsync(params ILocator[][] groups)
    {
        var positions = new List<(int First, int Last)>();
        foreach (var group in groups)
        {
            var rows = new List<int>();
            foreach (var entry in group)
            {
                await Assertions.Expect(entry).ToHaveCountAsync(1);
                await Assertions.Expect(entry).ToBeVisibleAsync();
                rows.Add(await entry.EvaluateAsync<int>("row => [...row.parentElement.children].indexOf(row)"));
            }
            positions.Add((rows.Min(), rows.Max()));
        }
        Assert.True(positions.Zip(positions.Skip(1)).All(p => p.First.Last < p.Second.First),
            "The audit page does not list the entries newest first: rows " + string.Join(", ", positions));
    }

    /// <summary>One row of the audit grid: who, operation, action (as the page says it) and the record's type.</summary>
    private static ILocator AuditRow(ILocator grid, string who, string operation, string action, string entityType) =>
        grid.Locator("tbody > tr") // not the rows of the changes' tables inside
            .Filter(new() { Has = Cell(grid.Page, 2, who) })
            .Filter(new() { Has = Cell(grid.Page, 3, operation) })
            .Filter(new() { Has = grid.Page.Locator($":scope > td:nth-child(4) .rz-badge:text-is('{action}')") })
            .Filter(new() { Has = grid.Page.Locator($":scope > td:nth-child(5) div:text-is('{entityType}')") });

    /// <summary>The row's cell in this column, holding exactly this text.</summary>
    private static ILocator Cell(IPage page, int column, string text) =>
        page.Locator($":scope > td:nth-child({column})", new() { HasTextRegex = new Regex($"^{Regex.Escape(text)}$") });

    /// <summary>
    /// The team member and the deal they move: the last team member by name (other than the users of the other journeys)
    /// whose pipeline, as the page first shows it, has a deal whose next step needs no input; the first such deal by code.
    /// </summary>
    private async Task<(string Member, Dictionary<string, string> Deal)> PickMemberAndDealAsync()
    {
        var users = await app.ExportAsync("users");
        var deals = (await app.ExportAsync("deals")).Where(d => d["kind"] == "Investment").ToList();
        var current = (await app.ExportAsync("editions")).Single(e => e["status"] == "Current")["number"];
        // ReachJourney's team member (the first with the one role and one team).
        var reachMember = users.First(u => u["roles"] == "TeamMember" && u["teams"].Length > 0 && !u["teams"].Contains(';'))["user_name"];

        var members = users
            .Where(u => u["roles"].Split(';').Contains("TeamMember") && (u["teams"].Length > 0 || u["lead_teams"].Length > 0))
            .Where(u => u["user_name"] != LockoutJourneyUser && u["user_name"] != reachMember)
            .OrderByDescending(u => u["user_name"], StringComparer.Ordinal);
        foreach (var user in members)
        {
            var teams = $"{user["teams"]};{user["lead_teams"]}".Split(';', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            var theirs = deals.Where(d => teams.Contains(d["team"])).ToList();
            if (theirs.Count == 0)
            {
                continue;
            }
            // The pipeline opens on the current edition when it holds their deals, else on the newest that does.
            var edition = theirs.Any(d => d["edition"] == current) ? current : theirs.Max(d => int.Parse(d["edition"], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
            var shown = theirs.Where(d => d["edition"] == edition).OrderBy(d => d["code"], StringComparer.Ordinal).Take(20).ToList(); // the first page
            foreach (var stages in _movesTheJourneyFills)
            {
                if (shown.FirstOrDefault(d => stages.Contains(d["stage"])) is { } deal)
                {
                    return (user["user_name"], deal);
                }
            }
        }
        throw new InvalidOperationException("The small seed has no team member with a signed intent or a landed project.");
    }


    private sealed record AuditRecord(DateTime At, string? UserName, string? Operation, string Action, string EntityType, string EntityKey, string Changes);

    /// <summary>The audit entries written since <paramref name="since"/>, oldest first, from the journey's SQLite file.</summary>
    private async Task<List<AuditRecord>> ReadAuditAsync(DateTime since)
    {
        await using var connection = JourneyDatabase.Open(app.DatabaseFile);
        await using var command = connection.CreateCommand();
        // EF Core stores a DateTime as text "yyyy-MM-dd HH:mm:ss.FFFFFFF", which sorts as the time does.
        command.CommandText = """
            SELECT At, UserName, Operation, Action, EntityType, EntityKey, Changes FROM AuditEntries
            WHERE At >= $since ORDER BY At, Id
            """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$since";
        parameter.Value = since.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        command.Parameters.Add(parameter);
        var entries = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            entries.Add(new AuditRecord(
                DateTime.Parse(reader.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }
        return entries.Where(e => e.At >= since).ToList();
    }

    /// <summary>The entries as a plain text table, columns padded to their widest value.</summary>
    private static string Table(IReadOnlyList<AuditRecord> entries)
    {
        string[] header = ["At (UTC)", "UserName", "Operation", "Action", "EntityType", "EntityKey", "Changes"];
        var rows = entries.Select(e => new[]
        {
            e.At.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture), e.UserName ?? "(system)", e.Operation ?? "", e.Action,
            e.EntityType, e.EntityKey, e.Changes.Length <= 160 ? e.Changes : e.Changes[..159] + "…",
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd());
        Line(header);
        Line(widths.Select(w => new string('-', w)).ToArray());
        rows.ForEach(Line);
        return text.ToString();
    }
}
