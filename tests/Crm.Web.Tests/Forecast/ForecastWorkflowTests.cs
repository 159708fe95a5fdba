using System.Diagnostics;
using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Forecast;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.Web.Tests.Forecast;

/// <summary>
/// The realisation forecast over a real SQLite database holding the small seed: training registers a model per kind
/// beside the rankers and forecasts the open deals; a deal's change is forecast again by the app's own services.
/// </summary>
public sealed class ForecastWorkflowTests(ForecastWorkflowTests.TrainedSeed seed) : IClassFixture<ForecastWorkflowTests.TrainedSeed>
{
    [Fact]
    public async Task Training_registers_realisation_models_beside_the_rankers_and_forecasts_only_open_signed_intents()
    {
        await using var db = seed.Database.CreateDbContext();
        var models = await db.MatchModels.Forecasters().AsNoTracking().ToListAsync();
        Assert.Equal(Enum.GetValues<MatchKind>().Order(), models.Select(m => m.Kind).Order());
        Assert.All(models, m => Assert.StartsWith("forecast-", m.Version));
        Assert.Contains(models, m => m.IsActive && m.Kind == MatchKind.Procurement);
        Assert.False(await db.MatchModels.Rankers().AnyAsync(), "training forecasts registers no ranker");

        var forecasts = await db.DealForecasts.AsNoTracking().Include(f => f.Deal).ToListAsync();
        Assert.NotEmpty(forecasts);
        Assert.All(forecasts, f =>
        {
            Assert.InRange(f.Probability, 0, 1);
            Assert.NotNull(f.Deal!.IntentSignedOn);
            Assert.NotEqual(DealStage.Lost, f.Deal.Stage);
            Assert.Null(f.Deal.Kind == MatchKind.Procurement ? f.Deal.ContractSignedOn : f.Deal.LandedOn);
            Assert.Equal(Math.Round((f.Deal.ContractValueUsd ?? f.Deal.IntendedValueUsd)!.Value * (decimal)f.Probability, 2), f.ExpectedValueUsd);
        });
        var open = await db.Deals.CountAsync(d => d.IntentSignedOn != null && d.Stage != DealStage.Lost
            && (d.Kind == MatchKind.Procurement ? d.ContractSignedOn == null : d.LandedOn == null)
            && db.MatchModels.Any(m => m.Purpose == ModelPurpose.Realisation && m.IsActive && m.Kind == d.Kind));
        Assert.Equal(open, forecasts.Count);
        // Each carries the chance 90 days on if nothing happens (the engine's tests check what it is).
        Assert.All(forecasts, f => Assert.InRange(f.ProbabilityIfIdle!.Value, 0, 1));
    }

    [Fact]
    public async Task A_deals_new_value_is_forecast_again_and_a_signed_contract_ends_its_forecast()
    {
        await using var app = await ForecastApp.StartAsync(await seed.CopyAsync());
        DealForecast before;
        int contracted;
        await using (var db = app.Contexts.CreateDbContext())
        {
            var forecasts = await db.DealForecasts.AsNoTracking().Where(f => f.Deal!.Kind == MatchKind.Procurement).OrderBy(f => f.DealId).Take(2).ToListAsync();
            before = forecasts[0];
            contracted = forecasts[1].DealId;
        }

        await app.SaveAsync(before.DealId, d => d.IntendedValueUsd = d.IntendedValueUsd!.Value * 3);
        await app.SaveAsync(contracted, d =>
        {
            d.Stage = DealStage.ContractSigned;
            d.ContractSignedOn = DateOnly.FromDateTime(DateTime.Today);
            d.ContractValueUsd = d.IntendedValueUsd;
        });
        await app.WaitForForecastJobsAsync(1);

        await using (var db = app.Contexts.CreateDbContext())
        {
            var after = await db.DealForecasts.AsNoTracking().SingleAsync(f => f.DealId == before.DealId);
            var value = await db.Deals.Where(d => d.Id == before.DealId).Select(d => d.IntendedValueUsd!.Value).SingleAsync();
            Assert.True(after.ComputedAt > before.ComputedAt);
            Assert.Equal(Math.Round(value * (decimal)after.Probability, 2), after.ExpectedValueUsd);
            Assert.False(await db.DealForecasts.AnyAsync(f => f.DealId == contracted), "a realised deal keeps no forecast");
        }
    }

    [Fact]
    public async Task Forecasts_made_before_today_are_made_again_once_at_start_up_though_two_instances_look()
    {
        var copy = await seed.CopyAsync();
        var today = ExpoCalendar.Today(TimeProvider.System);
        await using (var db = ForecastApp.ContextsOver(copy).CreateDbContext())
        {
            await db.DealForecasts.ExecuteUpdateAsync(s => s.SetProperty(f => f.ForecastOn, today.AddDays(-1)));
        }

        await using var first = await ForecastApp.StartAsync(copy, "web-1", daily: true);
        await using var second = await ForecastApp.StartAsync(copy, "web-2", daily: true);
        await first.WaitForForecastJobsAsync(1);

        await using var check = first.Contexts.CreateDbContext();
        var runs = await check.BackgroundJobs.AsNoTracking().Where(j => j.Kind == ForecastDealsJob.Name).ToListAsync();
        var run = Assert.Single(runs);
        Assert.Equal(Rescoring.SystemActor, run.CreatedBy);
        Assert.All(await check.DealForecasts.AsNoTracking().ToListAsync(), f => Assert.Equal(today, f.ForecastOn));
    }

    [Fact]
    public async Task Forecasts_made_today_are_not_made_again()
    {
        await using var app = await ForecastApp.StartAsync(await seed.CopyAsync(), "web-1", daily: true);

        await Task.Delay(TimeSpan.FromSeconds(1));

        await using var db = app.Contexts.CreateDbContext();
        Assert.False(await db.BackgroundJobs.AnyAsync(j => j.Kind == ForecastDealsJob.Name));
    }

    [Fact]
    public async Task Without_an_active_realisation_model_no_forecasts_are_made()
    {
        var copy = await seed.CopyAsync();
        await using (var db = ForecastApp.ContextsOver(copy).CreateDbContext())
        {
            await db.DealForecasts.ExecuteDeleteAsync();
            await db.MatchModels.Forecasters().ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, false));
        }

        await using var app = await ForecastApp.StartAsync(copy, "web-1", daily: true);
        await Task.Delay(TimeSpan.FromSeconds(1));

        await using var check = app.Contexts.CreateDbContext();
        Assert.False(await check.BackgroundJobs.AnyAsync());
        Assert.False(await check.DealForecasts.AnyAsync());
    }

    /// <summary>The small seed with the realisation models trained (and the open deals forecast), made once; tests change copies.</summary>
    public sealed class TrainedSeed : IAsyncLifetime
    {
        private readonly List<string> _copies = [];

        public TestDatabase Database { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Database = await TestDatabase.CreateWithSmallSeedAsync();
            var service = new ForecastService(Database.SystemContexts(), TimeProvider.System);
            await service.TrainAsync(new MatchingActor(null, "admin"), null, CancellationToken.None);
        }

        public async Task<string> CopyAsync()
        {
            var path = Path.Combine(Path.GetTempPath(), $"crm-web-forecast-{Guid.NewGuid():N}.db");
            _copies.Add(path);
            await using var db = Database.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("VACUUM INTO {0}", path);
            return $"Data Source={path}";
        }

        public async Task DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in _copies.SelectMany(p => new[] { p, p + "-wal", p + "-shm" }))
            {
                File.Delete(file);
            }
            await Database.DisposeAsync();
        }
    }

    /// <summary>The app's services over one database, with the job runner and the change feed running.</summary>
    private sealed class ForecastApp : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly List<IHostedService> _running;

        private ForecastApp(ServiceProvider services, bool daily)
        {
            _services = services;
            _running = [.. services.GetServices<IHostedService>().Where(s => s is JobRunner or Rescoring || (daily && s is DailyForecasts))];
        }

        public SystemContextFactory Contexts => _services.GetRequiredService<SystemContextFactory>();

        /// <summary>System contexts over a database, outside any app.</summary>
        public static SystemContextFactory ContextsOver(string connectionString) =>
            new((DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection.Configure(new DbContextOptionsBuilder<CrmDbContext>(),
                new DatabaseOptions { ConnectionString = connectionString }).Options);

        /// <param name="daily">With the hourly forecasts (<see cref="DailyForecasts"/>), which look at once when started.</param>
        public static async Task<ForecastApp> StartAsync(string connectionString, string instance = "web-1", bool daily = false)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["Database:ConnectionString"] = connectionString,
                ["Database:PrepareOnStart"] = "false",
                ["Matching:RescoreDelay"] = TimeSpan.FromMilliseconds(200).ToString("c", CultureInfo.InvariantCulture),
                ["Matching:TrainOnFirstStart"] = "false",
                ["Jobs:InstanceName"] = instance,
                ["Jobs:PollSeconds"] = "0.1",
            }).Build();
            var services = new ServiceCollection()
                .AddLogging()
                .AddSingleton<IConfiguration>(configuration)
                .AddCrmData(configuration)
                .AddCrmWeb()
                .AddCrmMatching()
                .AddCrmForecast()
                .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
            var app = new ForecastApp(services, daily);
            foreach (var service in app._running)
            {
                await service.StartAsync(CancellationToken.None);
            }
            return app;
        }

        public async Task SaveAsync(int dealId, Action<Deal> change)
        {
            await using var db = Contexts.CreateDbContext();
            change(await db.Deals.SingleAsync(d => d.Id == dealId));
            await db.SaveChangesAsync();
        }

        public async Task WaitForForecastJobsAsync(int count)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                await using (var db = Contexts.CreateDbContext())
                {
                    var jobs = await db.BackgroundJobs.AsNoTracking().Where(j => j.Kind == ForecastDealsJob.Name).ToListAsync();
                    if (jobs.Count >= count && jobs.All(j => j.Status is not (JobStatus.Queued or JobStatus.Running)))
                    {
                        Assert.All(jobs, j => Assert.True(j.Status == JobStatus.Succeeded, j.Error));
                        return;
                    }
                    Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"{jobs.Count} of {count} forecast jobs finished in time");
                }
                await Task.Delay(50);
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
}
