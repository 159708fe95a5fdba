using Crm.Matching.Data;
using Crm.Matching.Features;
using Crm.Matching.Native;

namespace Crm.Matching.Training;

/// <summary>
/// A trained ranking model ready to serve: the native booster loaded from its saved bytes with one thread per call and
/// a warm-up done, plus the feature schema it was trained with. Thread-safe for prediction.
/// </summary>
public sealed class RankerModel : IDisposable
{
    private readonly BoosterModel _booster;

    private RankerModel(FeatureSchema schema, byte[] bytes, BoosterModel booster)
    {
        Schema = schema;
        Bytes = bytes;
        _booster = booster;
    }

    public FeatureSchema Schema { get; }
    public PairKind Kind => Schema.Kind;

    /// <summary>The model as saved (XGBoost UBJ): what the registry stores.</summary>
    public byte[] Bytes { get; }

    /// <summary>Loads a saved model, checking that its schema is the one this build computes and that the column counts agree.</summary>
    public static RankerModel Load(PairKind kind, string schemaVersion, byte[] bytes)
    {
        var schema = FeatureSchema.Require(kind, schemaVersion);
        var booster = BoosterModel.Load(bytes);
        if (booster.FeatureCount != schema.Count)
        {
            booster.Dispose();
            throw new FeatureSchemaMismatchException(schema.Version, $"{schemaVersion} with {booster.FeatureCount} columns");
        }
        return new RankerModel(schema, bytes, booster);
    }

    /// <summary>Scores rows of features laid out as the schema says.</summary>
    public float[] Predict(ReadOnlySpan<float> features, int rows)
    {
        if (rows == 0)
        {
            return [];
        }
        using var matrix = DMatrix.FromDense(features[..(rows * Schema.Count)], rows, Schema.Count);
        return _booster.Predict(matrix);
    }

    /// <summary>
    /// Per-feature contributions of each row, rows × (features + 1), the last column the bias: exact TreeSHAP, or the
    /// cheaper path attribution of Saabas when <paramref name="approximate"/>.
    /// </summary>
    public float[] Contributions(ReadOnlySpan<float> features, int rows, bool approximate = false)
    {
        if (rows == 0)
        {
            return [];
        }
        using var matrix = DMatrix.FromDense(features[..(rows * Schema.Count)], rows, Schema.Count);
        return _booster.PredictContributions(matrix, approximate);
    }

    public void Dispose() => _booster.Dispose();
}
