using System.Net;
using System.Text.RegularExpressions;
using Crm.Data.Entities;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Crm.Web.Tests;

/// <summary>The whole app in this process over a real SQLite file (sample data, or an empty database).</summary>
public sealed class CrmWebApp(TestDatabase database) : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    public static async Task<CrmWebApp> StartAsync(bool withSampleData = true) =>
        new(await TestDatabase.CreateAsync(withSampleData));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in Database.Settings)
        {
            builder.UseSetting(key, value);
        }
        // No first models trained in the background of these tests (MatchingBootstrapTests cover it).
        builder.UseSetting("Matching:TrainOnFirstStart", "false");
    }

    /// <summary>A client that keeps cookies (the language choice) and follows redirects.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

    /// <summary>A client that keeps cookies but shows each redirect (to check where the app sends the user).</summary>
    public HttpClient NonRedirectingBrowser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A new user with this role, signed in through the real sign-in form in a cookie-keeping browser.</summary>
    public async Task<HttpClient> SignedInBrowserAsync(string role = Roles.Manager, string userName = "test.manager")
    {
        await Database.AddUserAsync(userName, role);
        var browser = Browser();
        var response = await SignInAsync(browser, userName, TestDatabase.Password);
        if (response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/account/sign-in", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{userName} could not sign in: {(int)response.StatusCode}");
        }
        return browser;
    }

    /// <summary>What a person does: opens the sign-in page, fills in the form and sends it with the page's anti-forgery token.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string userName, string password, string returnUrl = "/")
    {
        var page = $"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var form = await browser.GetStringAsync(page);
        return await browser.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>The anti-forgery token of the first form of a page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "the page has no anti-forgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
