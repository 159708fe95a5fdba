using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Crm.Journeys.Faults;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Crm.Journeys.Instances;

/// <summary>
/// The shipped nginx configuration (deploy/nginx/crm.conf), run by Debian's nginx over TLS in front of two instances of
/// the app over one database, as operators install it; only its ports and certificate are the test's. A user signs in
/// through it and works on a page whose circuit is a WebSocket through the proxy, always to the same instance (sticky by
/// address); the app sees https (its cookie is Secure). The instance holding the circuit is killed: the page asks for a
/// reload, and the reload lands on the other instance, still signed in, and works.
/// </summary>
public sealed class ProxyJourney(ITestOutputHelper output) : IAsyncLifetime
{
    public const string NginxPath = "/usr/sbin/nginx";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crm-proxy-");
    private string Database => Path.Combine(_folder.FullName, "crm.db");
    private readonly Dictionary<int, AppProcess> _instances = [];
    private Process? _nginx;
    private int _port;
    private IPlaywright? _playwright;

    public async Task InitializeAsync()
    {
        if (!File.Exists(NginxPath))
        {
            throw new InvalidOperationException($"nginx is not installed at {NginxPath}; the proxy journey needs it. Install it with: " +
                                                "sudo apt-get install -y --no-install-recommends nginx   (./crm test does)");
        }
        CrmAppFixture.RequireChromium();
        await using (var seed = AppProcess.StartVerb(Database, "db", "seed", "--size", "small"))
        {
            Assert.True(await seed.WaitAsync(TimeSpan.FromMinutes(3)) == 0, seed.Log);
        }
        foreach (var name in new[] { "web-1", "web-2" })
        {
            var instance = await AppProcess.StartWebAsync(Database, new Dictionary<string, string>
            {
                ["Jobs__InstanceName"] = name,
                ["Proxy__KnownProxies"] = "127.0.0.1",
            });
            _instances[instance.BaseAddress!.Port] = instance;
        }
        _port = CrmAppFixture.FreePort();
        StartNginx();
        await WaitUntilReadyAsync();
        _playwright = await Playwright.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        _playwright?.Dispose();
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        foreach (var instance in _instances.Values)
        {
            await instance.DisposeAsync();
        }
        output.WriteLine(ReadShared("error.log"));
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task Through_the_shipped_nginx_a_user_stays_on_one_instance_over_a_websocket_and_lands_signed_in_on_the_other_when_it_dies()
    {
        await using var browser = await _playwright!.Chromium.LaunchAsync(new()
        {
            ExecutablePath = CrmAppFixture.ChromiumPath, Headless = true, Args = CrmAppFixture.ChromiumFlags,
        });
        var context = await browser.NewContextAsync(new() { BaseURL = $"https://127.0.0.1:{_port}/", IgnoreHTTPSErrors = true, Locale = "en-US" });
        var page = await context.NewPageAsync();
        // WebSockets that carried the circuit's frames (one that nginx failed to upgrade is opened, but never receives one,
        // and Blazor falls back to long polling).
        var sockets = new List<string>();
        page.WebSocket += (_, socket) =>
        {
            var seen = false;
            socket.FrameReceived += (_, _) =>
            {
                lock (sockets)
                {
                    if (!seen)
                    {
                        seen = true;
                        sockets.Add(socket.Url);
                    }
                }
            };
        };

        await page.GotoAsync("/account/sign-in");
        await CrmAppFixture.SubmitSignInAsync(page, "manager", CrmAppFixture.DemoPassword);
        await SearchCompaniesAsync(page);

        // The circuit is a WebSocket through nginx, and the app saw https: its sign-in cookie is Secure.
        Assert.Contains(sockets, url => url.StartsWith($"wss://127.0.0.1:{_port}/_blazor", StringComparison.Ordinal));
        Assert.True((await context.CookiesAsync()).Single(c => c.Name == "crm.auth").Secure);
        // Every request of this browser went to one instance.
        var served = Upstreams();
        var holder = Assert.Single(served.Distinct());
        output.WriteLine($"{served.Count} requests, all to 127.0.0.1:{holder}");

        // The instance holding the circuit dies; the page says so, and its reload is served by the other one.
        Assert.Equal(AppProcess.KilledBySigkill, await _instances[holder].KillAsync());
        await Assertions.Expect(page.Locator("[data-testid='reconnect']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var before = served.Count;
        int socketsBefore;
        lock (sockets)
        {
            socketsBefore = sockets.Count;
        }
        await page.ReloadAsync();
        await SearchCompaniesAsync(page);

        Assert.DoesNotContain("/account/sign-in", page.Url); // still signed in: the other instance reads the cookie
        var after = Upstreams().Skip(before).Where(p => p != holder).ToList();
        Assert.NotEmpty(after);
        Assert.Contains(sockets.Skip(socketsBefore), url => url.StartsWith($"wss://127.0.0.1:{_port}/_blazor", StringComparison.Ordinal));
        output.WriteLine($"after the kill: {after.Count} requests to 127.0.0.1:{after.Distinct().Single()}");
    }

    /// <summary>A page that works only through its circuit: the search filters the list on the server.</summary>
    private static async Task SearchCompaniesAsync(IPage page)
    {
        await page.GotoAsync("/culture?c=en&redirect=/companies");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='filter-search']");
        await page.Locator("[data-testid='filter-search']").FillAsync("zz-no-such-company");
        await page.Locator("[data-testid='filter-search']").PressAsync("Enter");
        await Assertions.Expect(page.Locator(".crm-body")).ToContainTextAsync("No company matches.");
    }

    /// <summary>
    /// deploy/nginx/crm.conf with the test's ports and certificate, included by a minimal nginx.conf whose access log
    /// records the instance that served each request.
    /// </summary>
    private void StartNginx()
    {
        var site = File.ReadAllText(Path.Combine(RepositoryRoot(), "deploy", "nginx", "crm.conf"));
        var ports = _instances.Keys.ToList();
        var (certificate, key) = WriteCertificate();
        var rendered = Replace(site, "listen 80;", $"listen 127.0.0.1:{CrmAppFixture.FreePort()};");
        rendered = Replace(rendered, "listen 443 ssl http2;", $"listen 127.0.0.1:{_port} ssl http2;");
        rendered = Replace(rendered, "server 127.0.0.1:5001;", $"server 127.0.0.1:{ports[0]};");
        rendered = Replace(rendered, "server 127.0.0.1:5002;", $"server 127.0.0.1:{ports[1]};");
        rendered = Replace(rendered, "/etc/ssl/certs/crm.pem", certificate);
        rendered = Replace(rendered, "/etc/ssl/private/crm.key", key);
        var folder = _folder.FullName;
        File.WriteAllText(Path.Combine(folder, "crm.conf"), rendered);
        File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log notice;
            events { worker_connections 256; }
            http {
                log_format upstream '$upstream_addr $status "$request"';
                access_log {{folder}}/access.log upstream;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/crm.conf;
            }
            """);
        var info = new ProcessStartInfo(NginxPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;" })
        {
            info.ArgumentList.Add(arg);
        }
        _nginx = Process.Start(info) ?? throw new InvalidOperationException("could not start nginx");
    }

    private static string Replace(string text, string from, string to)
    {
        Assert.True(text.Contains(from, StringComparison.Ordinal), $"deploy/nginx/crm.conf no longer has '{from}': update the journey with it");
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    private (string Certificate, string Key) WriteCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        var (pem, key) = (Path.Combine(_folder.FullName, "crm.pem"), Path.Combine(_folder.FullName, "crm.key"));
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (pem, key);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true })
        {
            Timeout = TimeSpan.FromSeconds(5),
        };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_nginx!.HasExited)
            {
                throw new InvalidOperationException($"nginx stopped with {_nginx.ExitCode}: {await _nginx.StandardError.ReadToEndAsync()}\n{ReadShared("error.log")}");
            }
            try
            {
                if ((await http.GetAsync($"https://127.0.0.1:{_port}/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("nginx did not answer within 30 s:\n" + ReadShared("error.log"));
    }

    /// <summary>
    /// The port of the instance that answered each request nginx passed on, in order, the health checks aside. A line is
    /// <c>addresses status "request"</c>; after a failed try the addresses are a list ("a, b"), the last one answered.
    /// </summary>
    private List<int> Upstreams() =>
        ReadShared("access.log").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.Contains("/health", StringComparison.Ordinal))
            .Select(line => line[..line.IndexOf(" \"", StringComparison.Ordinal)].Split(' ')[^2].TrimEnd(','))
            .Where(address => address.StartsWith("127.0.0.1:", StringComparison.Ordinal))
            .Select(address => int.Parse(address["127.0.0.1:".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

    /// <summary>A file nginx is still writing.</summary>
    private string ReadShared(string name)
    {
        var path = Path.Combine(_folder.FullName, name);
        if (!File.Exists(path))
        {
            return "";
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Crm.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("the repository's root (Crm.sln) is not above " + AppContext.BaseDirectory);
    }
}
