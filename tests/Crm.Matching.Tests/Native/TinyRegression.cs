using Crm.Matching.Native;

namespace Crm.Matching.Tests.Native;

/// <summary>
/// A fixed tiny regression problem and the model trained on it. The data are closed formulas in float32, so the same
/// rows can be built outside .NET (the golden values were cross-checked that way, see <see cref="GoldenPredictionTests"/>):
/// for r = 0..39, x0 = (r mod 10) / 10, x1 = (7r mod 13) / 13, x2 = (3r mod 8) / 8, y = 2·x0 − x1 + (x2 &gt; 0.5 ? 1 : 0).
/// </summary>
internal static class TinyRegression
{
    public const int Rows = 40;
    public const int Columns = 3;
    public const int Rounds = 3;

    /// <summary>Squared error, so that a prediction is its margin; base_score given, as XGBoost 2 would otherwise estimate it.</summary>
    public static readonly KeyValuePair<string, string>[] Parameters =
    [
        new("objective", "reg:squarederror"),
        new("tree_method", "hist"),
        new("max_depth", "2"),
        new("eta", "0.5"),
        new("base_score", "0.5"),
        new("nthread", "1"),
        new("seed", "0"),
    ];

    public static float[] Features()
    {
        var x = new float[Rows * Columns];
        for (var r = 0; r < Rows; r++)
        {
            x[r * Columns] = r % 10 / 10f;
            x[r * Columns + 1] = r * 7 % 13 / 13f;
            x[r * Columns + 2] = r * 3 % 8 / 8f;
        }
        return x;
    }

    public static float[] Labels()
    {
        var x = Features();
        var y = new float[Rows];
        for (var r = 0; r < Rows; r++)
        {
            y[r] = 2f * x[r * Columns] - x[r * Columns + 1] + (x[r * Columns + 2] > 0.5f ? 1f : 0f);
        }
        return y;
    }

    public static DMatrix Matrix()
    {
        var matrix = DMatrix.FromDense(Features(), Rows, Columns);
        matrix.SetLabels(Labels());
        return matrix;
    }

    public static byte[] Train()
    {
        using var matrix = Matrix();
        return BoosterTrainer.Train(matrix, Parameters, Rounds);
    }

    public static BoosterModel Model() => BoosterModel.Load(Train());
}
