using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Api;

/// <summary>The model page's jobs over HTTP: started (or joined) by administrators only, followed and stopped by id.</summary>
[Collection(ApiCrmCollection.Name)]
public sealed class ModelJobsApiTests(ApiCrm crm)
{
    [Fact]
    public async Task An_administrator_starts_a_training_a_second_start_joins_it_and_a_cancellation_stops_it()
    {
        var admin = crm.Client(crm.AdminToken);

        var first = await admin.PostAsJsonAsync("/api/v1/models/Procurement/training", new { });
        var second = await admin.PostAsJsonAsync("/api/v1/models/Procurement/training", new { });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var id = (int)(await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        Assert.Equal(id, (int)(await second.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
        Assert.Equal($"/api/v1/jobs/{id}", first.Headers.Location?.ToString());
        var job = await admin.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}");
        Assert.Equal("match-train", (string?)job!["kind"]);

        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/v1/jobs/{id}/cancellation", null)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((string?)(await admin.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}"))!["status"] != "Cancelled")
        {
            Assert.True(DateTime.UtcNow < deadline, "the training was not cancelled within a minute");
            await Task.Delay(100);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/v1/jobs/{id}/cancellation", null)).StatusCode); // nothing left to stop
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(1, await db.BackgroundJobs.CountAsync(j => j.Kind == "match-train"));
    }

    [Fact]
    public async Task A_manager_may_not_start_model_jobs_and_nothing_is_queued()
    {
        var response = await crm.Client(crm.ManagerToken).PostAsJsonAsync("/api/v1/models/Investment/scoring?edition=9", new { });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = crm.Database.CreateDbContext();
        Assert.False(await db.BackgroundJobs.AnyAsync(j => j.Kind == "match-score"));
    }

    [Fact]
    public async Task An_unknown_kind_or_job_is_refused_with_problem_details()
    {
        var admin = crm.Client(crm.AdminToken, "zh-CN");

        var kind = await admin.PostAsJsonAsync("/api/v1/models/Planets/training", new { });
        var job = await admin.GetAsync("/api/v1/jobs/999999");

        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        Assert.Equal("application/problem+json", kind.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, job.StatusCode);
        Assert.Matches("[\u4e00-\u9fff]", (string?)(await job.Content.ReadFromJsonAsync<JsonObject>())!["title"]);
    }
}
