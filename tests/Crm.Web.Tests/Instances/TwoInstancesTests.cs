using System.Net;
using Crm.Data.Entities;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Instances;

/// <summary>
/// Two whole apps (two hosts, two key ring caches) over one SQLite file, as two instances behind a proxy that sends a
/// user's requests now to one, now to the other.
/// </summary>
public sealed class TwoInstancesTests
{
    [Fact]
    public async Task A_form_from_one_instance_signs_in_on_the_other_and_its_cookie_opens_pages_on_the_first()
    {
        var database = await TestDatabase.CreateAsync();
        await database.AddUserAsync("li.na", Roles.Manager);
        await using var first = new CrmWebApp(database);
        await using var second = new CrmWebApp(database);
        var onFirst = first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var onSecond = second.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        // The sign-in form and its anti-forgery cookie come from the first instance ...
        const string page = "/account/sign-in?returnUrl=%2F";
        var form = await onFirst.GetAsync(page);
        var antiforgery = Cookie(form, "crm.antiforgery");
        var token = CrmWebApp.AntiforgeryToken(await form.Content.ReadAsStringAsync());

        // ... and the form is sent to the second, which accepts the token and signs the user in.
        var post = new HttpRequestMessage(HttpMethod.Post, page)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in",
                ["__RequestVerificationToken"] = token,
                ["Input.UserName"] = "li.na",
                ["Input.Password"] = TestDatabase.Password,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var signedIn = await onSecond.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("http://localhost/", new Uri(new Uri("http://localhost"), signedIn.Headers.Location!).ToString());
        var session = Cookie(signedIn, "crm.auth");

        // The sign-in cookie the second issued opens a page on the first.
        var home = new HttpRequestMessage(HttpMethod.Get, "/");
        home.Headers.Add("Cookie", session);
        var response = await onFirst.SendAsync(home);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("li.na", await response.Content.ReadAsStringAsync());

        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    private static string Cookie(HttpResponseMessage response, string name)
    {
        var header = response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        var cookie = header.Select(v => v.Split(';')[0]).FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal));
        Assert.True(cookie is not null, $"no {name} cookie in {(int)response.StatusCode} {response.RequestMessage?.RequestUri}");
        return cookie;
    }
}
