using System.Diagnostics;
using Crm.Matching.Data;
using Crm.Matching.Evaluation;
using Crm.Matching.Features;
using Crm.Matching.Native;
using Crm.Matching.Training;

namespace Crm.Matching.Forecast;

/// <summary>Where a deal stood on the day it was looked at, for the fixed stage probabilities a CRM uses.</summary>
public enum ForecastStage { IntentSigned, ContractSigned }

/// <summary>
/// What training learned beside the trees: the base rate of its rows and the fixed stage probabilities (the share of the
/// training deals that reached a stage and became real by the end of the data), the two baselines a forecast must beat.
/// </summary>
public sealed record ForecastBaselines(double BaseRate, IReadOnlyDictionary<ForecastStage, double> StageRates)
{
    public double Stage(ForecastStage stage) => StageRates.TryGetValue(stage, out var rate) ? rate : BaseRate;
}

/// <summary>The outcome of training: the model and everything the registry keeps beside it.</summary>
public sealed record RealisationTraining(
    PairKind Kind,
    FeatureSchema Schema,
    byte[] Model,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    ForecastOptions Options,
    int Rows,
    int Deals,
    int Positives,
    ForecastBaselines Baselines,
    LeadTimes LeadTimes,
    IReadOnlyList<FeatureImportance> Importance,
    TimeSpan TrainingTime);

/// <summary>The model and the two baselines, scored on the same rows.</summary>
public sealed record ForecastComparison(ProbabilityMetrics Model, ProbabilityMetrics BaseRate, ProbabilityMetrics StageProbabilities)
{
    /// <summary>The gate for activation: a lower Brier score than both baselines.</summary>
    public bool ModelBeatsBaselines => Model.Brier < BaseRate.Brier && Model.Brier < StageProbabilities.Brier;
}

/// <summary>
/// A model trained on some editions and scored on a later one it never saw: every row of the test edition (each deal on
/// each day it was looked at), and the forecasts made on the day of the intent only.
/// </summary>
public sealed record RealisationEvaluation(
    PairKind Kind,
    IReadOnlyList<int> TrainEditions,
    int TestEdition,
    int HorizonDays,
    int Deals,
    int Rows,
    int Positives,
    ForecastComparison AllDays,
    ForecastComparison AtIntent,
    RealisationTraining Training);

/// <summary>One reason behind a forecast: a feature, its value for the deal, and how far it moved the log-odds.</summary>
public sealed record ForecastReason(string Feature, float Value, float Contribution);

/// <summary>A deal's forecast on a day: the probability that its value becomes real within the horizon, when, and why.</summary>
/// <param name="LikelyBy">The day by which half of the similar realised deals had become real, if known.</param>
/// <param name="ProbabilityIfIdle">
/// The forecast <see cref="ForecastEngine.IdleDays"/> days later if nothing happens meanwhile (no activity, no contract):
/// how the chance falls while a deal goes stale.
/// </param>
public sealed record RealisationForecast(int DealId, double Probability, DateOnly? LikelyBy, IReadOnlyList<ForecastReason> Reasons,
    double? ProbabilityIfIdle = null);

/// <summary>
/// The realisation forecast over one snapshot of the data: which signed intents become real (a contract signed, a
/// project landed) within a horizon, learned from past editions with gradient-boosted trees (binary logistic) through the
/// same native library as the ranker. Thread-safe once built.
/// </summary>
public sealed class ForecastEngine
{
    /// <summary>Reasons kept per forecast: the features that moved it most, up or down.</summary>
    public const int ReasonsPerForecast = 4;

    /// <summary>How far ahead the "if nothing happens" forecast looks.</summary>
    public const int IdleDays = 90;

    private readonly ForecastData _data;
    private readonly MatchingIndex _index;
    private readonly Dictionary<PairKind, RealisationFeatures> _features = [];

    public ForecastEngine(ForecastData data)
    {
        _data = data;
        _index = new MatchingIndex(data.Matching);
        foreach (var kind in Enum.GetValues<PairKind>())
        {
            _features[kind] = new RealisationFeatures(kind, _index, data.Deals);
        }
    }

    /// <summary>The realisation feature schema of a kind as this build computes it.</summary>
    public static FeatureSchema Schema(PairKind kind) => RealisationFeatures.For(kind);

    /// <summary>Checks that a stored realisation model's schema is the one this build computes.</summary>
    public static FeatureSchema RequireSchema(PairKind kind, string storedVersion) => RealisationFeatures.Require(kind, storedVersion);

    /// <summary>
    /// The editions whose deals a model can learn from: those with at least one complete forecast window (an intent
    /// looked at on its day, and the horizon over before outcomes stop being known).
    /// </summary>
    public IReadOnlyList<int> CompleteEditions(PairKind kind, int horizonDays = ForecastOptions.DefaultHorizonDays) =>
        _data.Deals.Where(d => d.Kind == kind && d.IntentSignedOn.AddDays(horizonDays) <= _data.OutcomesKnownUntil)
            .Select(d => d.Edition).Distinct().Order().ToList();

    /// <summary>Trains a realisation model on the rows of <see cref="ForecastOptions.Editions"/>.</summary>
    public RealisationTraining Train(PairKind kind, ForecastOptions options, IProgress<EngineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Editions.Count == 0)
        {
            throw new ArgumentException("Choose at least one edition to train on.", nameof(options));
        }
        var features = _features[kind];
        progress?.Report(new EngineProgress("features", 0));
        var rows = Rows(kind, options.Editions, options);
        if (rows.Count == 0 || rows.All(r => r.Realised) || rows.All(r => !r.Realised))
        {
            throw new InsufficientForecastDataException(kind, options.Editions);
        }
        var matrix = Features(features, rows);
        var labels = rows.Select(r => r.Realised ? 1f : 0f).ToArray();
        progress?.Report(new EngineProgress("features", 1));
        cancellationToken.ThrowIfCancellationRequested();

        var clock = Stopwatch.StartNew();
        var parameters = options.BoosterParameters();
        byte[] model;
        using (var dmatrix = DMatrix.FromDense(matrix, rows.Count, features.Schema.Count))
        {
            dmatrix.SetLabels(labels);
            model = BoosterTrainer.Train(dmatrix, parameters, options.Rounds, null,
                p => progress?.Report(new EngineProgress("training", (double)p.Round / p.Rounds)), cancellationToken);
        }
        var trainingTime = clock.Elapsed;

        var leadTimes = LearnLeadTimes(rows, options);
        using var loaded = RealisationModel.Load(kind, features.Schema.Version, model, leadTimes);
        var importance = Importance(loaded, matrix, rows.Count);
        var deals = rows.Select(r => r.Deal.Id).Distinct().Count();
        return new RealisationTraining(kind, features.Schema, model, parameters, options, rows.Count, deals,
            rows.Count(r => r.Realised), Baselines(kind, options.Editions, rows), leadTimes, importance, trainingTime);
    }

    /// <summary>
    /// Trains on <paramref name="options"/>' editions and scores the model and both baselines on <paramref name="testEdition"/>,
    /// an edition the model never saw, on every complete window of its deals.
    /// </summary>
    public RealisationEvaluation Evaluate(PairKind kind, ForecastOptions options, int testEdition,
        IProgress<EngineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Editions.Contains(testEdition))
        {
            throw new ArgumentException($"Edition {testEdition} is both trained on and tested on.", nameof(testEdition));
        }
        var training = Train(kind, options, progress, cancellationToken);
        var rows = Rows(kind, [testEdition], options);
        if (rows.Count == 0)
        {
            throw new InsufficientForecastDataException(kind, [testEdition]);
        }
        using var model = RealisationModel.Load(kind, training.Schema.Version, training.Model, training.LeadTimes);
        var predicted = model.Predict(Features(_features[kind], rows), rows.Count);
        var atIntent = Enumerable.Range(0, rows.Count).Where(i => rows[i].Day == rows[i].Deal.IntentSignedOn).ToArray();
        return new RealisationEvaluation(kind, options.Editions, testEdition, options.HorizonDays,
            rows.Select(r => r.Deal.Id).Distinct().Count(), rows.Count, rows.Count(r => r.Realised),
            Compare(rows, predicted, training.Baselines, Enumerable.Range(0, rows.Count).ToArray()),
            Compare(rows, predicted, training.Baselines, atIntent), training);
    }

    /// <summary>
    /// The forecasts of <paramref name="deals"/> on <paramref name="day"/>: deals of the model's kind that have signed an
    /// intent by then and are neither realised nor lost. Deals whose parties are not in the data are left out.
    /// </summary>
    public IReadOnlyList<RealisationForecast> Forecast(RealisationModel model, IEnumerable<DealInput> deals, DateOnly day)
    {
        var features = _features[model.Kind];
        var open = deals.Where(d => d.Kind == model.Kind && d.IntentSignedOn <= day && !d.RealisedBy(day)
            && !(d.LostOn is { } lost && lost <= day) && features.Knows(d)).ToList();
        if (open.Count == 0)
        {
            return [];
        }
        var columns = features.Schema.Count;
        var matrix = new float[open.Count * columns];
        var idle = new float[open.Count * columns];
        for (var i = 0; i < open.Count; i++)
        {
            features.Compute(open[i], day, matrix.AsSpan(i * columns, columns));
            // The same deal looked at later with nothing recorded in between (the day is today: nothing is recorded after it).
            features.Compute(open[i], day.AddDays(IdleDays), idle.AsSpan(i * columns, columns));
        }
        var probabilities = model.Predict(matrix, open.Count);
        var idleProbabilities = model.Predict(idle, open.Count);
        var contributions = model.Contributions(matrix, open.Count);
        var result = new List<RealisationForecast>(open.Count);
        for (var i = 0; i < open.Count; i++)
        {
            var age = day.DayNumber - open[i].IntentSignedOn.DayNumber;
            var lead = model.LeadTimes.For(age);
            var reasons = Enumerable.Range(0, columns)
                .Select(c => new ForecastReason(features.Schema.Features[c].Name, matrix[i * columns + c], contributions[i * (columns + 1) + c]))
                .Where(r => r.Contribution != 0)
                .OrderByDescending(r => Math.Abs(r.Contribution)).ThenBy(r => r.Feature, StringComparer.Ordinal)
                .Take(ReasonsPerForecast).ToList();
            result.Add(new RealisationForecast(open[i].Id, probabilities[i], lead is null ? null : day.AddDays(lead.MedianDays), reasons, idleProbabilities[i]));
        }
        return result;
    }

    /// <summary>A deal on a day it was looked at, and whether its value became real within the horizon after that day.</summary>
    internal readonly record struct Row(DealInput Deal, DateOnly Day, bool Realised, ForecastStage Stage);

    /// <summary>
    /// The rows of the editions' deals of a kind: each deal on each snapshot day (days after the intent) while it is
    /// neither realised nor lost, as long as the horizon after that day ends before outcomes stop being known.
    /// </summary>
    internal List<Row> Rows(PairKind kind, IReadOnlyList<int> editions, ForecastOptions options)
    {
        var wanted = editions.ToHashSet();
        var features = _features[kind];
        var rows = new List<Row>();
        foreach (var deal in _data.Deals.Where(d => d.Kind == kind && wanted.Contains(d.Edition) && features.Knows(d)).OrderBy(d => d.Id))
        {
            foreach (var age in options.SnapshotDays)
            {
                var day = deal.IntentSignedOn.AddDays(age);
                if (day.AddDays(options.HorizonDays) > _data.OutcomesKnownUntil || deal.RealisedBy(day) || deal.LostOn is { } lost && lost <= day)
                {
                    break;
                }
                var stage = deal.Kind == PairKind.Investment && deal.ContractSignedOn is { } contract && contract <= day
                    ? ForecastStage.ContractSigned : ForecastStage.IntentSigned;
                rows.Add(new Row(deal, day, deal.RealisedBy(day.AddDays(options.HorizonDays)), stage));
            }
        }
        return rows;
    }

    private static float[] Features(RealisationFeatures features, List<Row> rows)
    {
        var columns = features.Schema.Count;
        var matrix = new float[rows.Count * columns];
        for (var i = 0; i < rows.Count; i++)
        {
            features.Compute(rows[i].Deal, rows[i].Day, matrix.AsSpan(i * columns, columns));
        }
        return matrix;
    }

    /// <summary>
    /// The base rate of the training rows, and per stage the share of the training deals that reached it and became real
    /// by the end of the data: what a CRM with fixed stage probabilities would say, whatever the deal's age.
    /// </summary>
    private ForecastBaselines Baselines(PairKind kind, IReadOnlyList<int> editions, List<Row> rows)
    {
        var wanted = editions.ToHashSet();
        var deals = _data.Deals.Where(d => d.Kind == kind && wanted.Contains(d.Edition)).ToList();
        var known = _data.OutcomesKnownUntil;
        var rates = new Dictionary<ForecastStage, double>
        {
            [ForecastStage.IntentSigned] = Share(deals, d => d.RealisedBy(known)),
        };
        var contracted = deals.Where(d => d.ContractSignedOn is { } c && c <= known && kind == PairKind.Investment).ToList();
        if (contracted.Count > 0)
        {
            rates[ForecastStage.ContractSigned] = Share(contracted, d => d.RealisedBy(known));
        }
        return new ForecastBaselines((double)rows.Count(r => r.Realised) / rows.Count, rates);
    }

    private static double Share(List<DealInput> deals, Func<DealInput, bool> realised) =>
        deals.Count == 0 ? 0 : (double)deals.Count(realised) / deals.Count;

    private static LeadTimes LearnLeadTimes(List<Row> rows, ForecastOptions options)
    {
        var byAge = new List<LeadTime>();
        foreach (var group in rows.Where(r => r.Realised).GroupBy(r => r.Day.DayNumber - r.Deal.IntentSignedOn.DayNumber).OrderBy(g => g.Key))
        {
            var days = group.Select(r => r.Deal.RealisedOn!.Value.DayNumber - r.Day.DayNumber).Order().ToArray();
            byAge.Add(new LeadTime(group.Key, days.Length, Quantile(days, 0.25), Quantile(days, 0.5), Quantile(days, 0.75)));
        }
        return new LeadTimes(byAge);
    }

    private static int Quantile(int[] sorted, double q) => sorted[(int)Math.Round(q * (sorted.Length - 1))];

    private static ForecastComparison Compare(List<Row> rows, float[] predicted, ForecastBaselines baselines, int[] subset)
    {
        var outcomes = subset.Select(i => rows[i].Realised).ToArray();
        var model = subset.Select(i => Math.Clamp((double)predicted[i], 0, 1)).ToArray();
        var baseRate = subset.Select(_ => baselines.BaseRate).ToArray();
        var stage = subset.Select(i => baselines.Stage(rows[i].Stage)).ToArray();
        return new ForecastComparison(CalibrationMetrics.Evaluate(model, outcomes), CalibrationMetrics.Evaluate(baseRate, outcomes),
            CalibrationMetrics.Evaluate(stage, outcomes));
    }

    private static IReadOnlyList<FeatureImportance> Importance(RealisationModel model, float[] matrix, int rows) =>
        FeatureImportance.From(model.Schema, model.Contributions(matrix, rows), rows);
}

/// <summary>The chosen editions hold no deal with a complete forecast window, or only deals of one outcome.</summary>
public sealed class InsufficientForecastDataException(PairKind kind, IReadOnlyList<int> editions)
    : Exception($"No {kind} deals of editions {string.Join(", ", editions)} to learn from: a forecast needs signed intents whose " +
        "year of follow-up is over, some realised and some not.")
{
    public PairKind Kind { get; } = kind;
    public IReadOnlyList<int> Editions { get; } = editions;
}
