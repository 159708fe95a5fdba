using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Data;
using Crm.Matching.Evaluation;
using Crm.Web.Features.Matching;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Matching;

/// <summary>Train, register, activate and score over a real SQLite database holding the small seed.</summary>
public sealed class MatchingWorkflowTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private MatchingService _service = null!;
    private static readonly MatchingActor Admin = new(null, "admin");

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithSmallSeedAsync();
        var options = (DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection
            .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = _database.ConnectionString }).Options;
        _service = new MatchingService(new SystemContextFactory(options));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_model_that_beats_the_baseline_is_registered_with_its_metrics_and_made_active()
    {
        var model = await _service.TrainAsync(PairKind.Procurement, null, Admin, activate: true, null, CancellationToken.None);

        await using var db = _database.CreateDbContext();
        var stored = await db.MatchModels.SingleAsync();
        Assert.Equal("procurement-1", stored.Version);
        Assert.Equal("procurement-v1", stored.FeatureSchemaVersion);
        Assert.Equal((1, 8), (stored.TrainEditionFrom, stored.TrainEditionTo));
        Assert.True(stored.BeatsBaseline && stored.IsActive, stored.Metrics);
        var metrics = JsonSerializer.Deserialize<MethodComparison>(stored.Metrics, MatchingService.Json)!;
        Assert.True(metrics.Model.Ndcg10 > metrics.Baseline.Ndcg10);
        Assert.NotEmpty(stored.ModelBytes);
        Assert.Contains("category_overlap", stored.FeatureSchema);
        var audit = await db.AuditEntries.SingleAsync(a => a.EntityType == nameof(MatchModel) && a.Action == AuditAction.Created);
        Assert.Equal("admin", audit.UserName);
        Assert.Contains($"{stored.ModelBytes.Length} bytes", audit.Changes);
        Assert.True(audit.Changes.Length < 10_000, "the model bytes are summarised, not written into the trail");
        Assert.Equal(model.Id, stored.Id);
    }

    [Fact]
    public async Task Scoring_writes_each_buyers_top_proposals_and_a_rerun_keeps_the_ones_someone_acted_on()
    {
        await _service.TrainAsync(PairKind.Procurement, null, Admin, activate: true, null, CancellationToken.None);
        var first = await _service.ScoreAsync(PairKind.Procurement, 9, null, Admin, null, CancellationToken.None);
        Assert.True(first.Proposals > 1000, $"{first.Proposals} proposals");

        int acted;
        await using (var db = _database.CreateDbContext())
        {
            var perBuyer = await db.Matches.GroupBy(m => m.BuyerId).Select(g => g.Count()).ToListAsync();
            Assert.All(perBuyer, n => Assert.InRange(n, 1, MatchingService.ProposalsPerBuyer));
            var match = await db.Matches.OrderBy(m => m.Id).FirstAsync();
            Assert.Equal("procurement-1", match.ModelVersion);
            Assert.NotEmpty(Explanations.Parse(match.Explanation));
            match.CounterpartDecision = MatchDecision.Accepted;
            await db.SaveChangesAsync();
            acted = match.Id;
        }

        var second = await _service.ScoreAsync(PairKind.Procurement, 9, null, Admin, null, CancellationToken.None);
        Assert.Equal(1, second.Kept);
        await using (var db = _database.CreateDbContext())
        {
            var kept = await db.Matches.SingleAsync(m => m.Id == acted);
            Assert.Equal(MatchDecision.Accepted, kept.CounterpartDecision);
            Assert.Equal(first.Proposals, await db.Matches.CountAsync());
            Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Scored));
        }
    }

    [Fact]
    public async Task Rescoring_some_buyers_rewrites_only_their_proposals()
    {
        await _service.TrainAsync(PairKind.Procurement, null, Admin, activate: true, null, CancellationToken.None);
        await _service.ScoreAsync(PairKind.Procurement, 9, null, Admin, null, CancellationToken.None);
        await using var db = _database.CreateDbContext();
        var buyer = await db.Matches.Select(m => m.BuyerId!.Value).FirstAsync();
        var others = await db.Matches.Where(m => m.BuyerId != buyer).Select(m => m.Id).OrderBy(id => id).ToListAsync();

        var summary = await _service.ScoreAsync(PairKind.Procurement, 9, [buyer], Admin, null, CancellationToken.None);

        Assert.Equal(1, summary.Queries);
        Assert.Equal(others, await db.Matches.Where(m => m.BuyerId != buyer).Select(m => m.Id).OrderBy(id => id).ToListAsync());
        Assert.InRange(await db.Matches.CountAsync(m => m.BuyerId == buyer), 1, MatchingService.ProposalsPerBuyer);
    }

    [Fact]
    public async Task A_model_below_the_baseline_is_activated_only_when_an_administrator_insists_and_one_stays_active()
    {
        var good = await _service.TrainAsync(PairKind.Procurement, null, Admin, activate: true, null, CancellationToken.None);
        int weak;
        await using (var db = _database.CreateDbContext())
        {
            var copy = await db.MatchModels.AsNoTracking().SingleAsync(m => m.Id == good.Id);
            copy.Id = 0;
            copy.Version = "procurement-weak";
            copy.BeatsBaseline = false;
            copy.IsActive = false;
            db.MatchModels.Add(copy);
            await db.SaveChangesAsync();
            weak = copy.Id;
        }

        await Assert.ThrowsAsync<ModelBelowBaselineException>(() => _service.ActivateAsync(weak, insist: false, null, Admin, CancellationToken.None));
        await _service.ActivateAsync(weak, insist: true, "trial on the medical area", Admin, CancellationToken.None);

        await using var check = _database.CreateDbContext();
        var active = await check.MatchModels.Where(m => m.IsActive).ToListAsync();
        Assert.Equal("procurement-weak", Assert.Single(active).Version);
        Assert.Equal("trial on the medical area", active[0].ActivationNote);
    }

    [Fact]
    public async Task Scoring_without_an_active_model_is_refused_and_writes_nothing()
    {
        await Assert.ThrowsAsync<NoActiveModelException>(() => _service.ScoreAsync(PairKind.Procurement, 9, null, Admin, null, CancellationToken.None));
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.Matches.CountAsync());
    }
}
