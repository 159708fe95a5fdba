using Crm.Matching.Native;

namespace Crm.Matching.Tests.Native;

/// <summary>
/// A small fixed ranking problem: 30 queries of 6 to 14 candidates, 5 features, relevance 0–3 mostly driven by two of
/// the features, plus noise (a seeded <see cref="Random"/>, so the rows are the same on every run).
/// </summary>
internal static class RankingSample
{
    public const int Columns = 5;

    /// <summary>The typical ranker parameters; sampling rows and columns makes the seed matter.</summary>
    public static KeyValuePair<string, string>[] Parameters(int seed = 7) =>
    [
        new("objective", "rank:ndcg"),
        new("eval_metric", "ndcg@10"),
        new("eta", "0.1"),
        new("max_depth", "6"),
        new("min_child_weight", "1"),
        new("subsample", "0.8"),
        new("colsample_bytree", "0.9"),
        new("tree_method", "hist"),
        new("nthread", "2"),
        new("seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    public static (float[] Features, float[] Labels, int[] GroupSizes) Build(int seed = 42, int queries = 30)
    {
        var random = new Random(seed);
        var sizes = new int[queries];
        var features = new List<float>();
        var labels = new List<float>();
        for (var q = 0; q < queries; q++)
        {
            sizes[q] = random.Next(6, 15);
            for (var c = 0; c < sizes[q]; c++)
            {
                var row = new float[Columns];
                for (var f = 0; f < Columns; f++)
                {
                    row[f] = (float)random.NextDouble();
                }
                var relevance = 3 * row[0] + 2 * row[1] + (float)random.NextDouble();
                features.AddRange(row);
                labels.Add(MathF.Floor(Math.Clamp(relevance - 1.5f, 0f, 3.99f)));
            }
        }
        return (features.ToArray(), labels.ToArray(), sizes);
    }

    public static DMatrix Matrix(int seed = 42, int queries = 30)
    {
        var (features, labels, sizes) = Build(seed, queries);
        var matrix = DMatrix.FromDense(features, labels.Length, Columns);
        matrix.SetLabels(labels);
        matrix.SetGroups(sizes);
        return matrix;
    }
}
