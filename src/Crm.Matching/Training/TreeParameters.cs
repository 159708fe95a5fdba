using System.Globalization;

namespace Crm.Matching.Training;

/// <summary>
/// The XGBoost parameters of gradient-boosted trees, in the fixed order the models store them: shared by the ranker
/// (<see cref="TrainingOptions"/>) and the realisation forecast (<c>ForecastOptions</c>), which differ in objective and
/// metric only.
/// </summary>
internal static class TreeParameters
{
    public static IReadOnlyList<KeyValuePair<string, string>> Of(string objective, string evalMetric, double learningRate, int maxDepth,
        double minChildWeight, double subsample, double columnSample, int threads, int seed) =>
    [
        new("objective", objective),
        new("eval_metric", evalMetric),
        new("tree_method", "hist"),
        new("eta", F(learningRate)),
        new("max_depth", F(maxDepth)),
        new("min_child_weight", F(minChildWeight)),
        new("subsample", F(subsample)),
        new("colsample_bytree", F(columnSample)),
        new("nthread", F(threads)),
        new("seed", F(seed)),
        new("seed_per_iteration", "1"),
    ];

    private static string F(double value) => value.ToString(CultureInfo.InvariantCulture);
}
