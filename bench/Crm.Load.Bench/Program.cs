using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Bench;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Load;
using Microsoft.EntityFrameworkCore;

// dotnet run -c Release --project bench/Crm.Load.Bench -- --db COPY_OF_FULL_SEED [--clients 32] [--seconds 60] [--max-requests 50000]
//     [--app src/Crm.Web/bin/Release/net9.0/linux-x64/Crm.Web] [--port 5090] [--seed 1] [--json FILE]
// Starts the app on 127.0.0.1 over the file, runs the clients, kills the app (SIGKILL) while they still send, then
// checks the database. Exit code 0 only when every check holds and no request failed with a server error.
var dbPath = Path.GetFullPath(Option("--db") ?? throw new ArgumentException("--db FILE: a copy of a database with the full seed; the run writes into it"));
var clientCount = int.Parse(Option("--clients") ?? "32", CultureInfo.InvariantCulture);
var seconds = int.Parse(Option("--seconds") ?? "60", CultureInfo.InvariantCulture);
var maxRequests = int.Parse(Option("--max-requests") ?? "50000", CultureInfo.InvariantCulture);
var port = int.Parse(Option("--port") ?? "5090", CultureInfo.InvariantCulture);
var seed = int.Parse(Option("--seed") ?? "1", CultureInfo.InvariantCulture);
var appPath = Path.GetFullPath(Option("--app") ?? FindApp());
var jsonOut = Option("--json");

var contexts = new SystemContextFactory((DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection
    .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = dbPath }).Options);
Console.Error.WriteLine($"preparing {dbPath}");
var leads = clientCount / 2;
var (users, baseline) = await LoadSetup.PrepareAsync(contexts, dbPath, leads, clientCount - leads, pairsPerLead: 400, seed);
Console.Error.WriteLine($"{users.Count(u => u.IsLead)} leads with {users.Sum(u => u.Pairs.Count)} confirmed pairs, {users.Count(u => !u.IsLead)} team members; {baseline.Sessions.Count} sessions");

using var app = StartApp(appPath, dbPath, port);
var baseAddress = new Uri($"http://127.0.0.1:{port}/");
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
await BenchApp.WaitUntilHealthyAsync(app, baseAddress, TimeSpan.FromSeconds(120));
var rssBefore = Rss(app.Id);

var samples = new ConcurrentBag<Sample>();
var bookings = new ConcurrentBag<AckedBooking>();
var moves = new ConcurrentBag<AckedMove>();
var requests = 0;
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var clock = Stopwatch.StartNew();
var clients = users.Select((user, i) => Task.Run(() => RunClientAsync(user, new Random(seed * 1000 + i), stop.Token))).ToList();
var peakRss = rssBefore;
while (!stop.IsCancellationRequested && clients.Any(c => !c.IsCompleted))
{
    await Task.Delay(500);
    peakRss = Math.Max(peakRss, Rss(app.Id));
}
var elapsed = clock.Elapsed;
// Killed while the last requests are in flight: what was acknowledged must still be there.
app.Kill(entireProcessTree: true);
await app.WaitForExitAsync();
await Task.WhenAll(clients.Select(c => c.ContinueWith(_ => { })));
Console.Error.WriteLine($"app killed after {elapsed.TotalSeconds:0.0} s and {samples.Count} requests");

var checks = await LoadChecks.RunAsync(contexts, baseline, bookings.ToList(), moves.ToList());
var report = LoadReport.Build(samples.ToList(), elapsed, clientCount, checks, rssBefore, peakRss);
Console.WriteLine(report.Markdown);
if (jsonOut is not null)
{
    await File.WriteAllTextAsync(jsonOut, JsonSerializer.Serialize(report.Summary, new JsonSerializerOptions { WriteIndented = true }));
}
return report.Passed ? 0 : 1;

async Task RunClientAsync(LoadUser user, Random random, CancellationToken ct)
{
    using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
    http.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(random.Next(2) == 0 ? "zh-CN" : "en"));
    var pairs = new Queue<int>(user.Pairs.OrderBy(_ => random.Next()));
    var deals = user.Deals ?? [];
    while (!ct.IsCancellationRequested && Interlocked.Increment(ref requests) <= maxRequests)
    {
        try
        {
            var roll = random.NextDouble();
            if (user.IsLead && roll < 0.6 && pairs.Count > 0)
            {
                await BookAsync(http, pairs.Peek(), random, ct);
                pairs.Dequeue();
            }
            else if (!user.IsLead && roll < 0.6 && deals.Count > 0)
            {
                await MoveAsync(http, deals[random.Next(deals.Count)], random, ct);
            }
            else
            {
                await ReadAsync(http, user, random, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        catch (HttpRequestException)
        {
            // The app was killed at the end of the run; anything before that is counted by Timed as a failure.
            if (app.HasExited)
            {
                return;
            }
        }
    }
}

async Task BookAsync(HttpClient http, int pair, Random random, CancellationToken ct)
{
    var session = baseline.Sessions[random.Next(baseline.Sessions.Count)];
    var slot = random.Next(baseline.Slots);
    var response = await Timed("book", () => http.PostAsJsonAsync("api/v1/meetings", new { matchId = pair, sessionId = session, slot }, ct));
    if (response.StatusCode == HttpStatusCode.Created)
    {
        var booked = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        bookings.Add(new AckedBooking((int)booked!["meetingId"]!, (string)booked["code"]!, pair, session, DateTime.Parse((string)booked["startsAt"]!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)));
    }
}

async Task MoveAsync(HttpClient http, (int Id, string Code) deal, Random random, CancellationToken ct)
{
    // Read the deal as a page would, then move it over the version read (another client of the team may get there first: 409).
    var read = await Timed("read deal", () => http.GetAsync($"api/v1/deals/{deal.Id}", ct));
    if (!read.IsSuccessStatusCode)
    {
        return;
    }
    var row = (await read.Content.ReadFromJsonAsync<JsonObject>(ct))!;
    var from = Enum.Parse<DealStage>((string)row["stage"]!);
    if (from is not (DealStage.Contacted or DealStage.Met or DealStage.Stalled))
    {
        return;
    }
    var to = LoadSetup.Next(from, random);
    var version = (long)row["version"]!;
    var response = await Timed("move deal", () => http.PostAsJsonAsync($"api/v1/deals/{deal.Id}/stage", new
    {
        expectedVersion = version, kind = "Investment", fromStage = from.ToString(), toStage = to.ToString(),
        reason = to == DealStage.Stalled ? "压测：客户暂停" : null, nextStep = "load test follow-up", nextStepDueOn = "2026-12-20",
    }, ct));
    if (response.StatusCode == HttpStatusCode.OK)
    {
        var moved = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        moves.Add(new AckedMove(deal.Id, from, to, (long)moved!["version"]!));
    }
}

async Task ReadAsync(HttpClient http, LoadUser user, Random random, CancellationToken ct)
{
    var (kind, path) = random.Next(3) switch
    {
        0 => ("list exhibitors", $"api/v1/exhibitors?skip={random.Next(0, 3000)}&take=20"),
        1 => ("list exhibitors", "api/v1/exhibitors?search=" + Uri.EscapeDataString(random.Next(2) == 0 ? "科技" : "group")),
        _ => user.IsLead ? ("schedule", $"api/v1/meetings?sessionId={baseline.Sessions[random.Next(baseline.Sessions.Count)]}")
                         : ("list buyers", $"api/v1/buyers?take=20&skip={random.Next(0, 2000)}"),
    };
    (await Timed(kind, () => http.GetAsync(path, ct))).Dispose();
}

async Task<HttpResponseMessage> Timed(string kind, Func<Task<HttpResponseMessage>> send)
{
    var started = Stopwatch.GetTimestamp();
    try
    {
        var response = await send();
        await response.Content.LoadIntoBufferAsync();
        samples.Add(new Sample(kind, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        return response;
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !app.HasExited && !stop.IsCancellationRequested)
    {
        samples.Add(new Sample(kind, 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        throw;
    }
}

static Process StartApp(string appPath, string dbPath, int port)
{
    var info = new ProcessStartInfo(appPath, ["--urls", $"http://127.0.0.1:{port}", "--Matching:TrainOnFirstStart=false", "--Logging:LogLevel:Default=Warning"])
    {
        WorkingDirectory = Path.GetDirectoryName(appPath)!,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
    };
    info.Environment["CRM_DB"] = dbPath;
    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("[app] " + e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static long Rss(int pid)
{
    try
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
    catch (IOException)
    {
        return 0;
    }
}

static string FindApp()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "src", "Crm.Web", "bin", "Release", "net9.0", "linux-x64", "Crm.Web");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }
    throw new FileNotFoundException("The built app was not found: build with `dotnet build Crm.sln -c Release`, or give --app PATH.");
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
