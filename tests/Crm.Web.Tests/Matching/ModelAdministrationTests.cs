using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Data;
using Crm.Matching.Evaluation;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Tests.Admin;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Matching;

/// <summary>
/// The model page's requests as the page sends them (real mediator, behaviours and SQLite over the small seed): who may
/// send them, what the server refuses and in which words, and what a refused request leaves behind (nothing).
/// The job runner does not run here, so a queued job stays queued.
/// </summary>
public sealed class ModelAdministrationTests(AdminFixture app) : IClassFixture<AdminFixture>, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        await app.SignInAsAsync("admin");
        await using var db = app.Database.CreateDbContext();
        await db.BackgroundJobs.ExecuteDeleteAsync();
        await db.MatchModels.ExecuteDeleteAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_request_of_the_model_page_requires_the_administrator_role_and_its_commands_are_writes()
    {
        string[] pageRequests = [nameof(ListModels), nameof(ListJobs), nameof(ListEditionChoices), nameof(StartTraining), nameof(StartScoring),
            nameof(ActivateModel), nameof(CancelJob)];
        var requests = typeof(ListModels).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(ListModels).Namespace && t.DeclaringType is { } owner && pageRequests.Contains(owner.Name))
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)))
            .ToList();

        Assert.Equal(pageRequests.Length, requests.Count);
        Assert.All(requests, r => Assert.Equal([Roles.Administrator], r.DeclaringType!.GetCustomAttribute<RequiresRoleAttribute>()?.Roles ?? []));
        Assert.All(requests.Where(r => r.Name == "Command"), r => Assert.True(typeof(IWriteRequest).IsAssignableFrom(r), r.DeclaringType!.Name));
    }

    [Fact]
    public async Task A_manager_can_neither_train_nor_score_nor_activate_nor_read_the_registry_and_no_job_is_queued()
    {
        var model = await AddModelAsync("procurement-1", beatsBaseline: true);
        await app.SignInAsAsync(await app.UserInRoleAsync(Roles.Manager));

        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAsync(new StartTraining.Command(MatchKind.Procurement, null, null)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAsync(new StartScoring.Command(MatchKind.Procurement, 9)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAsync(new ActivateModel.Command(model)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAsync(new ListModels.Query(MatchKind.Procurement)));

        await using var db = app.Database.CreateDbContext();
        Assert.Equal(0, await db.BackgroundJobs.CountAsync());
        Assert.False(await db.MatchModels.Where(m => m.Id == model).Select(m => m.IsActive).SingleAsync());
    }

    [Theory]
    [InlineData("en", 3, null, "Give both the first and the last edition, or neither.")]
    [InlineData("zh-CN", null, 5, "请同时填写起始届次和结束届次，或都不填。")]
    [InlineData("en", 6, 4, "The first edition must not come after the last.")]
    [InlineData("zh-CN", 9, 9, "所选届次没有可供学习的结果。")]
    public async Task A_training_request_over_a_wrong_range_of_editions_is_refused_in_the_users_language_and_queues_nothing(
        string culture, int? from, int? to, string message)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => app.SendAsync(new StartTraining.Command(MatchKind.Procurement, from, to)));

        Assert.Equal([message], refused.Failures.Select(f => f.ErrorMessage));
        await using var db = app.Database.CreateDbContext();
        Assert.Equal(0, await db.BackgroundJobs.CountAsync());
    }

    [Fact]
    public async Task A_range_of_editions_whose_only_outcomes_are_held_meetings_may_be_trained_on()
    {
        // The engine learns from held meetings as well as deals (grade 1): edition 9 has neither until one is held.
        await using (var db = app.Database.CreateDbContext())
        {
            var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Number == 9).OrderBy(e => e.Id).FirstAsync();
            var buyer = await db.Buyers.Where(b => b.Edition!.Number == 9).OrderBy(b => b.Id).FirstAsync();
            db.Meetings.Add(new Meeting
            {
                Code = Meeting.CodePrefix(9) + "999999", EditionId = exhibitor.EditionId, ExhibitorId = exhibitor.Id, BuyerId = buyer.Id,
                StartsAt = DateTime.UtcNow, EndsAt = DateTime.UtcNow.AddMinutes(30), Place = MeetingPlace.Booth, Status = MeetingStatus.Held,
            });
            await db.SaveChangesAsync();
        }
        try
        {
            var investment = await Assert.ThrowsAsync<RequestValidationException>(() => app.SendAsync(new StartTraining.Command(MatchKind.Investment, 9, 9)));
            Assert.Equal(["These editions have no outcomes to learn from."], investment.Failures.Select(f => f.ErrorMessage));

            var job = await app.SendAsync(new StartTraining.Command(MatchKind.Procurement, 9, 9));

            await using var db = app.Database.CreateDbContext();
            Assert.Equal(JobStatus.Queued, (await db.BackgroundJobs.SingleAsync(j => j.Id == job)).Status);
        }
        finally
        {
            await using var db = app.Database.CreateDbContext();
            await db.Meetings.Where(m => m.Code == Meeting.CodePrefix(9) + "999999").ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task Training_is_queued_as_a_job_of_the_administrator_and_the_page_follows_it()
    {
        var id = await app.SendAsync(new StartTraining.Command(MatchKind.Procurement, 2, 8));

        var job = Assert.Single(await app.SendAsync(new ListJobs.Query()));
        Assert.Equal((id, TrainModelJob.Name, JobStatus.Queued, "admin", true), (job.Id, job.Kind, job.Status, job.CreatedBy, job.IsOpen));
        await using var db = app.Database.CreateDbContext();
        var stored = await db.BackgroundJobs.SingleAsync();
        Assert.Equal(new TrainParameters(PairKind.Procurement, 2, 8), JsonSerializer.Deserialize<TrainParameters>(stored.Parameters));
    }

    [Fact]
    public async Task Scoring_is_refused_for_an_edition_that_does_not_exist_and_while_no_model_is_active()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => app.SendAsync(new StartScoring.Command(MatchKind.Procurement, 42)));

        Assert.Equal(["不存在第 42 届。", "该类型没有启用的模型，请先训练。"], refused.Failures.Select(f => f.ErrorMessage));
        await AddModelAsync("procurement-1", beatsBaseline: true, active: true);
        var id = await app.SendAsync(new StartScoring.Command(MatchKind.Procurement, 9));
        Assert.Equal(ScoreEditionJob.Name, (await app.SendAsync(new ListJobs.Query())).Single(j => j.Id == id).Kind);
    }

    [Fact]
    public async Task A_model_below_the_baseline_is_activated_only_when_the_administrator_insists_and_says_why()
    {
        var active = await AddModelAsync("procurement-1", beatsBaseline: true, active: true);
        var weak = await AddModelAsync("procurement-2", beatsBaseline: false);

        var notInsisting = await Assert.ThrowsAsync<RequestValidationException>(() => app.SendAsync(new ActivateModel.Command(weak)));
        Assert.Equal("Model procurement-2 does not beat the baseline: activate it only if you insist.", Assert.Single(notInsisting.Failures).ErrorMessage);
        var withoutReason = await Assert.ThrowsAsync<RequestValidationException>(() => app.SendAsync(new ActivateModel.Command(weak, Insist: true, Note: "  ")));
        Assert.Equal("Say why this model should be active although it does not beat the baseline.", Assert.Single(withoutReason.Failures).ErrorMessage);
        var missing = await Assert.ThrowsAsync<RequestValidationException>(() => app.SendAsync(new ActivateModel.Command(int.MaxValue)));
        Assert.Equal("This model does not exist (any more).", Assert.Single(missing.Failures).ErrorMessage);
        Assert.Equal(active, Assert.Single(await ActiveModelsAsync()));

        await app.SendAsync(new ActivateModel.Command(weak, Insist: true, Note: " trial for the medical area "));

        Assert.Equal(weak, Assert.Single(await ActiveModelsAsync()));
        var row = (await app.SendAsync(new ListModels.Query(MatchKind.Procurement))).Single(m => m.Id == weak);
        Assert.Equal(("admin", "trial for the medical area"), (row.ActivatedBy, row.ActivationNote));
    }

    [Fact]
    public async Task The_registry_lists_a_kinds_models_newest_first_with_metrics_and_importance_and_keeps_a_note_given_on_activation()
    {
        var older = await AddModelAsync("procurement-1", beatsBaseline: true, active: true);
        var newer = await AddModelAsync("procurement-2", beatsBaseline: true);
        await AddModelAsync("investment-1", beatsBaseline: true, kind: MatchKind.Investment);

        await app.SendAsync(new ActivateModel.Command(newer, Note: "retrained after the import of edition 8"));

        var rows = await app.SendAsync(new ListModels.Query(MatchKind.Procurement));
        Assert.Equal([newer, older], rows.Select(r => r.Id));
        Assert.Equal((true, "retrained after the import of edition 8"), (rows[0].IsActive, rows[0].ActivationNote));
        Assert.False(rows[1].IsActive);
        Assert.Equal(0.31, rows[0].Metrics!.Model.Ndcg10);
        Assert.Equal(0.22, rows[0].Metrics!.Baseline.Ndcg10);
        Assert.Equal("category_overlap", rows[0].Importance[0].Feature);
    }

    [Fact]
    public async Task The_job_list_shows_what_a_finished_job_did_and_tells_a_rescoring_after_changes_from_a_whole_edition()
    {
        await using (var db = app.Database.CreateDbContext())
        {
            var summary = new ScoringSummary("Procurement", 9, "procurement-3", 2, 240, 20, 0.1, 0.1, 0.1, 2400, 0, 0);
            db.BackgroundJobs.AddRange(
                new BackgroundJob
                {
                    Kind = ScoreEditionJob.Name, Status = JobStatus.Succeeded, CreatedBy = "admin", CreatedAt = DateTime.UtcNow, Progress = 1,
                    Parameters = JsonSerializer.Serialize(new ScoreParameters(PairKind.Procurement, 9, [11], ExhibitorIds: [40])),
                    Result = JsonSerializer.Serialize(summary),
                },
                new BackgroundJob
                {
                    Kind = TrainModelJob.Name, Status = JobStatus.Succeeded, CreatedBy = "admin", CreatedAt = DateTime.UtcNow, Progress = 1,
                    Parameters = JsonSerializer.Serialize(new TrainParameters(PairKind.Procurement, null, null)),
                    Result = """{"Id":7,"Version":"procurement-7","BeatsBaseline":true,"IsActive":true,"TrainingSeconds":3.2}""",
                },
                new BackgroundJob { Kind = "export", CreatedBy = "admin", CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var jobs = await app.SendAsync(new ListJobs.Query());

        Assert.Equal(2, jobs.Count); // not the other kinds of job
        Assert.Equal((false, "procurement-7", (int?)null, (int?)null), (jobs[0].Partial, jobs[0].ModelVersion, jobs[0].Proposals, jobs[0].Queries));
        Assert.Equal((true, "procurement-3", (int?)20, (int?)2), (jobs[1].Partial, jobs[1].ModelVersion, jobs[1].Proposals, jobs[1].Queries));
        Assert.All(jobs, j => Assert.False(j.IsOpen));
    }

    private async Task<int> AddModelAsync(string version, bool beatsBaseline, bool active = false, MatchKind kind = MatchKind.Procurement)
    {
        await using var db = app.Database.CreateDbContext();
        var metrics = new MethodComparison(new MethodMetrics(0.28, 0.31, 0.25, 80), new MethodMetrics(0.2, 0.22, 0.2, 80), new MethodMetrics(0.1, 0.12, 0.1, 80));
        var model = new MatchModel
        {
            Kind = kind, Version = version, FeatureSchemaVersion = kind == MatchKind.Procurement ? "procurement-v1" : "investment-v1",
            TrainEditionFrom = 1, TrainEditionTo = 8, Metrics = JsonSerializer.Serialize(metrics, MatchingService.Json),
            FeatureImportance = """[{"feature":"category_overlap","meanAbsContribution":0.4,"share":0.5}]""",
            BeatsBaseline = beatsBaseline, IsActive = active, ModelBytes = [1, 2, 3], CreatedBy = "admin",
            CreatedAt = DateTime.UtcNow.AddSeconds(await db.MatchModels.CountAsync()),
        };
        db.MatchModels.Add(model);
        await db.SaveChangesAsync();
        return model.Id;
    }

    private async Task<List<int>> ActiveModelsAsync()
    {
        await using var db = app.Database.CreateDbContext();
        return await db.MatchModels.Where(m => m.IsActive && m.Kind == MatchKind.Procurement).Select(m => m.Id).ToListAsync();
    }
}
