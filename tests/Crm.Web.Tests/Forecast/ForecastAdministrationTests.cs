using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Data;
using Crm.Matching.Forecast;
using Crm.Web.Features.Forecast;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Jobs;
using Crm.Web.Tests.Admin;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Forecast;

/// <summary>
/// The realisation models on the administrators' model page, as the page asks for them (real mediator, behaviours and
/// SQLite over the small seed with the realisation models trained once): the registry with the held-out reports, the
/// training button's request, activation, and the job list. The job runner does not run here, so a queued job stays queued.
/// </summary>
public sealed class ForecastAdministrationTests(ForecastAdministrationTests.TrainedAdmin trained)
    : IClassFixture<ForecastAdministrationTests.TrainedAdmin>, IAsyncLifetime
{
    private AdminFixture App => trained.App;

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        await App.SignInAsAsync("admin");
        await using var db = App.Database.CreateDbContext();
        await db.BackgroundJobs.ExecuteDeleteAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_realisation_requests_of_the_model_page_require_the_administrator_role_and_training_is_a_write()
    {
        Type[] owners = [typeof(ListForecastModels), typeof(StartForecastTraining)];

        Assert.All(owners, o => Assert.Equal([Roles.Administrator], o.GetCustomAttribute<RequiresRoleAttribute>()?.Roles ?? []));
        Assert.True(typeof(IWriteRequest).IsAssignableFrom(typeof(StartForecastTraining.Command)));
    }

    [Theory]
    [InlineData(MatchKind.Procurement)]
    [InlineData(MatchKind.Investment)]
    public async Task The_registry_lists_a_kinds_realisation_models_with_their_held_out_report_whose_deciles_hold_every_row(MatchKind kind)
    {
        var rows = await App.SendAsync(new ListForecastModels.Query(kind));

        var model = Assert.Single(rows);
        Assert.StartsWith($"forecast-{kind.ToString().ToLowerInvariant()}-", model.Version);
        var report = Assert.IsType<ForecastReport>(model.Report);
        Assert.Equal(kind.ToString(), report.Kind);
        Assert.DoesNotContain(report.TestEdition, report.TrainEditions);
        Assert.Equal(model.TrainEditionTo, report.TestEdition); // the final model learned from the held-out edition too
        Assert.InRange(report.Positives, 1, report.Rows - 1);
        foreach (var comparison in new[] { report.AllDays, report.AtIntent })
        {
            var methods = new[] { comparison.Model, comparison.BaseRate, comparison.StageProbabilities };
            Assert.All(methods, m => Assert.Equal(comparison.Model.Rows, m.Rows));
            Assert.All(methods, m => Assert.Equal(m.Rows, m.Deciles.Sum(d => d.Rows)));
            Assert.All(methods, m => Assert.InRange(m.Brier, 0, 1));
            Assert.All(comparison.Model.Deciles, d => Assert.Equal(Math.Abs(d.Observed - d.MeanPredicted), d.Error, 12));
            Assert.Equal(comparison.Model.Deciles.Max(d => d.Error), comparison.Model.MaxDecileError, 12);
        }
        Assert.Equal(report.Rows, report.AllDays.Model.Deciles.Sum(d => d.Rows));
        Assert.Equal(10, report.AllDays.Model.Deciles.Count);
        Assert.Equal(report.ModelBeatsBaselines, model.BeatsBaselines);
        Assert.NotEmpty(model.Importance);
        Assert.Subset(ForecastEngine.Schema(MatchingDataLoader.Kind(kind)).Features.Select(f => f.Name).ToHashSet(),
            model.Importance.Select(i => i.Feature).ToHashSet());
        Assert.Equal("admin", model.CreatedBy);
        Assert.DoesNotContain(await App.SendAsync(new ListModels.Query(kind)), r => r.Version.StartsWith("forecast-", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_realisation_feature_has_a_name_on_the_page_in_both_languages()
    {
        var english = ResourceTests.Read("src/Crm.Web/Features/Matching/MatchingText.resx");
        var chinese = ResourceTests.Read("src/Crm.Web/Features/Matching/MatchingText.zh-CN.resx");
        var features = Enum.GetValues<PairKind>().SelectMany(k => ForecastEngine.Schema(k).Features).Select(f => "Feature_" + f.Name).Distinct();

        Assert.All(features, key => Assert.True(english.ContainsKey(key) && chinese.ContainsKey(key), key));
    }

    [Fact]
    public async Task A_manager_cannot_train_the_realisation_models_nor_read_them_and_no_job_is_queued()
    {
        await App.SignInAsAsync(await App.UserInRoleAsync(Roles.Manager));

        await Assert.ThrowsAsync<AccessDeniedException>(() => App.SendAsync(new StartForecastTraining.Command()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => App.SendAsync(new ListForecastModels.Query(MatchKind.Procurement)));

        await using var db = App.Database.CreateDbContext();
        Assert.Equal(0, await db.BackgroundJobs.CountAsync());
    }

    [Theory]
    [InlineData("en", JobStatus.Queued, "The realisation models are already being trained: wait for that job to finish.")]
    [InlineData("zh-CN", JobStatus.Running, "落地预测模型正在训练中，请等待该任务完成。")]
    public async Task A_second_realisation_training_is_refused_in_the_users_language_while_one_is_open_and_allowed_once_it_ended(
        string culture, JobStatus open, string message)
    {
        var first = await App.SendAsync(new StartForecastTraining.Command());
        await SetStatusAsync(first, open);
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => App.SendAsync(new StartForecastTraining.Command()));

        Assert.Equal([message], refused.Failures.Select(f => f.ErrorMessage));
        var job = Assert.Single(await App.SendAsync(new ListJobs.Query()));
        Assert.Equal((first, TrainForecastJob.Name, "admin"), (job.Id, job.Kind, job.CreatedBy));

        await SetStatusAsync(first, JobStatus.Failed);
        var second = await App.SendAsync(new StartForecastTraining.Command());
        Assert.Equal([second, first], (await App.SendAsync(new ListJobs.Query())).Select(j => j.Id));
    }

    [Fact]
    public async Task The_job_list_shows_what_a_forecast_training_and_a_forecasting_run_did()
    {
        var run = await new ForecastDealsJob(trained.Service).RunAsync(new BackgroundJob { Parameters = "{}", CreatedBy = "admin" },
            new Progress<(string, double)>(), CancellationToken.None);
        await using (var db = App.Database.CreateDbContext())
        {
            db.BackgroundJobs.AddRange(
                Finished(TrainForecastJob.Name, JsonSerializer.Serialize(new ForecastParameters()), trained.TrainingResult),
                Finished(ForecastDealsJob.Name, JsonSerializer.Serialize(new ForecastParameters()), JsonSerializer.Serialize(run, run!.GetType())),
                Finished(ForecastDealsJob.Name, JsonSerializer.Serialize(new ForecastParameters([1, 2])), JsonSerializer.Serialize(new ForecastRun(1, 1, [], DateOnly.FromDateTime(DateTime.Today)))),
                new BackgroundJob { Kind = "export", CreatedBy = "admin", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
        await using var read = App.Database.CreateDbContext();
        var active = await read.MatchModels.Forecasters().Where(m => m.IsActive).Select(m => m.Version).ToListAsync();

        var jobs = await App.SendAsync(new ListJobs.Query());

        Assert.Equal([ForecastDealsJob.Name, ForecastDealsJob.Name, TrainForecastJob.Name], jobs.Select(j => j.Kind));
        var training = jobs[2];
        Assert.Equal(trained.Registered, training.Trained.Select(t => (t.Version, t.BeatsBaseline, t.IsActive)));
        var whole = jobs[1];
        var forecasts = await read.DealForecasts.CountAsync();
        Assert.Equal((false, (int?)forecasts, (int?)0), (whole.Partial, whole.Forecasts, whole.Removed));
        Assert.Equal(active.Order(), whole.ForecastModels.Order());
        Assert.Equal((true, (int?)1, (int?)1), (jobs[0].Partial, jobs[0].Forecasts, jobs[0].Removed));
        Assert.All(jobs, j => Assert.Null(j.ModelVersion));
    }

    [Fact]
    public async Task Activating_a_realisation_model_leaves_the_other_kind_alone_and_forecasts_the_open_deals_again()
    {
        await using var db = App.Database.CreateDbContext();
        var investment = await db.MatchModels.Forecasters().AsNoTracking().SingleAsync(m => m.Kind == MatchKind.Investment);
        var procurementActive = await db.MatchModels.Forecasters().Where(m => m.IsActive && m.Kind == MatchKind.Procurement).Select(m => m.Id).ToListAsync();

        await App.SendAsync(new ActivateModel.Command(investment.Id, Insist: !investment.BeatsBaseline, Note: "to compare with the stage probabilities"));

        var active = await db.MatchModels.Forecasters().Where(m => m.IsActive).Select(m => new { m.Id, m.Kind }).ToListAsync();
        Assert.Equal(procurementActive.Append(investment.Id).Order(), active.Select(a => a.Id).Order());
        var row = Assert.Single(await App.SendAsync(new ListForecastModels.Query(MatchKind.Investment)));
        Assert.Equal((true, "admin"), (row.IsActive, row.ActivatedBy));
        var job = Assert.Single(await App.SendAsync(new ListJobs.Query()));
        Assert.Equal((ForecastDealsJob.Name, JobStatus.Queued, false, "admin"), (job.Kind, job.Status, job.Partial, job.CreatedBy));
    }

    private static BackgroundJob Finished(string kind, string parameters, string result) => new()
    {
        Kind = kind, Status = JobStatus.Succeeded, Parameters = parameters, Result = result, Progress = 1, CreatedBy = "admin", CreatedAt = DateTime.UtcNow,
    };

    /// <summary>The job's state as a runner leaves it: an ended job no longer holds its place (its active key).</summary>
    private async Task SetStatusAsync(int job, JobStatus status)
    {
        var open = status is JobStatus.Queued or JobStatus.Running;
        await using var db = App.Database.CreateDbContext();
        await db.BackgroundJobs.Where(j => j.Id == job)
            .ExecuteUpdateAsync(j => j.SetProperty(b => b.Status, status).SetProperty(b => b.ActiveKey, b => open ? b.ActiveKey : null));
    }

    /// <summary>The page's services over the small seed, with the realisation models trained once through the training job itself.</summary>
    public sealed class TrainedAdmin : IAsyncLifetime
    {
        public AdminFixture App { get; } = new();

        public ForecastService Service { get; private set; } = null!;

        /// <summary>What the training job returned, stored as the job runner stores it.</summary>
        public string TrainingResult { get; private set; } = "";

        /// <summary>The realisation models as the training registered them (before any test activates one).</summary>
        public IReadOnlyList<(string Version, bool BeatsBaseline, bool IsActive)> Registered { get; private set; } = [];

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            Service = new ForecastService(App.Database.SystemContexts(), TimeProvider.System);
            var result = await new TrainForecastJob(Service).RunAsync(new BackgroundJob { Parameters = "{}", CreatedBy = "admin" },
                new Progress<(string, double)>(), CancellationToken.None);
            TrainingResult = JsonSerializer.Serialize(result, result!.GetType());
            await using var db = App.Database.CreateDbContext();
            Registered = (await db.MatchModels.Forecasters().OrderBy(m => m.Id).Select(m => new { m.Version, m.BeatsBaseline, m.IsActive }).ToListAsync())
                .Select(m => (m.Version, m.BeatsBaseline, m.IsActive)).ToList();
        }

        public Task DisposeAsync() => App.DisposeAsync();
    }
}
