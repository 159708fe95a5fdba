using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Api;

/// <summary>
/// The HTTP JSON API over the small seed: signed in by token or cookie, the pages' roles and row-level reach, refusals as
/// problem details in the caller's language with nothing written, and concurrent writes with exactly one winner.
/// </summary>
[Collection(ApiCrmCollection.Name)]
public sealed class ApiTests(ApiCrm crm)
{
    [Fact]
    public async Task Without_a_token_or_cookie_the_api_answers_401_problem_details_not_the_sign_in_page()
    {
        var response = await crm.Client(null, "en").GetAsync("/api/v1/deals");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.StartsWith("Sign in first", (string?)problem!["title"]);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_token_signs_in_as_its_user_and_an_unknown_revoked_expired_or_deactivated_ones_token_does_not()
    {
        var me = await crm.Client(crm.ManagerToken).GetFromJsonAsync<JsonObject>("/api/v1/me");
        Assert.Equal(("manager", "Manager"), ((string?)me!["userName"], (string?)me["roles"]![0]));

        await crm.Database.AddUserAsync("api.leaver", Roles.Manager);
        var (revoked, expired, leaver) = (await crm.TokenAsync("manager"), await crm.TokenAsync("manager"), await crm.TokenAsync("api.leaver"));
        await using (var db = crm.Database.CreateDbContext())
        {
            var now = DateTime.UtcNow;
            await db.ApiTokens.Where(t => t.Hash == Features.Api.ApiTokens.Hash(revoked)).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now));
            await db.ApiTokens.Where(t => t.Hash == Features.Api.ApiTokens.Hash(expired)).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, now.AddSeconds(-1)));
            await db.Users.Where(u => u.UserName == "api.leaver").ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false));
        }

        foreach (var token in new[] { "crm_not-a-token", revoked, expired, leaver, "Basic abc" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await crm.Client(token).GetAsync("/api/v1/me")).StatusCode);
        }
    }

    [Fact]
    public async Task The_sign_in_cookie_opens_the_api_as_it_opens_the_pages()
    {
        var browser = await crm.App.SignedInBrowserAsync(Roles.Manager, "api.cookie.manager");

        var me = await browser.GetFromJsonAsync<JsonObject>("/api/v1/me");

        Assert.Equal("api.cookie.manager", (string?)me!["userName"]);
        var page = await browser.GetStringAsync("/account/tokens?culture=en");
        Assert.Contains("API tokens", page);
    }

    [Fact]
    public async Task A_team_members_deals_are_their_teams_only_and_another_teams_deal_is_refused_with_403_and_left_alone()
    {
        var member = crm.Client(crm.MemberToken, "en");

        var pipeline = await member.GetFromJsonAsync<JsonObject>("/api/v1/deals?kind=Investment");

        var rows = pipeline!["rows"]!.AsArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(crm.MemberTeamId, (int)r!["teamId"]!));
        Deal other;
        await using (var db = crm.Database.CreateDbContext())
        {
            other = await db.Deals.AsNoTracking().FirstAsync(d => d.PromotionTeamId != crm.MemberTeamId && d.Kind == MatchKind.Investment && d.Stage == DealStage.Met);
        }
        var move = await member.PostAsJsonAsync($"/api/v1/deals/{other.Id}/stage",
            new { expectedVersion = other.Version, kind = "Investment", fromStage = "Met", toStage = "Lost", reason = "not ours" });
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync($"/api/v1/deals/{other.Id}")).StatusCode);
        await using (var db = crm.Database.CreateDbContext())
        {
            Assert.Equal(DealStage.Met, await db.Deals.Where(d => d.Id == other.Id).Select(d => d.Stage).SingleAsync());
        }
        var own = await member.GetFromJsonAsync<JsonObject>($"/api/v1/deals/{(int)rows[0]!["dealId"]!}");
        Assert.Equal(((string?)rows[0]!["code"], (long)rows[0]!["version"]!), ((string?)own!["code"], (long)own["version"]!));
        Assert.NotEmpty(own["history"]!.AsArray());
    }

    [Fact]
    public async Task A_deals_forecast_comes_with_it_over_the_api_an_unknown_value_as_null_and_the_list_carries_the_chance()
    {
        Deal deal;
        await using (var db = crm.Database.CreateDbContext())
        {
            deal = await db.Deals.AsNoTracking().OrderBy(d => d.Id)
                .FirstAsync(d => d.Kind == MatchKind.Investment && d.IntentSignedOn != null && d.LandedOn == null && d.Stage != DealStage.Lost);
            db.DealForecasts.Add(new DealForecast
            {
                DealId = deal.Id, ModelVersion = "forecast-investment-1", Probability = 0.3, ExpectedValueUsd = 1_200_000m, ForecastOn = new DateOnly(2026, 12, 2),
                Reasons = """[{"feature":"days_since_last_activity","value":"NaN","contribution":-0.25},{"feature":"days_since_intent","value":120,"contribution":0.5}]""",
                ComputedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        try
        {
            var manager = crm.Client(crm.ManagerToken, "en");
            var record = await manager.GetFromJsonAsync<JsonObject>($"/api/v1/deals/{deal.Id}");
            var forecast = record!["forecast"]!;
            Assert.Equal((0.3, 1_200_000m, "forecast-investment-1"), ((double)forecast["probability"]!, (decimal)forecast["expectedValueUsd"]!, (string?)forecast["modelVersion"]));
            var reasons = forecast["reasons"]!.AsArray();
            Assert.Null(reasons[0]!["value"]);
            Assert.Equal(120, (double)reasons[1]!["value"]!);
            int edition;
            await using (var db = crm.Database.CreateDbContext())
            {
                edition = await db.Editions.Where(e => e.Id == deal.EditionId).Select(e => e.Number).SingleAsync();
            }
            var list = await manager.GetFromJsonAsync<JsonObject>($"/api/v1/deals?kind=Investment&editionNumber={edition}");
            var row = list!["rows"]!.AsArray().Single(r => (int)r!["dealId"]! == deal.Id);
            Assert.Equal(0.3, (double)row!["forecast"]!["probability"]!);
            Assert.Equal(1_200_000m, (decimal)row["expectedValueUsd"]!);
        }
        finally
        {
            await using var db = crm.Database.CreateDbContext();
            await db.DealForecasts.Where(f => f.DealId == deal.Id).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_viewer_reads_over_the_api_but_every_write_is_refused()
    {
        var viewer = crm.Client(crm.ViewerToken);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/v1/exhibitors?take=5")).StatusCode);
        var deal = await MetDealAsync();
        var move = await viewer.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
            new { expectedVersion = deal.Version, kind = "Investment", fromStage = "Met", toStage = "Lost", reason = "viewer" });
        var import = await viewer.PostAsync("/api/v1/imports?kind=companies", new StringContent("code,name\n", Encoding.UTF8, "text/csv"));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (move.StatusCode, import.StatusCode));
    }

    [Theory]
    [InlineData("en", "Give a reason when a deal stalls or is lost.")]
    [InlineData("zh-CN", "线索停滞或流失时须填写原因。")]
    public async Task A_refused_stage_move_gives_400_with_the_reasons_in_the_callers_language_and_writes_nothing(string language, string reason)
    {
        var deal = await MetDealAsync(skip: language == "en" ? 1 : 2);

        var response = await crm.Client(crm.MemberToken, language).PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
            new { expectedVersion = deal.Version, kind = "Investment", fromStage = "Met", toStage = "Lost" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(reason, (string?)problem!["errors"]!["Reason"]![0]);
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(deal.Version, await db.Deals.Where(d => d.Id == deal.Id).Select(d => d.Version).SingleAsync());
    }

    [Fact]
    public async Task Of_two_writers_moving_one_deal_from_the_version_they_read_the_later_is_told_with_409_and_history_has_one_move()
    {
        var deal = await MetDealAsync(skip: 3);
        int before;
        await using (var db = crm.Database.CreateDbContext())
        {
            before = await db.DealStageChanges.CountAsync(c => c.DealId == deal.Id);
        }
        var client = crm.Client(crm.MemberToken, "en");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
            new { expectedVersion = deal.Version, kind = "Investment", fromStage = "Met", toStage = "Lost", reason = $"writer {i}" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(9, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var conflict = await responses.First(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadFromJsonAsync<JsonObject>();
        Assert.False(string.IsNullOrWhiteSpace((string?)conflict!["detail"]));
        await using (var db = crm.Database.CreateDbContext())
        {
            Assert.Equal(before + 1, await db.DealStageChanges.CountAsync(c => c.DealId == deal.Id));
            Assert.Equal(DealStage.Lost, await db.Deals.Where(d => d.Id == deal.Id).Select(d => d.Stage).SingleAsync());
        }
    }

    [Fact]
    public async Task Two_hundred_concurrent_bookings_of_one_slot_over_http_give_exactly_one_201_and_199_times_409()
    {
        var (session, pair) = await SessionAndPairAsync();
        var lead = crm.Client(crm.LeadToken, "en");

        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            lead.PostAsJsonAsync("/api/v1/meetings", new { matchId = pair, sessionId = session, slot = 2 })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(199, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(1, await db.Meetings.CountAsync(m => m.SessionId == session));
        var booked = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal((string?)booked!["code"], await db.Meetings.Where(m => m.SessionId == session).Select(m => m.Code).SingleAsync());
    }

    [Fact]
    public async Task An_import_over_the_api_runs_as_a_job_whose_status_and_report_the_api_gives_and_a_manager_may_not_start_one()
    {
        string sector;
        await using (var db = crm.Database.CreateDbContext())
        {
            sector = await db.Sectors.OrderBy(s => s.Code).Select(s => s.Code).FirstAsync();
        }
        var csv = $"code,name,name_zh,country_code,sector_code\nC990001,Api Imports Ltd,接口导入有限公司,DE,{sector}\nC990002,Nowhere Api Ltd,无名接口公司,XX,{sector}\n";
        var admin = crm.Client(crm.AdminToken, "en");

        var started = await admin.PostAsync("/api/v1/imports?kind=companies&mode=ValidRowsOnly&fileName=api.csv", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var refused = await crm.Client(crm.ManagerToken).PostAsync("/api/v1/imports?kind=companies", new StringContent(csv, Encoding.UTF8, "text/csv"));

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        JsonObject? status = null;
        for (var i = 0; i < 100 && (string?)status?["import"]?["status"] is null or "Queued" or "Running"; i++)
        {
            await Task.Delay(100);
            status = await admin.GetFromJsonAsync<JsonObject>(started.Headers.Location);
        }
        Assert.Equal("Succeeded", (string?)status!["import"]!["status"]);
        var report = status["report"]!["summary"]!;
        Assert.Equal((1, 1), ((int)report["created"]!, (int)report["rejected"]!));
        Assert.Equal(3, (int)report["errors"]![0]!["line"]!);
        await using var check = crm.Database.CreateDbContext();
        Assert.True(await check.Companies.AnyAsync(c => c.Code == "C990001"));
    }

    [Theory]
    [InlineData("/api/v1/exhibitors?take=abc", null)]
    [InlineData("/api/v1/meetings", "{not json")]
    [InlineData("/api/v1/meetings", "{\"matchId\":\"one\"}")]
    public async Task A_request_that_cannot_be_read_gets_a_400_problem_in_the_callers_language(string path, string? body)
    {
        var client = crm.Client(crm.LeadToken, "en");

        var response = body is null ? await client.GetAsync(path) : await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.StartsWith("The request could not be read", (string?)problem!["title"]);
    }

    [Fact]
    public async Task The_openapi_description_lists_every_api_endpoint_and_nothing_else()
    {
        var document = await crm.Client(null).GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        var paths = document!["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/meetings", paths);
        Assert.Contains("/api/v1/deals/{id}/stage", paths);
        Assert.Contains("/api/v1/imports", paths);
        Assert.Contains("/api/v1/jobs/{id}", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p));
        Assert.Equal(18, paths.Count);
    }

    private async Task<Deal> MetDealAsync(int skip = 0)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Deals.AsNoTracking().Where(d => d.PromotionTeamId == crm.MemberTeamId && d.Kind == MatchKind.Investment && d.Stage == DealStage.Met)
            .OrderBy(d => d.Id).Skip(skip).FirstAsync();
    }

    /// <summary>A session of the current edition and a pair both sides accepted, of the lead's delegations.</summary>
    private async Task<(int Session, int Pair)> SessionAndPairAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        var edition = await db.Editions.SingleAsync(e => e.Status == EditionStatus.Current);
        var session = new MatchmakingSession
        {
            EditionId = edition.Id, Name = "API session", NameZh = "接口对接会", Venue = "国家会展中心", Day = edition.StartsOn,
            Starts = new TimeOnly(9, 0), Ends = new TimeOnly(11, 0), SlotMinutes = 20, TablePrefix = "API", Tables = 50,
        };
        db.MatchmakingSessions.Add(session);
        var buyer = await db.Buyers.Where(b => b.EditionId == edition.Id && crm.LeadDelegationIds.Contains(b.DelegationId!.Value)).OrderBy(b => b.Id).FirstAsync();
        var exhibitor = await db.Exhibitors.Where(e => e.EditionId == edition.Id).OrderBy(e => e.Id).Skip(7).FirstAsync();
        var match = new Match
        {
            EditionId = edition.Id, Kind = MatchKind.Procurement, ExhibitorId = exhibitor.Id, BuyerId = buyer.Id, Score = 1, Rank = 1,
            ModelVersion = "api-test", Explanation = "[]", CreatedAt = DateTime.UtcNow,
            CounterpartDecision = MatchDecision.Accepted, ExhibitorDecision = MatchDecision.Accepted,
        };
        db.Matches.Add(match);
        await db.SaveChangesAsync();
        return (session.Id, match.Id);
    }
}
