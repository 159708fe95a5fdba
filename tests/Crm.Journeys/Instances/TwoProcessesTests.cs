using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.Journeys.Faults;
using Xunit.Abstractions;

namespace Crm.Journeys.Instances;

/// <summary>
/// Two instances of the real app, each its own process on its own loopback port, over one SQLite file (the single
/// machine's stand-in for one SQL Server database): a user signed in on one is signed in on the other; the same job
/// started on both at the same moment runs once; a job's progress on one is seen from the other; an instance killed
/// while it runs a job loses it to the other, which runs it to the end. As a proxy with sticky sessions would, requests go to one instance or the other by address.
/// </summary>
public sealed partial class TwoProcessesTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Short, so that the takeover is seen within seconds; renewed every second.</summary>
    private const int LeaseSeconds = 6;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crm-two-instances-");
    private string Database => Path.Combine(_folder.FullName, "crm.db");
    private readonly Dictionary<string, AppProcess> _instances = [];

    public async Task InitializeAsync()
    {
        await using (var seed = AppProcess.StartVerb(Database, "db", "seed", "--size", "small"))
        {
            Assert.True(await seed.WaitAsync(TimeSpan.FromMinutes(3)) == 0, seed.Log);
        }
        // Started one after the other: both apply nothing (the seed migrated the file), both serve the same database.
        foreach (var name in new[] { "web-a", "web-b" })
        {
            _instances[name] = await AppProcess.StartWebAsync(Database, new Dictionary<string, string>
            {
                ["Jobs__InstanceName"] = name,
                ["Jobs__LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Jobs__PollSeconds"] = "0.5",
            });
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances.Values)
        {
            output.WriteLine($"---- {instance.Description} ----\n{instance.Log}");
            await instance.DisposeAsync();
        }
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Two_instances_share_sign_in_run_a_job_started_on_both_once_and_take_over_the_job_of_one_that_was_killed()
    {
        var a = Client("web-a");
        var b = Client("web-b");

        // Signed in on A: the cookie A issued is a session on B.
        var session = await SignInAsync(a, "admin");
        Assert.Equal("admin", await UserNameAsync(b, session));
        var page = await SendAsync(b, HttpMethod.Get, "/admin/models", session);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode); // not a redirect to the sign-in page

        // The same training started on A and on B at the same moment: one job, run once, on one of them.
        var started = await Task.WhenAll(StartTrainingAsync(a, session), StartTrainingAsync(b, session));
        Assert.Equal(started[0], started[1]);
        var first = await WaitForJobAsync(b, session, started[0], "Succeeded", TimeSpan.FromMinutes(3));
        Assert.Equal(1, first.GetProperty("attempts").GetInt32());
        Assert.Equal("1", await ScalarAsync("SELECT COUNT(*) FROM BackgroundJobs WHERE Kind = 'match-train'"));
        Assert.Equal("1", await ScalarAsync("SELECT COUNT(*) FROM MatchModels WHERE Purpose = 'Ranking' AND Kind = 'Procurement'"));
        output.WriteLine($"job {started[0]}: run once, by {first.GetProperty("runBy").GetString()}");

        // Training again; the instance that takes it is killed while it runs, and the other one takes it over.
        var second = await StartTrainingAsync(a, session);
        var owner = await WaitForRunningAsync(second);
        var survivor = owner == "web-a" ? "web-b" : "web-a";
        // Its progress is seen from the other instance too: it is in the job's row.
        var seen = await WaitForJobAsync(Client(survivor), session, second, "Running", TimeSpan.FromSeconds(30));
        Assert.Equal(owner, seen.GetProperty("runBy").GetString());
        var clock = Stopwatch.StartNew();
        Assert.Equal(AppProcess.KilledBySigkill, await _instances[owner].KillAsync());
        var takenOver = await WaitForJobAsync(Client(survivor), session, second, "Succeeded", TimeSpan.FromMinutes(3));
        output.WriteLine($"job {second}: {owner} killed while running it; {survivor} finished it {clock.Elapsed.TotalSeconds:N1} s later");

        Assert.Equal(survivor, takenOver.GetProperty("runBy").GetString());
        Assert.Equal(2, takenOver.GetProperty("attempts").GetInt32());
        Assert.Equal("2", await ScalarAsync("SELECT COUNT(*) FROM MatchModels WHERE Purpose = 'Ranking' AND Kind = 'Procurement'"));
        Assert.Equal("0", await ScalarAsync("SELECT COUNT(*) FROM BackgroundJobs WHERE Status IN ('Queued', 'Running')"));
    }

    private HttpClient Client(string instance) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = _instances[instance].BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>The sign-in form as a browser sends it; the session cookie the instance issues.</summary>
    private static async Task<string> SignInAsync(HttpClient instance, string userName)
    {
        const string page = "/account/sign-in?returnUrl=%2F";
        var form = await instance.GetAsync(page);
        var antiforgery = Cookie(form, "crm.antiforgery");
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        var post = new HttpRequestMessage(HttpMethod.Post, page)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "sign-in",
                ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
                ["Input.UserName"] = userName,
                ["Input.Password"] = CrmAppFixture.DemoPassword,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var signedIn = await instance.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return Cookie(signedIn, "crm.auth");
    }

    private static async Task<string?> UserNameAsync(HttpClient instance, string session)
    {
        var me = await SendAsync(instance, HttpMethod.Get, "/api/v1/me", session);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        return (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userName").GetString();
    }

    private static async Task<int> StartTrainingAsync(HttpClient instance, string session)
    {
        var response = await SendAsync(instance, HttpMethod.Post, "/api/v1/models/Procurement/training", session, JsonContent.Create(new { }));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static async Task<JsonElement> WaitForJobAsync(HttpClient instance, string session, int job, string status, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        JsonElement row;
        do
        {
            var response = await SendAsync(instance, HttpMethod.Get, $"/api/v1/jobs/{job}", session);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            row = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (row.GetProperty("status").GetString() == status)
            {
                return row;
            }
            Assert.NotEqual("Failed", row.GetProperty("status").GetString());
            await Task.Delay(200);
        }
        while (clock.Elapsed < timeout);
        throw new TimeoutException($"job {job} is not {status} after {timeout.TotalSeconds} s: {row}");
    }

    /// <summary>The instance running the job, read from the database as soon as a runner has claimed it.</summary>
    private async Task<string> WaitForRunningAsync(int job)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(1))
        {
            var row = (await FaultDatabase.RowsAsync(Database, $"SELECT Status, LeaseOwner FROM BackgroundJobs WHERE Id = {job}")).Single();
            if (row[0] == "Running")
            {
                return row[1];
            }
            Assert.Equal("Queued", row[0]); // not finished before it could be killed
            await Task.Delay(20);
        }
        throw new TimeoutException($"job {job} was not taken up within a minute");
    }

    private Task<string?> ScalarAsync(string sql) => JourneyDatabase.ScalarAsync(Database, sql);

    private static Task<HttpResponseMessage> SendAsync(HttpClient instance, HttpMethod method, string path, string session, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("Cookie", session);
        return instance.SendAsync(request);
    }

    private static string Cookie(HttpResponseMessage response, string name)
    {
        var header = response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        var cookie = header.Select(v => v.Split(';')[0]).FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal));
        Assert.True(cookie is not null, $"no {name} cookie in {(int)response.StatusCode} {response.RequestMessage?.RequestUri}");
        return cookie;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
