using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Access;
using Crm.Data.Auditing;
using Crm.Data.Entities;
using Crm.Matching;
using Crm.Matching.Data;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Web.Tests.Matching;

/// <summary>
/// Re-scoring after a change, end to end: the app's services (AddCrmData, AddCrmWeb, AddCrmMatching) with the job runner
/// and the re-scoring service running, over a copy of a real SQLite database holding the small seed with both kinds of
/// model trained and the current edition scored. Saves go through the app's own contexts; the tests wait on the
/// BackgroundJobs table.
/// </summary>
public sealed class RescoringTests(RescoringTests.ScoredSeed seed) : IClassFixture<RescoringTests.ScoredSeed>, IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);
    private readonly List<RescoringApp> _apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Editing_a_current_buyers_wanted_categories_rescores_that_buyers_proposals_and_leaves_the_others_untouched()
    {
        var app = await StartAsync();
        var edition = seed.CurrentEdition;
        int buyer;
        List<string> wanted;
        List<(int Id, int Exhibitor)> before;
        List<int> others;
        await using (var db = app.Contexts.CreateDbContext())
        {
            buyer = await db.Matches.Where(m => m.Kind == MatchKind.Procurement).OrderBy(m => m.BuyerId).Select(m => m.BuyerId!.Value).FirstAsync();
            var current = await db.Buyers.Where(b => b.Id == buyer).Select(b => b.WantedCategories).SingleAsync();
            // The categories of another exhibitor of the edition that shows none of what the buyer wants now.
            var exhibitors = await db.Exhibitors.Where(e => e.EditionId == edition.Id).OrderBy(e => e.Id).Select(e => e.Categories).ToListAsync();
            wanted = exhibitors.First(c => c.Count >= 2 && !c.Intersect(current).Any());
            before = await ProposalsOf(db, buyer);
            others = await OtherRows(db, buyer);
        }
        var manager = await seed.ManagerAsync();

        // As a page saves: a context bound to the signed-in user, inside the audit scope of the request.
        using (var scope = app.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<CurrentAccess>().Value = new UserAccess { UserId = manager.Id, ReadsAll = true, Writes = true };
            using var audit = AuditScope.Begin(new AuditActor(manager.Id, manager.UserName, "UpdateBuyer"));
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
            var entity = await db.Buyers.SingleAsync(b => b.Id == buyer);
            entity.WantedCategories = [.. wanted];
            await db.SaveChangesAsync();
        }

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal((manager.Id, manager.UserName), (job.CreatedByUserId, job.CreatedBy));
        var parameters = Parameters(job);
        Assert.Equal((PairKind.Procurement, edition.Number), (parameters.Kind, parameters.Edition));
        Assert.Equal([buyer], parameters.CounterpartIds);
        Assert.Equal(1, Summary(job).Queries);

        await using (var db = app.Contexts.CreateDbContext())
        {
            var after = await ProposalsOf(db, buyer);
            Assert.InRange(after.Count, 1, MatchingService.ProposalsPerBuyer);
            Assert.All(after, p => Assert.True(p.Id > before.Max(b => b.Id), "every proposal of the buyer is a new row"));
            Assert.NotEqual(before.Select(p => p.Exhibitor), after.Select(p => p.Exhibitor));
            // Candidates follow the new wanted categories: each proposed exhibitor shows at least one of them.
            var proposed = after.Select(p => p.Exhibitor).ToList();
            var shown = await db.Exhibitors.Where(e => proposed.Contains(e.Id)).Select(e => e.Categories).ToListAsync();
            Assert.All(shown, categories => Assert.True(categories.Intersect(wanted).Any()));
            Assert.Equal(others, await OtherRows(db, buyer));
            var scored = await db.AuditEntries.OrderBy(a => a.Id).LastAsync(a => a.Action == AuditAction.Scored);
            Assert.Equal(("RescoreParticipants", manager.UserName), (scored.Operation, scored.UserName));
        }
    }

    [Fact]
    public async Task Editing_an_exhibitor_rescores_the_buyers_whose_candidates_include_it_and_only_them()
    {
        var app = await StartAsync();
        var edition = seed.CurrentEdition;
        int exhibitor;
        Dictionary<int, int> lastRowOf;
        await using (var db = app.Contexts.CreateDbContext())
        {
            exhibitor = await db.Matches.Where(m => m.Kind == MatchKind.Procurement && !m.Exhibitor!.InterestedInInvesting)
                .GroupBy(m => m.ExhibitorId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstAsync();
            lastRowOf = await db.Matches.Where(m => m.Kind == MatchKind.Procurement).GroupBy(m => m.BuyerId!.Value)
                .ToDictionaryAsync(g => g.Key, g => g.Max(m => m.Id));
        }
        var holders = await BuyersProposing(app, exhibitor);

        await app.SaveAsync<Exhibitor>(exhibitor, e =>
        {
            e.BoothAreaSqm *= 6;
            e.MeetingCapacity += 20;
        });

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(Rescoring.SystemActor, job.CreatedBy);
        var parameters = Parameters(job);
        Assert.Equal(PairKind.Procurement, parameters.Kind);
        Assert.Empty(parameters.CounterpartIds!);
        Assert.Equal([exhibitor], parameters.ExhibitorIds);

        var engine = new MatchingEngine(await app.Matching.LoadAsync(CancellationToken.None));
        var touched = engine.CounterpartsOf(PairKind.Procurement, edition.Number, exhibitor).Union(holders).ToHashSet();
        Assert.True(touched.Count > 1, $"{touched.Count} buyers have the exhibitor among their candidates");
        Assert.Equal(touched.Count, Summary(job).Queries);
        await using (var db = app.Contexts.CreateDbContext())
        {
            var now = await db.Matches.Where(m => m.Kind == MatchKind.Procurement).GroupBy(m => m.BuyerId!.Value)
                .ToDictionaryAsync(g => g.Key, g => (Min: g.Min(m => m.Id), Max: g.Max(m => m.Id)));
            var previousLast = lastRowOf.Values.Max();
            Assert.All(now.Where(b => touched.Contains(b.Key)), b => Assert.True(b.Value.Min > previousLast, $"buyer {b.Key} was re-scored"));
            Assert.All(now.Where(b => !touched.Contains(b.Key)), b => Assert.Equal(lastRowOf[b.Key], b.Value.Max));
        }
    }

    [Fact]
    public async Task An_exhibitor_that_stops_showing_what_its_buyers_want_leaves_their_proposals()
    {
        var app = await StartAsync();
        int exhibitor;
        List<int> holders;
        string other;
        await using (var db = app.Contexts.CreateDbContext())
        {
            exhibitor = await db.Matches.Where(m => m.Kind == MatchKind.Procurement && !m.Exhibitor!.InterestedInInvesting)
                .GroupBy(m => m.ExhibitorId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstAsync();
            holders = await BuyersProposing(app, exhibitor);
            var wanted = (await db.Buyers.Where(b => holders.Contains(b.Id)).Select(b => b.WantedCategories).ToListAsync()).SelectMany(c => c).ToHashSet();
            other = (await db.ProductCategories.OrderBy(c => c.Code).Select(c => c.Code).ToListAsync()).First(c => !wanted.Contains(c));
        }

        // It is no longer a candidate of the buyers who had it among their proposals: only those proposals tell who they are.
        await app.SaveAsync<Exhibitor>(exhibitor, e => e.Categories = [other]);

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        await using (var db = app.Contexts.CreateDbContext())
        {
            Assert.False(await db.Matches.AnyAsync(m => m.ExhibitorId == exhibitor && holders.Contains(m.BuyerId!.Value)));
            Assert.Equal(holders.Count, await db.Matches.Where(m => holders.Contains(m.BuyerId!.Value)).Select(m => m.BuyerId).Distinct().CountAsync());
        }
    }

    [Fact]
    public async Task A_change_to_a_company_rescores_for_its_exhibitor_of_the_current_edition()
    {
        var app = await StartAsync();
        int exhibitor, company;
        await using (var db = app.Contexts.CreateDbContext())
        {
            (exhibitor, company) = await db.Matches.Where(m => m.Kind == MatchKind.Procurement && !m.Exhibitor!.InterestedInInvesting)
                .OrderBy(m => m.ExhibitorId).Select(m => ValueTuple.Create(m.ExhibitorId, m.Exhibitor!.CompanyId)).FirstAsync();
        }

        await app.SaveAsync<Company>(company, c => c.IsFortune500 = !c.IsFortune500);

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal([exhibitor], Parameters(job).ExhibitorIds);
        Assert.True(Summary(job).Queries > 0);
    }

    [Fact]
    public async Task Many_exhibitors_changed_at_once_rescore_the_whole_edition()
    {
        var app = await StartAsync();
        await using (var db = app.Contexts.CreateDbContext())
        {
            var exhibitors = await db.Exhibitors.Where(e => e.EditionId == seed.CurrentEdition.Id && !e.InterestedInInvesting)
                .OrderBy(e => e.Id).Take(MatchingService.MaxTracedExhibitors + 1).ToListAsync();
            exhibitors.ForEach(e => e.MeetingCapacity += 5);
            await db.SaveChangesAsync();
        }

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(MatchingService.MaxTracedExhibitors + 1, Parameters(job).ExhibitorIds!.Count);
        await using (var check = app.Contexts.CreateDbContext())
        {
            var scored = await check.AuditEntries.OrderBy(a => a.Id).LastAsync(a => a.Action == AuditAction.Scored);
            Assert.Equal("ScoreEdition", scored.Operation);
            Assert.Equal(await check.Matches.CountAsync(m => m.Kind == MatchKind.Procurement), Summary(job).Proposals);
        }
    }

    [Fact]
    public async Task Editing_a_promotion_teams_focus_sectors_rescores_that_teams_investment_proposals()
    {
        var app = await StartAsync();
        int team;
        List<string> sectors;
        await using (var db = app.Contexts.CreateDbContext())
        {
            team = await db.Matches.Where(m => m.Kind == MatchKind.Investment).OrderBy(m => m.PromotionTeamId).Select(m => m.PromotionTeamId!.Value).FirstAsync();
            var focus = await db.PromotionTeams.Where(t => t.Id == team).Select(t => t.FocusSectors).SingleAsync();
            // The two sectors, new to the team, with the most exhibitors interested in investing.
            sectors = (await db.Exhibitors.Where(e => e.EditionId == seed.CurrentEdition.Id && e.InterestedInInvesting)
                    .GroupBy(e => e.Company!.SectorCode).Select(g => new { Sector = g.Key, Count = g.Count() }).ToListAsync())
                .Where(g => !focus.Contains(g.Sector)).OrderByDescending(g => g.Count).ThenBy(g => g.Sector).Take(2).Select(g => g.Sector).ToList();
        }

        await app.SaveAsync<PromotionTeam>(team, t => t.FocusSectors = [.. sectors]);

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        var parameters = Parameters(job);
        Assert.Equal((PairKind.Investment, seed.CurrentEdition.Number), (parameters.Kind, parameters.Edition));
        Assert.Equal([team], parameters.CounterpartIds);
        await using (var db = app.Contexts.CreateDbContext())
        {
            var proposed = await db.Matches.Where(m => m.PromotionTeamId == team).Select(m => m.Exhibitor!.Company!.SectorCode).ToListAsync();
            Assert.NotEmpty(proposed);
            Assert.All(proposed, sector => Assert.Contains(sector, sectors));
        }
    }

    [Fact]
    public async Task A_burst_of_edits_within_the_quiet_window_gives_one_job_with_every_buyer()
    {
        // A longer window than the other tests: the five saves must fall inside it even on a busy machine.
        var app = await StartAsync(TimeSpan.FromSeconds(1));
        var buyers = await CurrentBuyersAsync(app, 5);

        foreach (var buyer in buyers)
        {
            await app.SaveAsync<Buyer>(buyer, b => b.BudgetUsd *= 3);
        }

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(buyers.Order(), Parameters(job).CounterpartIds!);
        Assert.Equal(5, Summary(job).Queries);
    }

    [Fact]
    public async Task Changes_gathered_when_the_instance_stops_are_queued_not_lost()
    {
        // A window far longer than the test: only the stop can end the gathering. The saves have published their changes
        // when they return (the interceptor writes them on save).
        var app = await StartAsync(TimeSpan.FromMinutes(5));
        var buyers = await CurrentBuyersAsync(app, 2);
        foreach (var buyer in buyers)
        {
            await app.SaveAsync<Buyer>(buyer, b => b.BudgetUsd *= 3);
        }

        await app.StopRescoringAsync();

        await using var db = app.Contexts.CreateDbContext();
        var job = Assert.Single(await db.BackgroundJobs.AsNoTracking().Where(j => j.Kind == ScoreEditionJob.Name).ToListAsync());
        Assert.Equal(buyers.Order(), Parameters(job).CounterpartIds!);
    }

    [Fact]
    public async Task A_change_to_a_past_edition_buyer_enqueues_nothing()
    {
        var app = await StartAsync();
        int past;
        await using (var db = app.Contexts.CreateDbContext())
        {
            past = await db.Buyers.Where(b => b.Edition!.Status == EditionStatus.Past).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        }
        var sentinel = (await CurrentBuyersAsync(app, 1))[0];

        await app.SaveAsync<Buyer>(past, b => b.BudgetUsd *= 3);
        // A later change of the current edition: once its job is there, the past change has been handled too.
        await app.SaveAsync<Buyer>(sentinel, b => b.BudgetUsd *= 3);

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal([sentinel], Parameters(job).CounterpartIds);
        Assert.Contains(app.Logs.Messages, m => m.Contains("outside the current edition"));
    }

    [Fact]
    public async Task The_proposal_writers_own_save_does_not_set_off_another_job()
    {
        var app = await StartAsync();
        var sentinel = (await CurrentBuyersAsync(app, 1))[0];

        // Scoring the whole edition through the app's contexts: thousands of Match rows and an audit entry.
        var summary = await app.Matching.ScoreAsync(PairKind.Procurement, seed.CurrentEdition.Number, null, new MatchingActor(null, "admin"), null, CancellationToken.None);
        Assert.True(summary.Proposals > 1000);
        await app.SaveAsync<Buyer>(sentinel, b => b.BudgetUsd *= 3);

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal([sentinel], Parameters(job).CounterpartIds);
    }

    [Fact]
    public async Task A_rescoring_job_does_not_set_off_another()
    {
        var app = await StartAsync();
        var buyers = await CurrentBuyersAsync(app, 2);

        await app.SaveAsync<Buyer>(buyers[0], b => b.BudgetUsd *= 3);
        Assert.Single(await app.WaitForJobsAsync(1));
        await app.SaveAsync<Buyer>(buyers[1], b => b.BudgetUsd *= 3);

        var jobs = await app.WaitForJobsAsync(2);
        Assert.Equal(2, jobs.Count);
        Assert.Equal([buyers[1]], Parameters(jobs[1]).CounterpartIds);
    }

    [Fact]
    public async Task A_save_rolled_back_with_its_transaction_enqueues_nothing()
    {
        var app = await StartAsync();
        var buyers = await CurrentBuyersAsync(app, 2);

        await using (var db = app.Contexts.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var buyer = await db.Buyers.SingleAsync(b => b.Id == buyers[0]);
            buyer.BudgetUsd *= 3;
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        await app.SaveAsync<Buyer>(buyers[1], b => b.BudgetUsd *= 3);

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal([buyers[1]], Parameters(job).CounterpartIds);
    }

    [Fact]
    public async Task A_change_to_a_property_scoring_does_not_read_enqueues_nothing()
    {
        var app = await StartAsync();
        var buyers = await CurrentBuyersAsync(app, 2);

        await app.SaveAsync<Buyer>(buyers[0], b => b.City += " (new)");
        await app.SaveAsync<Buyer>(buyers[1], b => b.BudgetUsd *= 3);

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal([buyers[1]], Parameters(job).CounterpartIds);
    }

    [Fact]
    public async Task Changes_to_more_buyers_than_are_traced_one_by_one_enqueue_the_whole_edition()
    {
        const int traced = 20;
        var app = await StartAsync(maxTracedCounterparts: traced);
        await using (var db = app.Contexts.CreateDbContext())
        {
            var buyers = await db.Buyers.Where(b => b.EditionId == seed.CurrentEdition.Id).OrderBy(b => b.Id).Take(traced + 1).ToListAsync();
            buyers.ForEach(b => b.BudgetUsd += 1000);
            await db.SaveChangesAsync();
        }

        var job = Assert.Single(await app.WaitForJobsAsync(1));
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(new ScoreParameters(PairKind.Procurement, seed.CurrentEdition.Number), Parameters(job));
    }

    [Fact]
    public async Task Without_an_active_model_a_change_enqueues_nothing_and_nothing_fails()
    {
        var app = await StartAsync(deactivateModels: true);
        var buyer = (await CurrentBuyersAsync(app, 1))[0];

        await app.SaveAsync<Buyer>(buyer, b => b.BudgetUsd *= 3);

        await app.Logs.WaitForAsync(m => m.StartsWith("No model is active", StringComparison.Ordinal));
        await using var db = app.Contexts.CreateDbContext();
        Assert.Empty(await db.BackgroundJobs.ToListAsync());
        Assert.DoesNotContain(app.Logs.Entries, e => e.Level >= LogLevel.Warning && e.Category.StartsWith("Crm.", StringComparison.Ordinal));
    }

    private async Task<RescoringApp> StartAsync(TimeSpan? window = null, bool deactivateModels = false, int maxTracedCounterparts = 1000)
    {
        var app = await RescoringApp.StartAsync(await seed.CopyAsync(deactivateModels), window ?? Window, maxTracedCounterparts);
        _apps.Add(app);
        return app;
    }

    private async Task<List<int>> CurrentBuyersAsync(RescoringApp app, int count)
    {
        await using var db = app.Contexts.CreateDbContext();
        return await db.Buyers.Where(b => b.EditionId == seed.CurrentEdition.Id && db.Matches.Any(m => m.BuyerId == b.Id))
            .OrderBy(b => b.Id).Select(b => b.Id).Take(count).ToListAsync();
    }

    private static async Task<List<int>> BuyersProposing(RescoringApp app, int exhibitor)
    {
        await using var db = app.Contexts.CreateDbContext();
        return await db.Matches.Where(m => m.ExhibitorId == exhibitor && m.Kind == MatchKind.Procurement).Select(m => m.BuyerId!.Value).ToListAsync();
    }

    private static async Task<List<(int Id, int Exhibitor)>> ProposalsOf(CrmDbContext db, int buyer) =>
        (await db.Matches.Where(m => m.BuyerId == buyer).OrderBy(m => m.Rank).Select(m => new { m.Id, m.ExhibitorId }).ToListAsync())
            .Select(m => (m.Id, m.ExhibitorId)).ToList();

    private static Task<List<int>> OtherRows(CrmDbContext db, int buyer) =>
        db.Matches.Where(m => m.BuyerId != buyer).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync();

    private static ScoreParameters Parameters(BackgroundJob job) => JsonSerializer.Deserialize<ScoreParameters>(job.Parameters)!;

    private static ScoringSummary Summary(BackgroundJob job) => JsonSerializer.Deserialize<ScoringSummary>(job.Result!)!;

    /// <summary>
    /// The small seed with a procurement and an investment model trained and active and the current edition scored,
    /// made once; each test works on a copy of its own.
    /// </summary>
    public sealed class ScoredSeed : IAsyncLifetime
    {
        private TestDatabase _database = null!;
        private readonly List<string> _copies = [];

        public (int Id, int Number) CurrentEdition { get; private set; }

        public async Task InitializeAsync()
        {
            _database = await TestDatabase.CreateWithSmallSeedAsync();
            await using (var db = _database.CreateDbContext())
            {
                var current = await db.Editions.SingleAsync(e => e.Status == EditionStatus.Current);
                CurrentEdition = (current.Id, current.Number);
            }
            var service = new MatchingService(new SystemContextFactory(Options(_database.ConnectionString)));
            var admin = new MatchingActor(null, "admin");
            foreach (var kind in new[] { PairKind.Procurement, PairKind.Investment })
            {
                var model = await service.TrainAsync(kind, null, admin, activate: true, null, CancellationToken.None);
                if (!model.IsActive)
                {
                    await service.ActivateAsync(model.Id, insist: true, "re-scoring tests", admin, CancellationToken.None);
                }
                await service.ScoreAsync(kind, CurrentEdition.Number, null, admin, null, CancellationToken.None);
            }
        }

        /// <summary>A seeded manager, the user who edits in the tests that need one.</summary>
        public async Task<AppUser> ManagerAsync()
        {
            await using var db = _database.CreateDbContext();
            return await db.Users.Where(u => db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == "role-" + Roles.Manager.ToLowerInvariant()))
                .OrderBy(u => u.UserName).FirstAsync();
        }

        /// <summary>A copy of the scored seed in a file of its own (deleted with the fixture).</summary>
        public async Task<string> CopyAsync(bool deactivateModels)
        {
            var path = Path.Combine(Path.GetTempPath(), $"crm-web-rescoring-{Guid.NewGuid():N}.db");
            _copies.Add(path);
            await using (var connection = new SqliteConnection(_database.ConnectionString))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = "VACUUM INTO @path";
                command.Parameters.AddWithValue("@path", path);
                await command.ExecuteNonQueryAsync();
            }
            if (deactivateModels)
            {
                await using var db = new CrmDbContext(Options($"Data Source={path}"));
                await db.MatchModels.ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, false));
            }
            return $"Data Source={path}";
        }

        public async Task DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in _copies.SelectMany(p => new[] { p, p + "-wal", p + "-shm" }))
            {
                File.Delete(file);
            }
            await _database.DisposeAsync();
        }

        private static DbContextOptions<CrmDbContext> Options(string connectionString) =>
            (DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection
                .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = connectionString }).Options;
    }

    /// <summary>The app's services over one database, with the job runner and the re-scoring service running.</summary>
    private sealed class RescoringApp : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly List<IHostedService> _running;

        private RescoringApp(ServiceProvider services, CapturedLogs logs)
        {
            _services = services;
            Logs = logs;
            _running = [.. services.GetServices<IHostedService>().Where(s => s is JobRunner or Rescoring)];
        }

        public IServiceProvider Services => _services;

        /// <summary>The app's system contexts: they carry the same interceptors as the user-bound ones.</summary>
        public SystemContextFactory Contexts => _services.GetRequiredService<SystemContextFactory>();

        public MatchingService Matching => _services.GetRequiredService<MatchingService>();

        public CapturedLogs Logs { get; }

        public static async Task<RescoringApp> StartAsync(string connectionString, TimeSpan window, int maxTracedCounterparts)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = connectionString,
                ["Database:PrepareOnStart"] = "false",
                ["Matching:RescoreDelay"] = window.ToString("c"),
                ["Matching:MaxTracedCounterparts"] = maxTracedCounterparts.ToString(CultureInfo.InvariantCulture),
            }).Build();
            var logs = new CapturedLogs();
            var services = new ServiceCollection()
                .AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Information))
                .AddSingleton<IConfiguration>(configuration)
                .AddCrmData(configuration)
                .AddCrmWeb()
                .AddCrmMatching()
                .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
            var app = new RescoringApp(services, logs);
            Assert.Equal(2, app._running.Count);
            foreach (var service in app._running)
            {
                await service.StartAsync(CancellationToken.None);
            }
            return app;
        }

        /// <summary>Changes one record as a save of the app does, through a context of its own.</summary>
        public async Task SaveAsync<T>(int id, Action<T> change) where T : class
        {
            await using var db = Contexts.CreateDbContext();
            var entity = await db.Set<T>().SingleAsync(e => EF.Property<int>(e, "Id") == id);
            change(entity);
            await db.SaveChangesAsync();
        }

        /// <summary>The scoring jobs, once there are at least <paramref name="count"/> and none is queued or running.</summary>
        public async Task<List<BackgroundJob>> WaitForJobsAsync(int count)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                await using (var db = Contexts.CreateDbContext())
                {
                    var jobs = await db.BackgroundJobs.AsNoTracking().Where(j => j.Kind == ScoreEditionJob.Name).OrderBy(j => j.Id).ToListAsync();
                    if (jobs.Count >= count && jobs.All(j => j.Status is not (JobStatus.Queued or JobStatus.Running)))
                    {
                        return jobs;
                    }
                    if (clock.Elapsed > TimeSpan.FromSeconds(90))
                    {
                        Assert.Fail($"{jobs.Count} of {count} scoring jobs finished in time; logs: {string.Join(" | ", Logs.Messages)}");
                    }
                }
                await Task.Delay(50);
            }
        }

        /// <summary>Stops the re-scoring service as the app's shutdown does.</summary>
        public async Task StopRescoringAsync()
        {
            foreach (var service in _running.OfType<Rescoring>())
            {
                await service.StopAsync(CancellationToken.None);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var service in _running)
            {
                await service.StopAsync(CancellationToken.None);
            }
            await _services.DisposeAsync();
        }
    }

    /// <summary>What the app logged, to wait on the re-scoring service's decisions and to check that nothing failed.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

        public IEnumerable<(string Category, LogLevel Level, string Message)> Entries => _entries;

        public IEnumerable<string> Messages => _entries.Select(e => e.Message);

        public async Task WaitForAsync(Func<string, bool> message)
        {
            var clock = Stopwatch.StartNew();
            while (!Messages.Any(message))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    Assert.Fail("The expected log did not come; logs: " + string.Join(" | ", Messages));
                }
                await Task.Delay(20);
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs._entries.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }
}
