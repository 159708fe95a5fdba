using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Tests.Matching;

/// <summary>
/// A new database works on day one: at start-up the app trains a first model of each kind and scores the current edition
/// in the background, once; and a model job that cannot do its work says why in the reader's language. Over the small
/// seed in SQLite, with the app's job runner.
/// </summary>
public sealed class MatchingBootstrapTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateWithSmallSeedAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_database_that_never_had_a_model_gets_both_kinds_trained_and_the_current_edition_scored_once()
    {
        await using (var services = await StartAsync(trainOnFirstStart: true))
        {
            await WaitForJobsAsync(4);
        }

        await using var db = _database.CreateDbContext();
        var jobs = await db.BackgroundJobs.OrderBy(j => j.Id).ToListAsync();
        Assert.All(jobs, j => Assert.True(j.Status == JobStatus.Succeeded, $"job {j.Id} {j.Kind}: {j.Status} {j.Error}"));
        Assert.Equal([TrainModelJob.Name, ScoreEditionJob.Name, TrainModelJob.Name, ScoreEditionJob.Name], jobs.Select(j => j.Kind));
        Assert.All(jobs, j => Assert.Equal(Rescoring.SystemActor, j.CreatedBy));
        Assert.Equal([MatchKind.Procurement, MatchKind.Investment], await db.MatchModels.Where(m => m.IsActive).OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync());
        Assert.True(await db.Matches.AnyAsync(m => m.Kind == MatchKind.Procurement && m.Edition!.Status == EditionStatus.Current));
        Assert.True(await db.Matches.AnyAsync(m => m.Kind == MatchKind.Investment && m.Edition!.Status == EditionStatus.Current));

        // The next start finds the models and queues nothing.
        await using (var again = await StartAsync(trainOnFirstStart: true))
        {
            await Task.Delay(500);
        }
        Assert.Equal(4, await db.BackgroundJobs.CountAsync());
    }

    [Fact]
    public async Task Turned_off_the_app_starts_without_training()
    {
        await using (var services = await StartAsync(trainOnFirstStart: false))
        {
            await Task.Delay(500);
        }

        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.BackgroundJobs.CountAsync());
    }

    [Theory]
    [InlineData("en", "Editions 9 hold no outcomes to learn from or to test on.")]
    [InlineData("zh-CN", "第 9 届没有可供学习或检验的结果。")]
    public async Task A_training_job_that_finds_no_outcomes_fails_and_the_job_list_says_why_in_the_readers_language(string culture, string reason)
    {
        // Queued as the page would after its check, e.g. by the system, or when the outcomes went between check and run.
        await using (var services = await StartAsync(trainOnFirstStart: false))
        {
            await services.GetRequiredService<JobQueue>().EnqueueAsync(TrainModelJob.Name,
                new TrainParameters(Crm.Matching.Data.PairKind.Procurement, 9, 9), null, Rescoring.SystemActor, CancellationToken.None);
            await WaitForJobsAsync(1);

            var previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            try
            {
                var list = new ListJobs.Handler(services.GetRequiredService<IDbContextFactory<CrmDbContext>>(),
                    services.GetRequiredService<IStringLocalizer<MatchingText>>());
                var job = Assert.Single(await list.Handle(new ListJobs.Query(), CancellationToken.None));
                Assert.Equal((JobStatus.Failed, reason), (job.Status, job.Error));
            }
            finally
            {
                CultureInfo.CurrentUICulture = previous;
            }
        }
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.MatchModels.CountAsync());
    }

    private async Task<ServiceProvider> StartAsync(bool trainOnFirstStart)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(_database.Settings)
        {
            ["Matching:TrainOnFirstStart"] = trainOnFirstStart.ToString(),
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCrmData(configuration)
            .AddCrmWeb()
            .AddCrmMatching()
            .BuildServiceProvider();
        foreach (var service in services.GetServices<IHostedService>().Where(s => s is JobRunner or MatchingBootstrap))
        {
            await service.StartAsync(CancellationToken.None);
        }
        return services;
    }

    /// <summary>Until this many jobs have finished (any outcome), or fails after two minutes.</summary>
    private async Task WaitForJobsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = _database.CreateDbContext();
            if (await db.BackgroundJobs.CountAsync(j => j.Status != JobStatus.Queued && j.Status != JobStatus.Running) >= count)
            {
                return;
            }
            await Task.Delay(200);
        }
        Assert.Fail($"{count} jobs did not finish within two minutes");
    }
}
