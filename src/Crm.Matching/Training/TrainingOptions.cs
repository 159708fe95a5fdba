namespace Crm.Matching.Training;

/// <summary>
/// How a ranker is trained: which editions, the LambdaMART parameters, negative sampling and the validation split.
/// The defaults are the ones documented in docs/matching.md and measured in docs/benchmarks.md.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Editions whose outcomes are learned from.</summary>
    public required IReadOnlyList<int> Editions { get; init; }
    public int Rounds { get; init; } = 150;
    public double LearningRate { get; init; } = 0.1;
    public int MaxDepth { get; init; } = 6;
    public double MinChildWeight { get; init; } = 1;
    public double Subsample { get; init; } = 0.8;
    public double ColumnSample { get; init; } = 0.9;
    /// <summary>Every candidate with an outcome is kept, and at most this many without one, drawn at random per query.</summary>
    public int NegativesPerQuery { get; init; } = 40;
    /// <summary>Share of queries held out (by a hash of the query, never by row) for validation metrics.</summary>
    public double ValidationFraction { get; init; } = 0.1;
    public int Seed { get; init; } = 20181105;
    /// <summary>Native training threads; fixed, because results depend on it.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>The XGBoost parameters, in a fixed order (stored with the model).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BoosterParameters() =>
        TreeParameters.Of("rank:ndcg", "ndcg@10", LearningRate, MaxDepth, MinChildWeight, Subsample, ColumnSample, Threads, Seed);
}

/// <summary>How much a feature moves scores: the mean absolute contribution over validation rows, and its share of the total.</summary>
public sealed record FeatureImportance(string Feature, double MeanAbsContribution, double Share)
{
    /// <summary>
    /// The features' importance from per-row contributions laid out rows × (features + 1) (the last column the bias, left
    /// out), largest first: shared by the ranker and the realisation forecast.
    /// </summary>
    internal static IReadOnlyList<FeatureImportance> From(Features.FeatureSchema schema, float[] contributions, int rows)
    {
        var columns = schema.Count;
        var sums = new double[columns];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                sums[c] += Math.Abs(contributions[r * (columns + 1) + c]);
            }
        }
        var total = sums.Sum();
        return schema.Features
            .Select((f, c) => new FeatureImportance(f.Name, rows == 0 ? 0 : sums[c] / rows, total > 0 ? sums[c] / total : 0))
            .OrderByDescending(i => i.MeanAbsContribution)
            .ToList();
    }
}
