using Crm.Matching.Training;

namespace Crm.Matching.Forecast;

/// <summary>
/// How a realisation model is trained: which editions' deals, the forecast window, the days after the intent on which a
/// deal is looked at, and the gradient-boosted trees' parameters. The defaults are the ones documented in docs/forecast.md.
/// </summary>
public sealed record ForecastOptions
{
    /// <summary>Editions whose deals are learned from.</summary>
    public required IReadOnlyList<int> Editions { get; init; }

    /// <summary>The forecast says whether the value becomes real within this many days of the day it is made.</summary>
    public int HorizonDays { get; init; } = DefaultHorizonDays;

    public const int DefaultHorizonDays = 365;

    /// <summary>
    /// The days after the intent on which a past deal is looked at, while it is neither realised nor lost: one training row
    /// each, so the model learns how the chance falls as a deal ages without news.
    /// </summary>
    public IReadOnlyList<int> SnapshotDays { get; init; } = [0, 30, 60, 90, 120, 180, 270, 365, 540];

    public int Rounds { get; init; } = 300;
    public double LearningRate { get; init; } = 0.03;
    public int MaxDepth { get; init; } = 3;
    public double MinChildWeight { get; init; } = 50;
    public double Subsample { get; init; } = 0.8;
    public double ColumnSample { get; init; } = 0.9;
    public int Seed { get; init; } = 20181105;

    /// <summary>Native training threads; fixed, because results depend on it.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>The XGBoost parameters, in a fixed order (stored with the model).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BoosterParameters() =>
        TreeParameters.Of("binary:logistic", "logloss", LearningRate, MaxDepth, MinChildWeight, Subsample, ColumnSample, Threads, Seed);
}
