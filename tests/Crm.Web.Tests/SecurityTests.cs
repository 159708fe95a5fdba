using System.Net;

namespace Crm.Web.Tests;

/// <summary>Web hygiene: security headers, anti-forgery on the sign-in form, the sign-in rate limit, cookie settings.</summary>
public sealed class SecurityTests
{
    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/no/such/page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var browser = await app.SignedInBrowserAsync();

        var response = await browser.GetAsync(path);

        var csp = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.Contains("base-uri 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Header(response, "Permissions-Policy"));
    }

    [Fact]
    public async Task The_pages_only_inline_script_carries_the_nonce_of_the_responses_policy()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);

        var response = await app.Browser().GetAsync("/account/sign-in");

        var nonce = System.Text.RegularExpressions.Regex.Match(Header(response, "Content-Security-Policy"), "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", html);
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(html, "<script(?![^>]*\\bsrc=)"));
    }

    [Fact]
    public async Task A_sign_in_post_without_the_anti_forgery_token_is_refused()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Crm.Data.Entities.Roles.Manager);
        var browser = app.NonRedirectingBrowser();
        await browser.GetAsync("/account/sign-in"); // the anti-forgery cookie, but no token in the form

        var response = await browser.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.UserName"] = "li.na",
            ["Input.Password"] = TestDatabase.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("crm.auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_are_answered_429_in_the_users_language()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var browser = app.Browser();
        await browser.GetAsync("/culture?c=en&redirect=/account/sign-in");

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage response = null!;
        for (var attempt = 0; attempt < 11; attempt++)
        {
            response = await CrmWebApp.SignInAsync(browser, "nobody.here", "Wrong#Pass1");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);
        Assert.Contains("Too many sign-in attempts", await response.Content.ReadAsStringAsync());
        // Reading the page is not limited.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/sign-in")).StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_lax()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Crm.Data.Entities.Roles.Manager);

        var response = await CrmWebApp.SignInAsync(app.NonRedirectingBrowser(), "li.na", TestDatabase.Password);

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("crm.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";
}
