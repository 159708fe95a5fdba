using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// dotnet run -c Release --project bench/Crm.Web.Bench -- --backup-under-load --db FILE --app CRM_WEB [--runs 3] [--movers 3] [--adders 1]
/// <para>
/// Users write while an operator backs up: movers move deals Met ↔ Stalled and adders add people, through the app's
/// mediator as a manager, as fast as the database lets them; after a few seconds the published executable runs
/// <c>db backup</c> in a process of its own. Prints the writes per second before, during and after the backup, and
/// checks the backup: every write acknowledged before the backup began is in it (lost writes must be 0), and every
/// deal's stage is the last of its stage history. FILE is written to (moves and people): give it a copy.
/// </para>
/// </summary>
internal static class BackupUnderLoad
{
    private const string Note = "bench backup";

    public static async Task RunAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var db = Path.GetFullPath(Option("--db") ?? throw new ArgumentException("--db FILE: a copy of a SQLite file with the full seed"));
        var app = Path.GetFullPath(Option("--app") ?? ".crm/app/Crm.Web");
        var runs = int.Parse(Option("--runs") ?? "3", CultureInfo.InvariantCulture);
        var movers = int.Parse(Option("--movers") ?? "3", CultureInfo.InvariantCulture);
        var adders = int.Parse(Option("--adders") ?? "1", CultureInfo.InvariantCulture);
        const int dealsPerMover = 50;

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = db,
        }).Build();
        var system = new SystemContextFactory((DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection
            .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = db }).Options);
        CurrentUserInfo manager;
        List<int> dealIds;
        int[] companies;
        await using (var probe = system.CreateDbContext())
        {
            await probe.Database.MigrateAsync();
            manager = await probe.Users.Where(u => u.UserName == "manager").Select(u => new CurrentUserInfo(u.Id, u.UserName)).SingleAsync();
            dealIds = await probe.Deals.Where(d => d.Stage == DealStage.Met).OrderBy(d => d.Id).Take(movers * dealsPerMover)
                .Select(d => d.Id).ToListAsync();
            companies = await probe.Companies.OrderBy(c => c.Id).Select(c => c.Id).Take(adders).ToArrayAsync();
        }
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddCrmData(configuration).AddCrmWeb();
        collection.AddScoped<ICurrentUser>(_ => new FixedUser(manager));
        await using var services = collection.BuildServiceProvider();

        Console.WriteLine($"| run | backup s (copy s) | MB | writes/s before | during | after | acknowledged before the backup | lost |   ({movers} movers, {adders} adders, {Path.GetFileName(db)}, {Environment.ProcessorCount} cores)");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        for (var run = 1; run <= runs; run++)
        {
            // Each run goes on from where the last one left the deals (Met or Stalled, and their versions).
            List<(int Id, MatchKind Kind, DealStage Stage, long Version)> deals;
            await using (var probe = system.CreateDbContext())
            {
                deals = (await probe.Deals.Where(d => dealIds.Contains(d.Id)).OrderBy(d => d.Id)
                    .Select(d => new { d.Id, d.Kind, d.Stage, d.Version }).ToListAsync()).Select(d => (d.Id, d.Kind, d.Stage, d.Version)).ToList();
            }
            var clock = Stopwatch.StartNew();
            var moves = new ConcurrentBag<(int Deal, long Version, TimeSpan At)>();
            var people = new ConcurrentBag<(string Name, TimeSpan At)>();
            var failures = new ConcurrentBag<Exception>();
            using var stop = new CancellationTokenSource();
            async Task<T> Send<T>(IRequest<T> request)
            {
                using var scope = services.CreateScope();
                return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
            }
            var writers = Enumerable.Range(0, movers).Select(w => Task.Run(async () =>
            {
                var mine = deals.Skip(w * dealsPerMover).Take(dealsPerMover).ToDictionary(d => d.Id, d => (d.Kind, d.Stage, d.Version));
                try
                {
                    while (!stop.IsCancellationRequested)
                    {
                        foreach (var id in mine.Keys.ToList())
                        {
                            var (kind, stage, version) = mine[id];
                            var to = stage == DealStage.Met ? DealStage.Stalled : DealStage.Met;
                            var moved = await Send(new MoveDealStage.Command(id, version, kind, stage, to, Note, null, "Call again", new DateOnly(2026, 12, 1)));
                            if (!moved.Moved)
                            {
                                throw new InvalidOperationException($"deal {id}: {moved.Conflict}");
                            }
                            moves.Add((id, moved.Version, clock.Elapsed));
                            mine[id] = (kind, to, moved.Version);
                        }
                    }
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            })).Concat(Enumerable.Range(0, adders).Select(w => Task.Run(async () =>
            {
                try
                {
                    for (var n = 1; !stop.IsCancellationRequested; n++)
                    {
                        var name = $"Bench backup {run}-{w}-{n}";
                        await Send(new AddContact.Command(companies[w], name, null, "Buyer", null, null, false, null));
                        people.Add((name, clock.Elapsed));
                    }
                }
                catch (Exception ex)
                {
                    failures.Add(ex);
                }
            }))).ToList();

            // Warm-up (the first requests compile queries): until 20 writes are done.
            while (moves.Count + people.Count < 20 && failures.IsEmpty && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(50);
            }
            var measuredFrom = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(5));
            var backup = Path.Combine(Path.GetDirectoryName(db)!, $"backup-under-load-{run}.db");
            File.Delete(backup);
            var began = clock.Elapsed;
            var (code, output) = await RunAsync(app, ["db", "backup", backup, "--db", db, "--lang", "en"]);
            var ended = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(5));
            var measuredTo = clock.Elapsed;
            await stop.CancelAsync();
            await Task.WhenAll(writers);
            if (!failures.IsEmpty || code != 0)
            {
                throw new InvalidOperationException($"writers or backup failed (exit {code}): {output}", failures.FirstOrDefault());
            }

            double Rate(TimeSpan from, TimeSpan to) =>
                (moves.Count(m => m.At >= from && m.At < to) + people.Count(p => p.At >= from && p.At < to)) / (to - from).TotalSeconds;
            var acknowledged = moves.Count(m => m.At < began) + people.Count(p => p.At < began);
            var lost = await LostAsync(backup, moves.Where(m => m.At < began).ToList(), people.Where(p => p.At < began).Select(p => p.Name).ToList());
            var copy = System.Text.RegularExpressions.Regex.Match(output, @"copying ([0-9.]+) s").Groups[1].Value;
            Console.WriteLine($"| {run} | {(ended - began).TotalSeconds:0.0} ({copy}) | {new FileInfo(backup).Length / 1024.0 / 1024.0:0.0} | " +
                $"{Rate(measuredFrom, began):0} | {Rate(began, ended):0} | {Rate(ended, measuredTo):0} | {acknowledged:N0} | {lost} |");
            File.Delete(backup);
        }
    }

    /// <summary>
    /// The acknowledged writes missing from the backup (a deal at a lower version than acknowledged, a person absent),
    /// after checking that every deal's stage in it is the last of its history.
    /// </summary>
    private static async Task<int> LostAsync(string backup, List<(int Deal, long Version, TimeSpan At)> moves, List<string> people)
    {
        await using var connection = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FROM Deals d
            WHERE d.Stage <> (SELECT c.ToStage FROM DealStageChanges c WHERE c.DealId = d.Id ORDER BY c.Id DESC LIMIT 1)
            """;
        if ((long)(await command.ExecuteScalarAsync())! != 0)
        {
            throw new InvalidOperationException("the backup has deals whose stage is not the last of their history");
        }
        var versions = new Dictionary<int, long>();
        command.CommandText = "SELECT Id, Version FROM Deals";
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                versions[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }
        var names = new HashSet<string>();
        command.CommandText = "SELECT Name FROM Contacts WHERE Name LIKE 'Bench backup %'";
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }
        return moves.Count(m => versions[m.Deal] < m.Version) + people.Count(p => !names.Contains(p));
    }

    private static async Task<(int Code, string Output)> RunAsync(string executable, string[] args)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
