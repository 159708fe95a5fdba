using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Tests.Pipeline;

/// <summary>
/// Stage probabilities learned from past editions' conversion (checked against a recount of the deals), overridden by
/// settings, and the expected value they give each deal and a team's board. Over the small seed in SQLite.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class ExpectedValueTests(SeededCrm crm)
{
    [Fact]
    public async Task Each_stages_probability_is_the_share_of_settled_deals_that_reached_it_and_went_on_to_win()
    {
        var table = await Probabilities().GetAsync(CancellationToken.None);

        // The recount: settled editions are all but the one before the current; a deal reached the stages of its history
        // and the one it stands at; investment deals win when they land (or operate), procurement ones at the contract.
        await using var db = crm.Database.CreateDbContext();
        var current = await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => e.Number).SingleAsync();
        var deals = await db.Deals.Where(d => d.Edition!.Number < current - 1)
            .Select(d => new { d.Kind, d.Stage, History = d.StageChanges.Select(c => c.ToStage).ToList() }).ToListAsync();
        double Share(MatchKind kind, DealStage stage, DealStage[] won)
        {
            var reached = deals.Where(d => d.Kind == kind && (d.Stage == stage || d.History.Contains(stage))).ToList();
            return (double)reached.Count(d => won.Contains(d.Stage) || d.History.Any(won.Contains)) / reached.Count;
        }
        DealStage[] landed = [DealStage.Landed, DealStage.Operational];
        DealStage[] contracted = [DealStage.ContractSigned, DealStage.Delivered];

        Assert.Equal(Share(MatchKind.Investment, DealStage.Met, landed), table[(MatchKind.Investment, DealStage.Met)], 12);
        Assert.Equal(Share(MatchKind.Investment, DealStage.IntentSigned, landed), table[(MatchKind.Investment, DealStage.IntentSigned)], 12);
        Assert.Equal(Share(MatchKind.Investment, DealStage.ContractSigned, landed), table[(MatchKind.Investment, DealStage.ContractSigned)], 12);
        Assert.Equal(Share(MatchKind.Procurement, DealStage.IntentSigned, contracted), table[(MatchKind.Procurement, DealStage.IntentSigned)], 12);
        Assert.InRange(table[(MatchKind.Investment, DealStage.Met)], 0.0001, table[(MatchKind.Investment, DealStage.IntentSigned)]);
        Assert.Equal((1.0, 1.0, 0.0), (table[(MatchKind.Investment, DealStage.Landed)], table[(MatchKind.Investment, DealStage.Operational)],
            table[(MatchKind.Investment, DealStage.Lost)]));
    }

    [Fact]
    public async Task A_probability_set_in_the_settings_replaces_the_learned_one()
    {
        var table = await Probabilities(("Investment.IntentSigned", 0.4), ("Investment.Nonsense", 0.9), ("Procurement.Met", 7))
            .GetAsync(CancellationToken.None);

        Assert.Equal(0.4, table[(MatchKind.Investment, DealStage.IntentSigned)]);
        Assert.Equal(1.0, table[(MatchKind.Procurement, DealStage.Met)]); // clamped to a probability
    }

    [Fact]
    public async Task A_deals_expected_value_is_its_stages_probability_times_its_contracted_else_intended_value_and_the_board_sums_the_open_ones()
    {
        var edition = await TeamEditionAsync();
        var intent = await DealAsync(DealStage.IntentSigned, intended: 2_000_000m, contracted: null);
        var contract = await DealAsync(DealStage.ContractSigned, intended: 2_000_000m, contracted: 3_000_000m);
        var lost = await DealAsync(DealStage.Lost, intended: 5_000_000m, contracted: null);

        var board = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(edition, crm.TeamMember.TeamIds[0]));
        var table = await Probabilities().GetAsync(CancellationToken.None);

        var rows = board.Rows.ToDictionary(r => r.Code);
        Assert.Equal(Math.Round(2_000_000m * (decimal)table[(MatchKind.Investment, DealStage.IntentSigned)], 2), rows[intent].ExpectedValueUsd);
        Assert.Equal(Math.Round(3_000_000m * (decimal)table[(MatchKind.Investment, DealStage.ContractSigned)], 2), rows[contract].ExpectedValueUsd);
        Assert.Equal(0m, rows[lost].ExpectedValueUsd);
        var open = board.Rows.Where(r => DealStages.IsOpen(r.Kind, r.Stage)).Sum(r => r.ExpectedValueUsd ?? 0m);
        Assert.Equal(open, board.ExpectedValueUsd);
    }

    private StageProbabilities Probabilities(params (string Key, double Value)[] settings)
    {
        var options = Crm.Data.DependencyInjection.Configure(new DbContextOptionsBuilder<CrmDbContext>(),
            new DatabaseOptions { ConnectionString = crm.Database.ConnectionString });
        var pipeline = new PipelineOptions { StageProbabilities = settings.ToDictionary(s => s.Key, s => s.Value) };
        return new StageProbabilities(new SystemContextFactory((DbContextOptions<CrmDbContext>)options.Options), Options.Create(pipeline), TimeProvider.System);
    }

    /// <summary>The edition the member's board opens on (the current one once it holds deals of theirs).</summary>
    [Fact]
    public async Task A_signed_intent_with_a_learned_forecast_takes_its_expected_value_from_the_forecast_and_shows_it()
    {
        var edition = await TeamEditionAsync();
        var forecast = await DealAsync(DealStage.IntentSigned, intended: 4_000_000m, contracted: null);
        var staged = await DealAsync(DealStage.IntentSigned, intended: 4_000_000m, contracted: null);
        int forecastId;
        await using (var db = crm.Database.CreateDbContext())
        {
            forecastId = await db.Deals.Where(d => d.Code == forecast).Select(d => d.Id).SingleAsync();
            db.DealForecasts.Add(new DealForecast
            {
                DealId = forecastId, ModelVersion = "forecast-investment-1", Probability = 0.125, ExpectedValueUsd = 500_000m,
                LikelyBy = new DateOnly(2027, 3, 1), Reasons = """[{"feature":"days_since_intent","value":200,"contribution":-0.8}]""",
                ForecastOn = new DateOnly(2026, 12, 2), ComputedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        try
        {
            var board = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(edition, crm.TeamMember.TeamIds[0]));
            var table = await Probabilities().GetAsync(CancellationToken.None);
            var rows = board.Rows.ToDictionary(r => r.Code);

            Assert.Equal(500_000m, rows[forecast].ExpectedValueUsd);
            Assert.Equal((0.125, "forecast-investment-1", new DateOnly(2027, 3, 1)),
                (rows[forecast].Forecast!.Probability, rows[forecast].Forecast!.ModelVersion, rows[forecast].Forecast!.LikelyBy));
            Assert.Null(rows[staged].Forecast);
            Assert.Equal(Math.Round(4_000_000m * (decimal)table[(MatchKind.Investment, DealStage.IntentSigned)], 2), rows[staged].ExpectedValueUsd);
            Assert.Equal(board.Rows.Where(r => DealStages.IsOpen(r.Kind, r.Stage)).Sum(r => r.ExpectedValueUsd ?? 0m), board.ExpectedValueUsd);
        }
        finally
        {
            await using var db = crm.Database.CreateDbContext();
            await db.DealForecasts.Where(f => f.DealId == forecastId).ExecuteDeleteAsync();
        }
    }

    private async Task<int> TeamEditionAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => e.Number).SingleAsync();
    }

    private async Task<string> DealAsync(DealStage stage, decimal intended, decimal? contracted)
    {
        await using var db = crm.Database.CreateDbContext();
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Status == EditionStatus.Current).OrderBy(e => e.Id).FirstAsync();
        var number = await db.Deals.CountAsync(d => d.Code.StartsWith("D09-5")) + 1;
        var deal = new Deal
        {
            Code = $"D09-5{number:00000}", EditionId = exhibitor.EditionId, Kind = MatchKind.Investment, ExhibitorId = exhibitor.Id,
            PromotionTeamId = crm.TeamMember.TeamIds[0], Stage = stage, IntendedValueUsd = intended, ContractValueUsd = contracted,
            LostReason = stage == DealStage.Lost ? "No budget" : null, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal.Code;
    }
}
