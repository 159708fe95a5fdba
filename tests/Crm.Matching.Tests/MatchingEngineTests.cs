using Crm.Matching.Data;
using Crm.Matching.Features;
using Crm.Matching.Training;
using Crm.Seed;

namespace Crm.Matching.Tests;

/// <summary>The engine end to end over the generated small seed: learning beats the rule, results are reproducible.</summary>
public class MatchingEngineTests
{
    private static readonly Lazy<MatchingData> Small = new(() => SeedMatchingData.From(SeedGenerator.Build(SeedSize.Small)));

    private static TrainingOptions Options(params int[] editions) => new() { Editions = editions, Rounds = 60 };

    [Fact]
    public void The_model_beats_the_overlap_rule_and_random_on_a_held_out_edition()
    {
        var engine = new MatchingEngine(Small.Value);
        var trained = engine.Train(PairKind.Procurement, Options(1, 2, 3, 4, 5, 6, 7));
        using var model = RankerModel.Load(PairKind.Procurement, trained.Schema.Version, trained.Model);
        var test = engine.Evaluate(model, 8);
        Assert.True(test.Model.Queries > 50, $"{test.Model.Queries} queries");
        Assert.True(test.Model.Ndcg10 > test.Baseline.Ndcg10, $"model {test.Model.Ndcg10:F3} vs baseline {test.Baseline.Ndcg10:F3}");
        Assert.True(test.Baseline.Ndcg10 > test.Random.Ndcg10, $"baseline {test.Baseline.Ndcg10:F3} vs random {test.Random.Ndcg10:F3}");
        Assert.True(test.ModelBeatsBaseline);
    }

    [Fact]
    public void Same_data_seed_and_threads_give_the_same_model_bytes_and_proposals()
    {
        var a = new MatchingEngine(Small.Value).Train(PairKind.Procurement, Options(6, 7, 8));
        var b = new MatchingEngine(Small.Value).Train(PairKind.Procurement, Options(6, 7, 8));
        Assert.Equal(a.Model, b.Model);
        using var model = RankerModel.Load(PairKind.Procurement, a.Schema.Version, a.Model);
        var engine = new MatchingEngine(Small.Value);
        var one = engine.ScoreEdition(model, 9, 10, threads: 1);
        var two = engine.ScoreEdition(model, 9, 10, threads: 2);
        Assert.Equal(one.Proposals.Select(p => (p.CounterpartId, p.ExhibitorId, p.Rank, p.Score)), two.Proposals.Select(p => (p.CounterpartId, p.ExhibitorId, p.Rank, p.Score)));
    }

    [Fact]
    public void Every_proposal_is_a_candidate_ranked_by_score_with_reasons_that_add_up_to_it()
    {
        var data = Small.Value;
        var engine = new MatchingEngine(data);
        var trained = engine.Train(PairKind.Procurement, Options(1, 2, 3, 4, 5, 6, 7, 8));
        using var model = RankerModel.Load(PairKind.Procurement, trained.Schema.Version, trained.Model);
        var scoring = engine.ScoreEdition(model, 9, 10, 2);
        var buyers = data.Buyers.ToDictionary(b => b.Id);
        var exhibitors = data.Exhibitors.ToDictionary(e => e.Id);
        Assert.NotEmpty(scoring.Proposals);
        foreach (var group in scoring.Proposals.GroupBy(p => p.CounterpartId))
        {
            var list = group.OrderBy(p => p.Rank).ToList();
            Assert.Equal(Enumerable.Range(1, list.Count), list.Select(p => p.Rank));
            Assert.True(list.Zip(list.Skip(1)).All(x => x.First.Score >= x.Second.Score));
            foreach (var p in list)
            {
                var wanted = buyers[p.CounterpartId].WantedCategories;
                Assert.Contains(exhibitors[p.ExhibitorId].Categories, wanted.Contains);
                Assert.Equal(9, exhibitors[p.ExhibitorId].Edition);
                Assert.InRange(p.Reasons.Count, 1, MatchingEngine.ReasonsPerProposal);
                Assert.All(p.Reasons, r => Assert.Contains(r.Feature, trained.Schema.Features.Select(f => f.Name)));
            }
        }
    }

    [Fact]
    public void History_features_see_only_earlier_editions()
    {
        var data = Small.Value;
        // A pair that met in some edition: in that edition "met before" is 0, in a later edition of the same companies it is 1.
        var outcome = data.Outcomes.First(o => o.Kind == PairKind.Procurement && o.Grade > 0 && o.Edition < 8);
        var index = new MatchingIndex(data);
        index.TryBuyer(outcome.CounterpartId, out var b);
        index.TryExhibitor(outcome.ExhibitorId, out var e);
        var schema = ProcurementFeatures.Schema;
        var row = new float[schema.Count];
        ProcurementFeatures.Compute(index, index.History.Before(outcome.Edition), index.Buyers[b], index.Exhibitors[e], row);
        Assert.Equal(0f, row[schema.IndexOf("pair_met_before")]);
        var later = index.Buyers[b] with { Edition = outcome.Edition + 1 };
        ProcurementFeatures.Compute(index, index.History.Before(outcome.Edition + 1), later, index.Exhibitors[e] with { Edition = outcome.Edition + 1 }, row);
        Assert.Equal(1f, row[schema.IndexOf("pair_met_before")]);
    }

    [Fact]
    public void A_model_of_another_feature_schema_is_refused()
    {
        var trained = new MatchingEngine(Small.Value).Train(PairKind.Investment, Options(5, 6, 7, 8));
        var error = Assert.Throws<FeatureSchemaMismatchException>(() => RankerModel.Load(PairKind.Investment, "investment-v0", trained.Model));
        Assert.Contains("Train a new model", error.Message);
        Assert.Throws<FeatureSchemaMismatchException>(() => RankerModel.Load(PairKind.Procurement, "procurement-v1", trained.Model));
    }

    [Fact]
    public void Unknown_codes_in_the_input_are_refused_with_the_record_named()
    {
        var data = Small.Value;
        var broken = new MatchingData
        {
            Categories = data.Categories, Countries = data.Countries, Teams = data.Teams, Outcomes = [],
            Buyers = data.Buyers,
            Exhibitors = [data.Exhibitors[0] with { Categories = ["NO-SUCH"] }],
        };
        var error = Assert.Throws<MatchingDataException>(() => new MatchingEngine(broken));
        Assert.Contains("NO-SUCH", error.Message);
    }
}
