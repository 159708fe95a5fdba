using System.Net;
using System.Text.Json;
using Crm.Data.Entities;
using Crm.Web.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Instances;

/// <summary>
/// Behind nginx the app must see the browser's address and scheme, from the proxies it is told to trust and from
/// nobody else. Whole apps over a real SQLite file: in process, where each request is given the address its connection
/// comes from (TestServer has no socket), and as the built executable on a loopback port for start-up and a real
/// connection.
/// </summary>
public sealed class ForwardedHeadersTests
{
    /// <summary>Where nginx connects from, in the in-process tests.</summary>
    private static readonly IPAddress Nginx = IPAddress.Parse("10.0.0.5");
    private const string Browser = "203.0.113.7";
    private const string OtherBrowser = "198.51.100.23";

    [Fact]
    public async Task With_the_proxy_trusted_a_sign_in_challenge_for_a_request_that_came_over_https_redirects_to_an_https_url()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var proxy = Proxy(Behind(app, Nginx, ("Proxy:KnownProxies", "10.0.0.5")));

        var response = await proxy.SendAsync(Forwarded(HttpMethod.Get, "/", Browser, "https"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/account/sign-in?", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task With_the_proxy_trusted_a_sign_in_over_https_gets_a_secure_session_cookie()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Roles.Manager);
        var proxy = Proxy(Behind(app, Nginx, ("Proxy:KnownNetworks", "10.0.0.0/24")));

        var response = await SignInAsync(proxy, Browser, "https", "li.na", TestDatabase.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://", response.Headers.Location!.ToString());
        Assert.Contains("secure", SetCookie(response, "crm.auth"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_the_proxy_trusted_a_failed_sign_in_is_audited_with_the_browsers_address_not_the_proxys()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Roles.Manager);
        var proxy = Proxy(Behind(app, Nginx, ("Proxy:KnownProxies", "10.0.0.4; 10.0.0.5")));

        await SignInAsync(proxy, Browser, "https", "li.na", "Wrong#Pass1");

        Assert.Equal([Browser], await AuditedAddresses(app));
    }

    [Fact]
    public async Task With_the_proxy_trusted_sign_in_attempts_are_counted_per_browser_address_not_for_everyone_behind_the_proxy()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var proxy = Proxy(Behind(app, Nginx, ("Proxy:KnownProxies", "10.0.0.5"), ("Web:SignInAttemptsPerMinute", "2")));

        var first = await AttemptsAsync(proxy, Browser, 3);
        var other = await AttemptsAsync(proxy, OtherBrowser, 1);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], first);
        Assert.Equal([HttpStatusCode.OK], other);
    }

    [Fact]
    public async Task Only_the_address_the_proxy_appended_is_believed_not_what_the_browser_wrote_before_it()
    {
        // nginx's $proxy_add_x_forwarded_for keeps an X-Forwarded-For the browser sent and appends the address it saw.
        // This browser is inside the trusted network itself, so only the limit of one proxy keeps its claim out.
        const string insider = "10.0.0.77";
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Roles.Manager);
        var proxy = Proxy(Behind(app, Nginx, ("Proxy:KnownNetworks", "10.0.0.0/24")));

        await SignInAsync(proxy, $"{Browser}, {insider}", "https", "li.na", "Wrong#Pass1");

        Assert.Equal([insider], await AuditedAddresses(app));
    }

    [Fact]
    public async Task Without_the_setting_the_forwarded_headers_are_ignored_the_redirect_stays_http_and_the_address_is_the_connections()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Roles.Manager);
        var proxy = Proxy(Behind(app, Nginx, ("Web:SignInAttemptsPerMinute", "2")));

        var challenge = await proxy.SendAsync(Forwarded(HttpMethod.Get, "/", Browser, "https"));
        Assert.StartsWith("http://localhost/account/sign-in?", challenge.Headers.Location!.ToString());

        var signIn = await SignInAsync(proxy, Browser, "https", "li.na", "Wrong#Pass1");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // the form again, with its error
        Assert.Equal(["10.0.0.5"], await AuditedAddresses(app));
        // One limit for everyone behind the proxy: the other browser's second attempt is the third from the proxy's address.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], await AttemptsAsync(proxy, OtherBrowser, 2));
    }

    [Theory]
    [InlineData(OtherBrowser)]
    [InlineData("127.0.0.1")] // the framework trusts loopback by default; the setting replaces that
    [InlineData("::1")]
    public async Task Headers_from_an_address_that_is_not_a_trusted_proxy_are_ignored(string connectionFrom)
    {
        // Someone reaching the app past nginx claims another address and HTTPS.
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await app.Database.AddUserAsync("li.na", Roles.Manager);
        var direct = Proxy(Behind(app, IPAddress.Parse(connectionFrom), ("Proxy:KnownProxies", "10.0.0.5"), ("Proxy:KnownNetworks", "10.1.0.0/16")));

        var challenge = await direct.SendAsync(Forwarded(HttpMethod.Get, "/", Browser, "https"));
        await SignInAsync(direct, Browser, "https", "li.na", "Wrong#Pass1");

        Assert.StartsWith("http://localhost/", challenge.Headers.Location!.ToString());
        Assert.Equal([connectionFrom], await AuditedAddresses(app));
    }

    [Fact]
    public async Task With_https_redirection_on_behind_the_proxy_a_request_that_came_over_https_is_served_not_redirected_again()
    {
        // The forwarded scheme is read before HTTPS redirection runs; read after it, every request would loop.
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var proxy = Proxy(Behind(app, Nginx, ("Proxy:KnownProxies", "10.0.0.5"), ("Web:HttpsRedirection", "true"), ("https_port", "443")));

        var overHttps = await proxy.SendAsync(Forwarded(HttpMethod.Get, "/health/live", Browser, "https"));
        var overHttp = await proxy.SendAsync(Forwarded(HttpMethod.Get, "/health/live", Browser, "http"));

        Assert.Equal(HttpStatusCode.OK, overHttps.StatusCode);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, overHttp.StatusCode);
        Assert.Equal("https://localhost/health/live", overHttp.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("Proxy__KnownProxies", "10.0.0.5;10.0.0.300", "Proxy:KnownProxies holds '10.0.0.300', which is not an IP address")]
    [InlineData("Proxy__KnownProxies", "localhost", "Proxy:KnownProxies holds 'localhost', which is not an IP address")]
    [InlineData("Proxy__KnownProxies", "10", "Proxy:KnownProxies holds '10', which is not an IP address")]
    [InlineData("Proxy__KnownNetworks", "10.0.0.1/8", "Proxy:KnownNetworks holds '10.0.0.1/8', which is not a network in CIDR notation")]
    public async Task An_address_or_network_that_cannot_be_read_stops_the_app_at_start_up_with_exit_code_5_and_the_reason(string variable, string value, string reason)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var app = AppProcess.Start(database, (variable, value));

        var code = await app.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == ExitCode.DatabaseError, $"exit code {code}\n{app.Log}");
        Assert.Contains("Crm.Web cannot start: " + reason, app.Log);
    }

    [Fact]
    public async Task Behind_nginx_on_the_same_machine_a_real_connection_from_127_0_0_1_is_trusted_and_its_headers_are_read()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.AddUserAsync("li.na", Roles.Manager);
        using var app = AppProcess.Start(database, ("Proxy__KnownProxies", "127.0.0.1"));
        using var nginx = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = await app.ListeningAsync(TimeSpan.FromSeconds(60)),
        };

        var challenge = await nginx.SendAsync(Forwarded(HttpMethod.Get, "/", Browser, "https"));
        await SignInAsync(nginx, Browser, "https", "li.na", "Wrong#Pass1");

        Assert.StartsWith($"https://{nginx.BaseAddress.Authority}/account/sign-in?", challenge.Headers.Location!.ToString());
        await using var db = database.CreateDbContext();
        Assert.Equal([Browser], await AuditedAddresses(db));
    }

    /// <summary>The app with these settings, each request arriving on a connection from <paramref name="connectionFrom"/>.</summary>
    private static WebApplicationFactory<Program> Behind(CrmWebApp app, IPAddress connectionFrom, params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new ConnectionFrom(connectionFrom)));
        });

    /// <summary>
    /// TestServer opens no socket and leaves the remote address empty (which the forwarded headers middleware lets pass
    /// as if trusted); Kestrel takes it from the socket. This sets it before anything of the app runs, as Kestrel would.
    /// </summary>
    private sealed class ConnectionFrom(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                context.Connection.RemoteIpAddress = address;
                return rest(context);
            });
            next(app);
        };
    }

    /// <summary>What the proxy sends on: no cookie jar and no redirects followed (the test carries the cookies itself).</summary>
    private static HttpClient Proxy(WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static HttpRequestMessage Forwarded(HttpMethod method, string path, string forwardedFor, string proto)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", proto);
        return request;
    }

    /// <summary>
    /// The sign-in form fetched and sent through the proxy. The anti-forgery cookie is carried by hand: over forwarded
    /// HTTPS it is Secure, and a cookie jar would not send it back to the test's http:// address.
    /// </summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient proxy, string forwardedFor, string proto, string userName, string password)
    {
        const string page = "/account/sign-in?returnUrl=%2F";
        var form = await proxy.SendAsync(Forwarded(HttpMethod.Get, page, forwardedFor, proto));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        var post = Forwarded(HttpMethod.Post, page, forwardedFor, proto);
        post.Headers.Add("Cookie", SetCookie(form, "crm.antiforgery").Split(';')[0]);
        post.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = CrmWebApp.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        return await proxy.SendAsync(post);
    }

    /// <summary>The statuses of this many sign-in attempts (unknown user) from one browser address.</summary>
    private static async Task<List<HttpStatusCode>> AttemptsAsync(HttpClient proxy, string forwardedFor, int count)
    {
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < count; attempt++)
        {
            statuses.Add((await SignInAsync(proxy, forwardedFor, "https", "nobody.here", "Wrong#Pass1")).StatusCode);
        }
        return statuses;
    }

    private static string SetCookie(HttpResponseMessage response, string name)
    {
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        var cookie = cookies.FirstOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal));
        Assert.True(cookie is not null, $"no {name} cookie in {(int)response.StatusCode} {response.RequestMessage?.RequestUri}");
        return cookie;
    }

    private static async Task<List<string?>> AuditedAddresses(CrmWebApp app)
    {
        await using var db = app.Database.CreateDbContext();
        return await AuditedAddresses(db);
    }

    /// <summary>The client address of each account event of the trail, oldest first.</summary>
    private static async Task<List<string?>> AuditedAddresses(Crm.Data.CrmDbContext db)
    {
        var changes = await db.AuditEntries.Where(e => e.EntityType == "Account").OrderBy(e => e.Id).Select(e => e.Changes).ToListAsync();
        return changes.Select(c => JsonDocument.Parse(c!).RootElement.GetProperty("ip").GetString()).ToList();
    }
}
