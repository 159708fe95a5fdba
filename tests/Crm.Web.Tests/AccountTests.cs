using System.Net;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests;

/// <summary>Signing in and out, lockout, deactivated accounts and changing the password, over HTTP with the real forms.</summary>
public sealed class AccountTests
{
    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_the_sign_in_page_with_the_page_they_wanted()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);

        var response = await app.NonRedirectingBrowser().GetAsync("/?tab=2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/sign-in", response.Headers.Location!.AbsolutePath);
        Assert.Contains("returnUrl=%2F%3Ftab%3D2", response.Headers.Location.Query);
    }

    [Fact]
    public async Task The_sign_in_page_is_in_Chinese_by_default_and_in_English_on_request()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var browser = app.Browser();

        var html = await Text(await browser.GetAsync("/account/sign-in"));
        Assert.Contains("用户名", html);
        Assert.Contains("data-culture=\"en\"", html); // the language switch is there before signing in

        html = await Text(await browser.GetAsync("/culture?c=en&redirect=/account/sign-in"));
        Assert.Contains("User name", html);
        Assert.Contains("<html lang=\"en\"", html);
    }

    [Fact]
    public async Task Signing_in_with_the_right_password_reaches_the_overview_and_is_audited()
    {
        await using var app = await CrmWebApp.StartAsync();
        var user = await app.Database.AddUserAsync("li.na", Roles.Manager);
        var browser = app.Browser();

        var response = await CrmWebApp.SignInAsync(browser, "li.na", TestDatabase.Password, returnUrl: "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
        var html = await Text(response);
        Assert.Contains("历届概览", html);
        Assert.Contains("li.na", html); // the header's user menu
        var entry = Assert.Single(await AccountEntries(app));
        Assert.Equal(AuditAction.SignedIn, entry.Action);
        Assert.Equal("li.na", entry.EntityKey);
        Assert.Equal(user.Id, entry.UserId);
    }

    [Fact]
    public async Task After_signing_in_the_user_goes_back_to_a_page_of_the_app_but_never_to_another_site()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Roles.Manager);

        var response = await CrmWebApp.SignInAsync(app.NonRedirectingBrowser(), "li.na", TestDatabase.Password, returnUrl: "/health");
        Assert.Equal("http://localhost/health", Target(response));

        response = await CrmWebApp.SignInAsync(app.NonRedirectingBrowser(), "li.na", TestDatabase.Password, returnUrl: "//evil.example/");
        Assert.Equal("http://localhost/", Target(response));
    }

    private static string Target(HttpResponseMessage redirect) =>
        new Uri(new Uri("http://localhost"), redirect.Headers.Location!).ToString();

    [Theory]
    [InlineData("li.na", "Wrong#Pass1")]
    [InlineData("nobody.here", TestDatabase.Password)]
    public async Task A_wrong_password_or_an_unknown_user_gets_the_same_answer_and_is_audited_as_a_failed_sign_in(string userName, string password)
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Roles.Manager);

        var response = await CrmWebApp.SignInAsync(app.Browser(), userName, password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码错误。", await Text(response));
        var entry = Assert.Single(await AccountEntries(app));
        Assert.Equal(AuditAction.SignInFailed, entry.Action);
        Assert.Equal(userName, entry.EntityKey);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_password_is_refused()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Roles.Manager);
        var browser = app.Browser();

        string html = "";
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            html = await Text(await CrmWebApp.SignInAsync(browser, "li.na", $"Wrong#Pass{attempt}"));
        }
        Assert.Contains("该账号已锁定至", html);

        var response = await CrmWebApp.SignInAsync(browser, "li.na", TestDatabase.Password);
        Assert.Contains("该账号已锁定至", await Text(response));
        Assert.Equal("/account/sign-in", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await app.NonRedirectingBrowser().GetAsync("/")).StatusCode);

        var actions = (await AccountEntries(app)).Select(e => e.Action).ToList();
        Assert.Equal([AuditAction.SignInFailed, AuditAction.SignInFailed, AuditAction.SignInFailed, AuditAction.SignInFailed,
            AuditAction.LockedOut, AuditAction.LockedOut], actions);
        await using var db = app.Database.CreateDbContext();
        Assert.True((await db.Users.SingleAsync(u => u.UserName == "li.na")).LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
    }

    [Fact]
    public async Task A_deactivated_user_cannot_sign_in_and_is_told_so_only_with_the_right_password()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Roles.Manager, isActive: false);
        var browser = app.Browser();

        var html = await Text(await CrmWebApp.SignInAsync(browser, "li.na", "Wrong#Pass1"));
        Assert.Contains("用户名或密码错误。", html);

        var response = await CrmWebApp.SignInAsync(browser, "li.na", TestDatabase.Password);
        Assert.Contains("该账号已停用", await Text(response));
        Assert.Equal("/account/sign-in", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await app.NonRedirectingBrowser().GetAsync("/")).StatusCode);
        Assert.DoesNotContain(await AccountEntries(app), e => e.Action == AuditAction.SignedIn);
    }

    [Fact]
    public async Task Signing_out_takes_a_post_with_the_token_and_ends_the_session()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var browser = await app.SignedInBrowserAsync();
        var home = await Text(await browser.GetAsync("/"));

        // A GET, or a POST without the page's token, does not sign anyone out.
        Assert.NotEqual(HttpStatusCode.OK, (await browser.GetAsync("/account/sign-out")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/account/sign-out", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal("/", (await browser.GetAsync("/")).RequestMessage!.RequestUri!.AbsolutePath);

        var response = await browser.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = CrmWebApp.AntiforgeryToken(home),
        }));

        Assert.Equal("/account/sign-in", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/account/sign-in", (await browser.GetAsync("/")).RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal([AuditAction.SignedIn, AuditAction.SignedOut], (await AccountEntries(app)).Select(e => e.Action));
    }

    [Fact]
    public async Task Changing_the_password_keeps_the_user_signed_in_and_the_old_password_no_longer_works()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var browser = await app.SignedInBrowserAsync(userName: "li.na");
        const string newPassword = "Changed#Pass2";

        var html = await ChangePassword(browser, TestDatabase.Password, newPassword, newPassword);

        Assert.Contains("密码已修改。", html);
        Assert.Equal("/", (await browser.GetAsync("/")).RequestMessage!.RequestUri!.AbsolutePath); // still signed in
        Assert.Contains("用户名或密码错误。", await Text(await CrmWebApp.SignInAsync(app.Browser(), "li.na", TestDatabase.Password)));
        var response = await CrmWebApp.SignInAsync(app.Browser(), "li.na", newPassword);
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(await AccountEntries(app), e => e.Action == AuditAction.PasswordChanged && e.EntityKey == "li.na");
    }

    [Theory]
    [InlineData("zh-CN", "Test#Pass1", "short", "short", "密码至少需要 8 个字符。")]
    [InlineData("zh-CN", "Wrong#Pass1", "Changed#Pass2", "Changed#Pass2", "当前密码错误。")]
    [InlineData("zh-CN", "Test#Pass1", "Changed#Pass2", "Changed#Pass3", "两次输入的新密码不一致。")]
    [InlineData("en", "Test#Pass1", "alllowercase1", "alllowercase1", "The password must contain an upper-case letter (A-Z).")]
    [InlineData("en", "Test#Pass1", "NoSymbolHere1", "NoSymbolHere1", "The password must contain a symbol (such as # or !).")]
    public async Task A_refused_password_change_says_why_in_the_users_language(string culture, string current, string next, string confirm, string expected)
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var browser = await app.SignedInBrowserAsync(userName: "li.na");
        await browser.GetAsync($"/culture?c={culture}&redirect=/");

        var html = await ChangePassword(browser, current, next, confirm);

        Assert.Contains(expected, html);
        Assert.DoesNotContain(await AccountEntries(app), e => e.Action == AuditAction.PasswordChanged);
    }

    private static async Task<string> ChangePassword(HttpClient browser, string current, string next, string confirm)
    {
        var form = await browser.GetStringAsync("/account/password");
        var response = await browser.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = CrmWebApp.AntiforgeryToken(form),
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = confirm,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Text(response);
    }

    private static async Task<List<AuditEntry>> AccountEntries(CrmWebApp app)
    {
        await using var db = app.Database.CreateDbContext();
        return await db.AuditEntries.Where(e => e.EntityType == "Account").OrderBy(e => e.Id).ToListAsync();
    }

    private static async Task<string> Text(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
}
