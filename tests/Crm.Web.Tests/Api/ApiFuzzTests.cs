using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Web.Tests.BadInput;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Api;

/// <summary>
/// Every write the API takes, fed generated bodies (wrong types, missing and extra fields, huge strings, script, formulas,
/// out-of-range dates, amounts and enum names, ids of nothing) and generated query strings: the answer is never a server
/// error, a refusal is problem details with a non-empty title in the caller's language, and a refused request writes
/// nothing (meetings, deals, stage changes and proposals' decisions counted before and after).
/// </summary>
[Collection(ApiCrmCollection.Name)]
public sealed class ApiFuzzTests(ApiCrm crm)
{
    /// <summary>Generated requests per run (see docs/reliability.md).</summary>
    public const int RequestCases = 300;

    private sealed record Call(string Method, string Path, string? Body, string Language)
    {
        public override string ToString() => $"{Method} {Path} [{Language}] {Body?[..Math.Min(Body.Length, 300)]}";
    }

    [Fact]
    public void Generated_api_requests_never_get_a_server_error_and_a_refused_one_writes_nothing()
    {
        var calls = from language in Gen.Elements("en", "zh-CN")
                    from call in Gen.OneOf(Booking(), NewDeal(), StageMove(), Decision(), Query())
                    select call with { Language = language };

        Check.One(Fuzz.Config(RequestCases), Prop.ForAll(calls.ToArbitrary(), call => Task.Run(async () =>
        {
            var before = await CountsAsync();
            var client = crm.Client(call.Method == "POST" && call.Path.Contains("/deals") ? crm.MemberToken : crm.LeadToken, call.Language);
            using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Path);
            if (call.Body is not null)
            {
                request.Content = new StringContent(call.Body, Encoding.UTF8, "application/json");
            }

            var response = await client.SendAsync(request);

            Assert.True((int)response.StatusCode < 500, $"{call}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (!response.IsSuccessStatusCode)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
                var title = (string?)problem!["title"];
                Assert.False(string.IsNullOrWhiteSpace(title), call.ToString());
                if (call.Language == "zh-CN")
                {
                    Assert.Matches("[\u4e00-\u9fff]", title!);
                }
                Assert.Equal(before, await CountsAsync());
            }
        }).GetAwaiter().GetResult()));
    }

    private static Gen<string> Text() => Gen.OneOf(
        Gen.Elements("", " ", "正常的文字", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://x\")", "+1", "-cmd", "@SUM(A1)",
            "'; DROP TABLE Deals; --", "\u0000", "\ud800", "null"),
        Gen.Choose(1, 20).Select(n => new string('长', n * 1000)));

    private static Gen<JsonNode?> Number() => Gen.OneOf(
        Gen.Elements<JsonNode?>(null, 0, -1, 1, int.MaxValue, int.MinValue, long.MaxValue, 1e30, -1e30, 0.5, 1e-30, "1", "NaN", "abc", true,
            new JsonArray(), new JsonObject()),
        Gen.Choose(-5, 100_000).Select(n => (JsonNode?)n));

    private static Gen<JsonNode?> Date() => Gen.Elements<JsonNode?>(null, "2026-11-05", "0001-01-01", "9999-12-31", "1899-12-31", "2026-02-30",
        "2026-11-05T10:00:00Z", "tomorrow", 20261105, "", "2100-01-01");

    private static Gen<JsonNode?> Enum(params string[] names) =>
        Gen.OneOf(Gen.Elements(names).Select(n => (JsonNode?)n), Gen.Elements<JsonNode?>(null, "", "Nope", 99, -1, 0, "met", "IntentSigned ")); 

    private static Gen<JsonNode?> Any() => Gen.OneOf(Number(), Date(), Text().Select(t => (JsonNode?)t));

    /// <summary>An object with some of the fields, each generated, sometimes one unknown field more, sometimes not JSON at all.</summary>
    private static Gen<string> Body(params (string Name, Gen<JsonNode?> Value)[] fields) => Gen.OneOf(
        from values in Gen.CollectToList(fields.Select(f => from keep in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
                                                       from value in Gen.Frequency((3, f.Value), (1, Any()))
                                                       select (f.Name, keep, value)))
        from extra in Gen.Elements<string?>(null, "unknown", "records", "Id")
        select Object(values.Where(v => v.keep).Select(v => (v.Name, (JsonNode?)v.value)), extra),
        Gen.Elements("", "{", "[]", "null", "\"text\"", "{\"matchId\":", "{\"a\":1}}", "<xml/>"));

    private static string Object(IEnumerable<(string Name, JsonNode? Value)> fields, string? extra)
    {
        var o = new JsonObject();
        foreach (var (name, value) in fields)
        {
            o[name] = value?.DeepClone();
        }
        if (extra is not null)
        {
            o[extra] = 1;
        }
        return o.ToJsonString();
    }

    private Gen<int> Id() => Gen.OneOf(Gen.Elements(0, -1, int.MaxValue, 1, 2, 3), Gen.Choose(1, 20_000));

    private Gen<Call> Booking() =>
        from body in Body(("matchId", Number()), ("sessionId", Number()), ("slot", Number()), ("place", Enum("VenueTable", "Booth", "Online")))
        select new Call("POST", "/api/v1/meetings", body, "");

    private Gen<Call> NewDeal() =>
        from body in Body(("kind", Enum("Investment", "Procurement")), ("exhibitorId", Number()), ("teamId", Gen.Constant<JsonNode?>(crm.MemberTeamId)),
            ("buyerId", Number()), ("stage", Enum("Proposed", "Contacted", "Met", "Landed")), ("nextStep", Text().Select(t => (JsonNode?)t)), ("nextStepDueOn", Date()))
        select new Call("POST", "/api/v1/deals", body, "");

    private Gen<Call> StageMove() =>
        from id in Id()
        from body in Body(("expectedVersion", Number()), ("kind", Enum("Investment", "Procurement")), ("fromStage", Enum("Met", "Contacted", "Stalled")),
            ("toStage", Enum("IntentSigned", "Lost", "Stalled", "Landed", "ContractSigned", "Operational")), ("reason", Text().Select(t => (JsonNode?)t)),
            ("facts", Gen.OneOf(Gen.Constant<JsonNode?>(null), FactsGen())), ("nextStep", Text().Select(t => (JsonNode?)t)), ("nextStepDueOn", Date()))
        select new Call("POST", $"/api/v1/deals/{id}/stage", body, "");

    private static Gen<JsonNode?> FactsGen() =>
        from body in Body(("amount", Number()), ("currency", Enum("Usd", "Cny")), ("signedOn", Date()), ("counterpart", Text().Select(t => (JsonNode?)t)),
            ("registeredCapital", Number()), ("capex", Number()), ("plannedJobs", Number()), ("districtCode", Text().Select(t => (JsonNode?)t)),
            ("landedOn", Date()), ("startOfWorksOn", Date()))
        select ParseOrEmpty(body);

    private static JsonNode? ParseOrEmpty(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? new JsonObject();
        }
        catch (System.Text.Json.JsonException)
        {
            return new JsonObject();
        }
    }

    private Gen<Call> Decision() =>
        from id in Id()
        from body in Body(("expectedVersion", Number()), ("accept", Gen.Elements<JsonNode?>(true, false, null, "yes", 1)), ("reason", Text().Select(t => (JsonNode?)t)))
        select new Call("POST", $"/api/v1/proposals/{id}/decision", body, "");

    private static Gen<Call> Query() =>
        from path in Gen.Elements("/api/v1/exhibitors", "/api/v1/buyers", "/api/v1/deals", "/api/v1/meetings", "/api/v1/proposals", "/api/v1/sessions/1/slots")
        from name in Gen.Elements("take", "skip", "search", "sort", "kind", "edition", "editionNumber", "teamId", "buyerId", "counterpartId", "matchId", "stage", "descending")
        from value in Gen.Elements("-1", "0", "100001", "abc", "%00", "<script>", new string('x', 5000), "9999999999", "Investment", "true", "科技")
        select new Call("GET", $"{path}?{name}={Uri.EscapeDataString(value)}", null, "");

    private async Task<(int, int, int, int)> CountsAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return (await db.Meetings.IgnoreQueryFilters().CountAsync(), await db.Deals.IgnoreQueryFilters().CountAsync(),
            await db.DealStageChanges.IgnoreQueryFilters().CountAsync(),
            await db.Matches.IgnoreQueryFilters().CountAsync(m => m.CounterpartDecision != Crm.Data.Entities.MatchDecision.Proposed));
    }
}
