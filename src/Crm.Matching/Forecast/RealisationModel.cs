using Crm.Matching.Data;
using Crm.Matching.Features;
using Crm.Matching.Native;

namespace Crm.Matching.Forecast;

/// <summary>
/// A trained realisation model ready to serve: the native booster (binary logistic) loaded from its saved bytes, the
/// feature schema it was trained with, and the lead times it learned. Thread-safe for prediction.
/// </summary>
public sealed class RealisationModel : IDisposable
{
    private readonly BoosterModel _booster;

    private RealisationModel(FeatureSchema schema, byte[] bytes, BoosterModel booster, LeadTimes leadTimes)
    {
        Schema = schema;
        Bytes = bytes;
        LeadTimes = leadTimes;
        _booster = booster;
    }

    public FeatureSchema Schema { get; }
    public PairKind Kind => Schema.Kind;

    /// <summary>The model as saved (XGBoost UBJ): what the registry stores.</summary>
    public byte[] Bytes { get; }

    /// <summary>How long realised deals took from a given age, learned with the model.</summary>
    public LeadTimes LeadTimes { get; }

    /// <summary>Loads a saved model, checking that its schema is the one this build computes and that the column counts agree.</summary>
    public static RealisationModel Load(PairKind kind, string schemaVersion, byte[] bytes, LeadTimes leadTimes)
    {
        var schema = RealisationFeatures.Require(kind, schemaVersion);
        var booster = BoosterModel.Load(bytes);
        if (booster.FeatureCount != schema.Count)
        {
            booster.Dispose();
            throw new FeatureSchemaMismatchException(schema.Version, $"{schemaVersion} with {booster.FeatureCount} columns");
        }
        return new RealisationModel(schema, bytes, booster, leadTimes);
    }

    /// <summary>The probability of each row (features laid out as the schema says).</summary>
    public float[] Predict(ReadOnlySpan<float> features, int rows)
    {
        if (rows == 0)
        {
            return [];
        }
        using var matrix = DMatrix.FromDense(features[..(rows * Schema.Count)], rows, Schema.Count);
        return _booster.Predict(matrix);
    }

    /// <summary>Exact TreeSHAP contributions in log-odds, rows × (features + 1), the last column the bias.</summary>
    public float[] Contributions(ReadOnlySpan<float> features, int rows)
    {
        if (rows == 0)
        {
            return [];
        }
        using var matrix = DMatrix.FromDense(features[..(rows * Schema.Count)], rows, Schema.Count);
        return _booster.PredictContributions(matrix);
    }

    public void Dispose() => _booster.Dispose();
}

/// <summary>
/// How many days realised deals took to become real, counted from the day they were looked at, by that day's age of the
/// deal (days since the intent): the median and quartiles of the training rows whose event happened.
/// </summary>
public sealed record LeadTimes(IReadOnlyList<LeadTime> ByAge)
{
    public static readonly LeadTimes None = new([]);

    /// <summary>The lead time learned for the largest age not above <paramref name="ageDays"/>; null when none was learned.</summary>
    public LeadTime? For(int ageDays) => ByAge.Where(l => l.AgeDays <= ageDays).MaxBy(l => l.AgeDays) ?? ByAge.FirstOrDefault();
}

/// <param name="AgeDays">Days since the intent on the day the deal was looked at.</param>
/// <param name="Rows">Training rows of that age whose value became real within the horizon.</param>
public sealed record LeadTime(int AgeDays, int Rows, int LowerQuartileDays, int MedianDays, int UpperQuartileDays);
