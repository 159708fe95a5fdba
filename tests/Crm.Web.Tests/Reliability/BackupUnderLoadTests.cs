using System.Collections.Concurrent;
using System.Diagnostics;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Cli;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Crm.Web.Tests.Reliability;

/// <summary>
/// The round trip of issue 9 item 6: users keep moving deals and adding people through the app's mediator while an
/// operator runs <c>db backup</c> (the real command line); the backup holds every write acknowledged before it began,
/// passes its integrity check, is consistent (every deal's stage is the last of its history), and restored into
/// another file it is a database the app works on. Over the product's small seed in a real SQLite file.
/// </summary>
public sealed class BackupUnderLoadTests(ITestOutputHelper log) : IAsyncLifetime
{
    private const int Movers = 3;
    private const int DealsPerMover = 8;
    private const int Adders = 2;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crm-backup-load-");
    private TestDatabase _database = null!;
    private ServiceProvider _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithSmallSeedAsync();
        await using var db = _database.CreateDbContext();
        var manager = await db.Users.Where(u => u.UserName == "manager").Select(u => new CurrentUserInfo(u.Id, u.UserName)).SingleAsync();
        _app = AppServices(_database.Settings, manager);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_backup_taken_while_users_write_holds_every_write_acknowledged_before_it_began_and_restores_into_a_consistent_working_database()
    {
        List<MovedDeal> deals;
        int[] companies;
        await using (var db = _database.CreateDbContext())
        {
            deals = await db.Deals.Where(d => d.Stage == DealStage.Met).OrderBy(d => d.Id).Take(Movers * DealsPerMover)
                .Select(d => new MovedDeal(d.Id, d.Kind, d.Version)).ToListAsync();
            companies = await db.Companies.OrderBy(c => c.Id).Select(c => c.Id).Take(Adders).ToArrayAsync();
        }
        Assert.Equal(Movers * DealsPerMover, deals.Count);
        var clock = Stopwatch.StartNew();
        var moves = new ConcurrentBag<(int DealId, long Version, TimeSpan At)>();
        var people = new ConcurrentBag<(int ContactId, string Name, TimeSpan At)>();
        var failures = new ConcurrentBag<Exception>();
        using var stop = new CancellationTokenSource();

        var writers = Enumerable.Range(0, Movers).Select(w => Task.Run(() => MoveDealsAsync(deals.Skip(w * DealsPerMover).Take(DealsPerMover).ToList(),
                clock, moves, failures, stop.Token)))
            .Concat(Enumerable.Range(0, Adders).Select(w => Task.Run(() => AddPeopleAsync(w, companies[w], clock, people, failures, stop.Token))))
            .ToList();
        // Both kinds of write acknowledged before the backup begins (on a loaded machine the first person can come late).
        while ((moves.Count + people.Count < 30 || moves.IsEmpty || !people.Any(p => p.Name.StartsWith("Load 0-", StringComparison.Ordinal))) && failures.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20);
        }

        var backup = Path.Combine(_folder.FullName, "backup.db");
        var began = clock.Elapsed;
        var (code, output, errors) = await Cli("db", "backup", backup, "--db", _database.Path, "--lang", "en");
        var ended = clock.Elapsed;
        var writesBefore = moves.Count + people.Count;
        while (moves.Count + people.Count < writesBefore + 10 && failures.IsEmpty && clock.Elapsed < ended + TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.Empty(failures);
        Assert.True(code == ExitCode.Done, errors);
        Assert.Contains("the copy passed its integrity check", output);
        var during = moves.Count(m => m.At > began && m.At < ended) + people.Count(p => p.At > began && p.At < ended);
        log.WriteLine($"{output.TrimEnd()}\nwrites before the backup: {moves.Count(m => m.At < began) + people.Count(p => p.At < began)}; " +
            $"during it ({(ended - began).TotalSeconds:0.00} s): {during} ({during / (ended - began).TotalSeconds:0} writes/s); after it: " +
            $"{moves.Count(m => m.At > ended) + people.Count(p => p.At > ended)}");
        Assert.True(during > 0, "the writers went on writing while the backup ran");

        await using (var copy = Context(backup))
        {
            Assert.Equal("ok", (await copy.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync()).Single());
            // Every write acknowledged before the backup began is in it.
            var lost = new List<string>();
            var versions = await copy.Deals.Where(d => deals.Select(x => x.Id).Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Version);
            foreach (var move in moves.Where(m => m.At < began))
            {
                if (versions[move.DealId] < move.Version)
                {
                    lost.Add($"deal {move.DealId} version {move.Version}");
                }
            }
            var names = (await copy.Contacts.Select(c => c.Name).ToListAsync()).ToHashSet();
            lost.AddRange(people.Where(p => p.At < began && !names.Contains(p.Name)).Select(p => p.Name));
            Assert.Empty(lost);
            await AssertConsistentAsync(copy, deals);
        }

        var restored = Path.Combine(_folder.FullName, "restored", "crm.db");
        var restore = await Cli("db", "restore", backup, "--db", restored, "--lang", "en");
        Assert.True(restore.Code == ExitCode.Done, restore.Errors);
        Assert.Contains("0 migration(s) applied", restore.Output);
        await using (var db = Context(restored))
        {
            Assert.Equal("ok", (await db.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync()).Single());
            await AssertConsistentAsync(db, deals);
        }
        // The app's own requests work on the restored database: the pipeline list, a company's people.
        await using var app = AppServices(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Database:ConnectionString"] = $"Data Source={restored}",
        }, await ManagerAsync(restored));
        using var scope = app.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var pipeline = await mediator.Send(new ListPipeline.Query());
        Assert.NotEmpty(pipeline.Rows);
        var listed = await mediator.Send(new ListContacts.Query(companies[0]));
        var firstWritersBefore = people.Where(p => p.At < began && p.Name.StartsWith("Load 0-", StringComparison.Ordinal)).Select(p => p.Name).ToList();
        Assert.NotEmpty(firstWritersBefore);
        Assert.All(firstWritersBefore, name => Assert.Contains(listed, c => c.Name == name));
        var company = await mediator.Send(new GetCompany.Query(companies[0]));
        Assert.NotNull(company);
    }

    /// <summary>Every deal's stage is the last of its history, and each moved deal has one history row per version it gained.</summary>
    private static async Task AssertConsistentAsync(CrmDbContext db, List<MovedDeal> moved)
    {
        var mismatched = await db.Deals
            .Where(d => d.StageChanges.Any() && d.StageChanges.OrderByDescending(c => c.Id).Select(c => c.ToStage).First() != d.Stage)
            .Select(d => d.Code).ToListAsync();
        Assert.Empty(mismatched);
        var ids = moved.Select(m => m.Id).ToList();
        var now = await db.Deals.Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.Version, Moves = d.StageChanges.Count(c => c.Note == LoadNote) }).ToListAsync();
        foreach (var deal in now)
        {
            Assert.Equal(deal.Version - moved.Single(m => m.Id == deal.Id).Version, deal.Moves);
        }
    }

    private const string LoadNote = "load test";

    /// <summary>A deal the writers move, as it was before they began.</summary>
    private sealed record MovedDeal(int Id, MatchKind Kind, long Version);

    /// <summary>A user moving their deals Met → Stalled → Met …, each move over the version the last one left.</summary>
    private async Task MoveDealsAsync(List<MovedDeal> mine, Stopwatch clock, ConcurrentBag<(int, long, TimeSpan)> moves,
        ConcurrentBag<Exception> failures, CancellationToken stop)
    {
        var state = mine.ToDictionary(d => d.Id, d => (d.Kind, Stage: DealStage.Met, d.Version));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var id in state.Keys.ToList())
                {
                    var (kind, stage, version) = state[id];
                    var to = stage == DealStage.Met ? DealStage.Stalled : DealStage.Met;
                    var result = await Send(new MoveDealStage.Command(id, version, kind, stage, to, Reason: LoadNote,
                        NextStep: "Call again", NextStepDueOn: new DateOnly(2026, 12, 1)));
                    if (!result.Moved)
                    {
                        throw new InvalidOperationException($"deal {id}: {result.Conflict}");
                    }
                    moves.Add((id, result.Version, clock.Elapsed));
                    state[id] = (kind, to, result.Version);
                }
            }
        }
        catch (Exception ex)
        {
            failures.Add(ex);
        }
    }

    /// <summary>A user adding people to a company, one after another.</summary>
    private async Task AddPeopleAsync(int writer, int companyId, Stopwatch clock, ConcurrentBag<(int, string, TimeSpan)> people,
        ConcurrentBag<Exception> failures, CancellationToken stop)
    {
        try
        {
            for (var n = 1; !stop.IsCancellationRequested; n++)
            {
                var name = $"Load {writer}-{n}";
                var added = await Send(new AddContact.Command(companyId, name, null, "Buyer", null, null, IsPrimary: false, Notes: null));
                people.Add((added.Id, name, clock.Elapsed));
            }
        }
        catch (Exception ex)
        {
            failures.Add(ex);
        }
    }

    private async Task<T> Send<T>(IRequest<T> request)
    {
        using var scope = _app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private static Task<(int Code, string Output, string Errors)> Cli(params string[] args) => CommandLine.RunAsync(args);

    private static CrmDbContext Context(string file) => new((DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection
        .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = $"Data Source={file};Pooling=False" }).Options);

    private static async Task<CurrentUserInfo> ManagerAsync(string file)
    {
        await using var db = Context(file);
        return await db.Users.Where(u => u.UserName == "manager").Select(u => new CurrentUserInfo(u.Id, u.UserName)).SingleAsync();
    }

    /// <summary>The app's services (AddCrmData + AddCrmWeb) over a database, with this user signed in.</summary>
    private static ServiceProvider AppServices(IReadOnlyDictionary<string, string?> settings, CurrentUserInfo user)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCrmData(configuration)
            .AddCrmWeb();
        services.AddScoped<ICurrentUser>(_ => new SignedIn(user));
        return services.BuildServiceProvider();
    }

    private sealed class SignedIn(CurrentUserInfo user) : ICurrentUser
    {
        public Task<CurrentUserInfo> GetAsync() => Task.FromResult(user);
    }
}
