using Crm.Matching.Data;
using Crm.Matching.Forecast;
using Crm.Seed;

namespace Crm.Matching.Tests;

/// <summary>The realisation forecast end to end over the generated small seed, with the real native library.</summary>
public class ForecastEngineTests
{
    private static readonly Lazy<ForecastData> Small = new(() => SeedForecastData.From(SeedGenerator.Build(SeedSize.Small)));

    private static ForecastOptions Options(params int[] editions) => new() { Editions = editions, Rounds = 80 };

    [Fact]
    public void The_forecast_beats_the_base_rate_and_fixed_stage_probabilities_on_a_held_out_edition()
    {
        var engine = new ForecastEngine(Small.Value);
        var evaluation = engine.Evaluate(PairKind.Procurement, Options(1, 2, 3, 4, 5, 6), 7);
        Assert.True(evaluation.Rows > 100, $"{evaluation.Rows} rows");
        var all = evaluation.AllDays;
        Assert.True(all.ModelBeatsBaselines,
            $"Brier: model {all.Model.Brier:F4}, base rate {all.BaseRate.Brier:F4}, stage probabilities {all.StageProbabilities.Brier:F4}");
        Assert.True(all.Model.Auc > 0.7, $"AUC {all.Model.Auc:F3}");
        Assert.Equal(0.5, all.BaseRate.Auc, 12);
    }

    [Fact]
    public void Same_data_seed_and_threads_give_the_same_model_bytes_and_forecasts()
    {
        var a = new ForecastEngine(Small.Value).Train(PairKind.Procurement, Options(4, 5, 6));
        var b = new ForecastEngine(Small.Value).Train(PairKind.Procurement, Options(4, 5, 6));
        Assert.Equal(a.Model, b.Model);
        using var model = RealisationModel.Load(PairKind.Procurement, a.Schema.Version, a.Model, a.LeadTimes);
        var deals = Small.Value.Deals.Where(d => d.Edition == 8).ToList();
        var day = new DateOnly(2026, 6, 1);
        var one = new ForecastEngine(Small.Value).Forecast(model, deals, day);
        var two = new ForecastEngine(Small.Value).Forecast(model, deals, day);
        Assert.NotEmpty(one);
        Assert.Equal(one.Select(f => (f.DealId, f.Probability, f.LikelyBy)), two.Select(f => (f.DealId, f.Probability, f.LikelyBy)));
    }

    [Fact]
    public void A_deal_that_stays_without_news_is_forecast_lower_as_it_ages()
    {
        var engine = new ForecastEngine(Small.Value);
        var trained = engine.Train(PairKind.Procurement, Options(1, 2, 3, 4, 5, 6, 7));
        using var model = RealisationModel.Load(PairKind.Procurement, trained.Schema.Version, trained.Model, trained.LeadTimes);
        var deal = Small.Value.Deals.First(d => d.Kind == PairKind.Procurement && d.Edition == 8 && d.RealisedOn is null);
        var fresh = engine.Forecast(model, [deal], deal.IntentSignedOn).Single();
        var stale = engine.Forecast(model, [deal], deal.IntentSignedOn.AddDays(300)).Single();
        Assert.True(stale.Probability < fresh.Probability - 0.1, $"at the intent {fresh.Probability:F3}, 300 days later {stale.Probability:F3}");
        // What the deal is told at the intent about going quiet: the forecast of the same deal 90 days on.
        var later = engine.Forecast(model, [deal], deal.IntentSignedOn.AddDays(ForecastEngine.IdleDays)).Single();
        Assert.Equal(later.Probability, fresh.ProbabilityIfIdle);
        Assert.Contains(stale.Reasons, r => r.Feature == "days_since_intent" && r.Contribution < 0);
    }

    [Fact]
    public void Realised_and_lost_deals_get_no_forecast()
    {
        var engine = new ForecastEngine(Small.Value);
        var trained = engine.Train(PairKind.Procurement, Options(5, 6, 7));
        using var model = RealisationModel.Load(PairKind.Procurement, trained.Schema.Version, trained.Model, trained.LeadTimes);
        var realised = Small.Value.Deals.First(d => d.Kind == PairKind.Procurement && d.RealisedOn is not null);
        var open = Small.Value.Deals.First(d => d.Kind == PairKind.Procurement && d.RealisedOn is null);
        var lost = open with { Id = -1, LostOn = open.IntentSignedOn.AddDays(10) };
        var forecasts = engine.Forecast(model, [realised, lost, open], realised.RealisedOn!.Value.AddDays(400));
        Assert.Equal([open.Id], forecasts.Select(f => f.DealId));
    }

    [Fact]
    public void Rows_are_taken_only_from_complete_windows_and_stop_when_the_deal_is_realised()
    {
        var engine = new ForecastEngine(Small.Value);
        var options = Options(7, 8);
        var rows = engine.Rows(PairKind.Procurement, options.Editions, options);
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.True(r.Day.AddDays(options.HorizonDays) <= Small.Value.OutcomesKnownUntil));
        Assert.All(rows, r => Assert.False(r.Deal.RealisedBy(r.Day)));
        Assert.All(rows, r => Assert.Equal(r.Deal.RealisedBy(r.Day.AddDays(options.HorizonDays)), r.Realised));
        // The 8th edition's intents (November 2025 on) have no complete year before the seed's as-of date.
        Assert.DoesNotContain(rows, r => r.Deal.Edition == 8);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], engine.CompleteEditions(PairKind.Procurement));
    }

    [Fact]
    public void Features_read_nothing_recorded_after_the_day_they_describe()
    {
        var engine = new ForecastEngine(Small.Value);
        var trained = engine.Train(PairKind.Procurement, Options(5, 6, 7));
        using var model = RealisationModel.Load(PairKind.Procurement, trained.Schema.Version, trained.Model, trained.LeadTimes);
        var deal = Small.Value.Deals.First(d => d.Kind == PairKind.Procurement && d.Edition == 8 && d.RealisedOn is null);
        var day = deal.IntentSignedOn.AddDays(60);
        var later = deal with { ActivityDays = [day.AddDays(1)], ContractSignedOn = day.AddDays(5), RealisedOn = day.AddDays(5) };
        var before = engine.Forecast(model, [deal], day).Single();
        var after = new ForecastEngine(Small.Value with { Deals = [.. Small.Value.Deals.Where(d => d.Id != deal.Id), later] }).Forecast(model, [later], day).Single();
        Assert.Equal(before.Probability, after.Probability);
    }

    [Fact]
    public void A_model_of_another_feature_schema_is_refused()
    {
        var trained = new ForecastEngine(Small.Value).Train(PairKind.Procurement, Options(5, 6, 7));
        Assert.Throws<Crm.Matching.Features.FeatureSchemaMismatchException>(() =>
            RealisationModel.Load(PairKind.Procurement, "realisation-procurement-v0", trained.Model, trained.LeadTimes));
        Assert.Throws<Crm.Matching.Features.FeatureSchemaMismatchException>(() =>
            RealisationModel.Load(PairKind.Investment, RealisationFeatures.Investment.Version, trained.Model, trained.LeadTimes));
    }
}
