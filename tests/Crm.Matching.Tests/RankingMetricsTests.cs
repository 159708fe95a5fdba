using Crm.Matching.Evaluation;

namespace Crm.Matching.Tests;

/// <summary>NDCG and MAP against values computed by hand.</summary>
public class RankingMetricsTests
{
    private static readonly float[] NoTies = [0, 0, 0, 0];

    [Fact]
    public void Ndcg_matches_the_hand_computed_value()
    {
        // Ranked by score: grades 2, 0, 3, 1.
        // DCG@4  = 3/log2(2) + 0 + 7/log2(4) + 1/log2(5) = 3 + 3.5 + 0.430677 = 6.930677
        // IDCG@4 = 7/1 + 3/log2(3) + 1/log2(4) + 0    = 7 + 1.892789 + 0.5 = 9.392789
        float[] scores = [0.9f, 0.8f, 0.7f, 0.6f];
        float[] grades = [2, 0, 3, 1];
        Assert.Equal(6.930677 / 9.392789, RankingMetrics.Ndcg(scores, grades, NoTies, 4), 5);
        // @2: DCG = 3, IDCG = 7 + 3/log2(3) = 8.892789
        Assert.Equal(3 / 8.892789, RankingMetrics.Ndcg(scores, grades, NoTies, 2), 5);
    }

    [Fact]
    public void A_perfect_ranking_scores_one_and_a_query_without_relevant_candidates_is_left_out()
    {
        Assert.Equal(1.0, RankingMetrics.Ndcg([3f, 2f, 1f], [3, 1, 0], [0, 0, 0], 10), 10);
        Assert.True(double.IsNaN(RankingMetrics.Ndcg([1f, 2f], [0, 0], [0, 0], 10)));
        var metrics = RankingMetrics.Evaluate([3f, 2f, 1f, 1f, 2f], [3, 1, 0, 0, 0], [0, 0, 0, 0, 0], [3, 2]);
        Assert.Equal(1, metrics.Queries);
        Assert.Equal(1.0, metrics.Ndcg10, 10);
    }

    [Fact]
    public void Average_precision_matches_the_hand_computed_value()
    {
        // Relevant at ranks 1 and 3: AP = (1/1 + 2/3) / 2 = 0.833333
        Assert.Equal(0.833333, RankingMetrics.AveragePrecision([0.9f, 0.8f, 0.7f, 0.6f], [2, 0, 3, 0], NoTies), 5);
    }

    [Fact]
    public void Equal_scores_are_ordered_by_the_tie_break_not_by_input_order()
    {
        float[] tied = [1, 1, 1];
        float[] grades = [0, 0, 3];
        Assert.Equal(1.0, RankingMetrics.Ndcg(tied, grades, [0.1f, 0.2f, 0.9f], 1), 10);
        Assert.Equal(0.0, RankingMetrics.Ndcg(tied, grades, [0.9f, 0.2f, 0.1f], 1), 10);
    }
}
