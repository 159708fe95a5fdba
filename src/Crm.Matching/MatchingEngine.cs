using System.Diagnostics;
using Crm.Matching.Data;
using Crm.Matching.Evaluation;
using Crm.Matching.Features;
using Crm.Matching.Native;
using Crm.Matching.Training;

namespace Crm.Matching;

/// <summary>What the engine is doing, for progress bars: a stage key and the share of it done (0–1).</summary>
public sealed record EngineProgress(string Stage, double Fraction);

/// <summary>The outcome of training: the model bytes and everything the registry keeps beside them.</summary>
public sealed record TrainingResult(
    PairKind Kind,
    FeatureSchema Schema,
    byte[] Model,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    TrainingOptions Options,
    int TrainingPairs,
    int TrainingQueries,
    int ValidationPairs,
    int ValidationQueries,
    MethodComparison Validation,
    IReadOnlyList<FeatureImportance> Importance,
    TimeSpan FeatureTime,
    TimeSpan TrainingTime,
    TimeSpan ValidationTime);

/// <summary>One reason behind a proposal: a feature, its value for the pair, and how far it moved the score.</summary>
public sealed record Reason(string Feature, float Value, float Contribution);

/// <summary>A proposed pair: a buyer (or team) and an exhibitor, with the model's score, the rank in the buyer's list and why.</summary>
public sealed record Proposal(int CounterpartId, int ExhibitorId, float Score, int Rank, IReadOnlyList<Reason> Reasons);

/// <summary>What scoring an edition did and how long each part took.</summary>
public sealed record EditionScoring(
    PairKind Kind,
    int Edition,
    IReadOnlyList<Proposal> Proposals,
    int Queries,
    long PairsScored,
    TimeSpan Elapsed);

/// <summary>
/// The matchmaking engine over one snapshot of the data: candidates with blocking, features, LambdaMART training,
/// evaluation beside the baseline and random, and scoring with explanations (SPEC §4). Thread-safe once built.
/// </summary>
public sealed class MatchingEngine
{
    /// <summary>Reasons kept per proposal: the features that moved its score most, up or down.</summary>
    public const int ReasonsPerProposal = 5;

    private readonly MatchingIndex _index;
    private readonly OutcomeLookup _outcomes;

    public MatchingEngine(MatchingData data)
    {
        _index = new MatchingIndex(data);
        _outcomes = new OutcomeLookup(data.Outcomes);
    }

    /// <summary>
    /// Explanations by exact TreeSHAP, or (the default) by Saabas' path attribution, which is many times cheaper when a
    /// whole edition is explained; both sum to the score. See docs/matching.md.
    /// </summary>
    public bool ExactExplanations { get; init; }

    /// <summary>
    /// Trains a ranker on the outcomes of <see cref="TrainingOptions.Editions"/>. Queries (buyers or teams) are split by
    /// a hash into training and validation; the validation queries keep every candidate, so their metrics compare the
    /// model, the baseline and random exactly as an evaluation on a new edition would.
    /// </summary>
    public TrainingResult Train(PairKind kind, TrainingOptions options, IProgress<EngineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (options.Editions.Count == 0)
        {
            throw new ArgumentException("Choose at least one edition to train on.", nameof(options));
        }
        var space = PairSpace.For(kind, _index);
        var builder = new DatasetBuilder(space, _outcomes);
        var clock = Stopwatch.StartNew();
        progress?.Report(new EngineProgress("features", 0));
        var train = builder.Build(new DatasetSpec(options.Editions, (e, q) => !IsValidation(e, q, options), options.NegativesPerQuery, true, options.Seed), cancellationToken);
        progress?.Report(new EngineProgress("features", 0.7));
        var validation = builder.Build(new DatasetSpec(options.Editions, (e, q) => IsValidation(e, q, options), null, true, options.Seed), cancellationToken);
        progress?.Report(new EngineProgress("features", 1));
        if (train.Rows == 0 || train.GroupSizes.Length < 2)
        {
            throw new InsufficientTrainingDataException(kind, options.Editions);
        }
        var featureTime = clock.Elapsed;

        clock.Restart();
        var parameters = options.BoosterParameters();
        byte[] model;
        using (var matrix = DMatrix.FromDense(train.Features, train.Rows, train.Columns))
        {
            matrix.SetLabels(train.Labels);
            matrix.SetGroups(train.GroupSizes);
            model = BoosterTrainer.Train(matrix, parameters, options.Rounds, null,
                p => progress?.Report(new EngineProgress("training", (double)p.Round / p.Rounds)), cancellationToken);
        }
        var trainingTime = clock.Elapsed;

        clock.Restart();
        progress?.Report(new EngineProgress("validation", 0));
        using var ranker = RankerModel.Load(kind, space.Schema.Version, model);
        var comparison = validation.Rows == 0
            ? new MethodComparison(Empty, Empty, Empty)
            : Compare(ranker, validation);
        var importance = Importance(ranker, validation.Rows > 0 ? validation : train);
        progress?.Report(new EngineProgress("validation", 1));
        return new TrainingResult(kind, space.Schema, model, parameters, options, train.Rows, train.GroupSizes.Length,
            validation.Rows, validation.GroupSizes.Length, comparison, importance, featureTime, trainingTime, clock.Elapsed);
    }

    /// <summary>
    /// Evaluates a model on one edition: every query with an outcome, every candidate after blocking, the model beside
    /// the baseline and random with the same tie-breaks.
    /// </summary>
    public MethodComparison Evaluate(RankerModel model, int testEdition, CancellationToken cancellationToken = default)
    {
        var space = PairSpace.For(model.Kind, _index);
        var test = new DatasetBuilder(space, _outcomes).Build(new DatasetSpec([testEdition], (_, _) => true, null, true, 0), cancellationToken);
        if (test.Rows == 0)
        {
            throw new InsufficientTrainingDataException(model.Kind, [testEdition]);
        }
        return Compare(model, test);
    }

    /// <summary>
    /// Scores every candidate pair of an edition and keeps each query's top <paramref name="topN"/> with reasons.
    /// Work is split into batches of queries over <paramref name="threads"/> .NET threads, each predicting with one
    /// native thread; the result does not depend on the thread count.
    /// </summary>
    public EditionScoring ScoreEdition(RankerModel model, int edition, int topN, int threads, IProgress<EngineProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var space = PairSpace.For(model.Kind, _index);
        return Score(space, model, edition, space.Queries(edition), topN, threads, progress, cancellationToken);
    }

    /// <summary>Scores only the given buyers (or teams) of an edition: incremental re-scoring after a change.</summary>
    public EditionScoring ScoreQueries(RankerModel model, int edition, IEnumerable<int> counterpartIds, int topN, int threads = 1, CancellationToken cancellationToken = default)
    {
        var space = PairSpace.For(model.Kind, _index);
        var queries = new List<int>();
        foreach (var id in counterpartIds.Distinct())
        {
            var found = model.Kind == PairKind.Procurement ? _index.TryBuyer(id, out var q) && _index.Buyers[q].Edition == edition : _index.TryTeam(id, out q);
            if (found)
            {
                queries.Add(q);
            }
        }
        return Score(space, model, edition, queries, topN, threads, null, cancellationToken);
    }

    /// <summary>The buyers (or teams) of an edition whose candidates include the exhibitor: who to re-score when it changes.</summary>
    public IReadOnlyList<int> CounterpartsOf(PairKind kind, int edition, int exhibitorId)
    {
        if (!_index.TryExhibitor(exhibitorId, out var position) || _index.Exhibitors[position].Edition != edition)
        {
            return [];
        }
        var space = PairSpace.For(kind, _index);
        var result = new List<int>();
        var candidates = new List<int>();
        foreach (var q in space.Queries(edition))
        {
            candidates.Clear();
            space.Candidates(edition, q, candidates);
            if (candidates.Contains(position))
            {
                result.Add(space.QueryId(q));
            }
        }
        return result;
    }

    private static readonly MethodMetrics Empty = new(double.NaN, double.NaN, double.NaN, 0);

    private static bool IsValidation(int edition, int queryId, TrainingOptions options) =>
        StableRandom.Unit(edition, queryId, options.Seed) < options.ValidationFraction;

    private static MethodComparison Compare(RankerModel model, RankingDataset data)
    {
        var scores = PredictAll(model, data);
        var random = new float[data.Rows];
        for (var i = 0; i < random.Length; i++)
        {
            random[i] = StableRandom.Unit(i, data.ExhibitorIds[i], 104_729);
        }
        return new MethodComparison(
            RankingMetrics.Evaluate(scores, data.Labels, data.TieBreak, data.GroupSizes),
            RankingMetrics.Evaluate(data.Baseline, data.Labels, data.TieBreak, data.GroupSizes),
            RankingMetrics.Evaluate(random, data.Labels, data.TieBreak, data.GroupSizes));
    }

    private static float[] PredictAll(RankerModel model, RankingDataset data)
    {
        const int chunk = 65_536;
        var scores = new float[data.Rows];
        var chunks = (data.Rows + chunk - 1) / chunk;
        Parallel.For(0, chunks, c =>
        {
            var start = c * chunk;
            var rows = Math.Min(chunk, data.Rows - start);
            var part = model.Predict(data.Features.AsSpan(start * data.Columns, rows * data.Columns), rows);
            part.CopyTo(scores, start);
        });
        return scores;
    }

    /// <summary>
    /// Rows the feature importance is measured on, spread evenly over the validation queries. Exact TreeSHAP costs about
    /// 1.7 ms a row with the default 150 trees on 2 cores: the first 5,000 rows took 9 s of a 36 s training on the full
    /// seed, and came from the first few queries only.
    /// </summary>
    internal const int ImportanceRows = 1_000;

    /// <summary>Mean |SHAP| per feature over <see cref="ImportanceRows"/> rows spread evenly over the data.</summary>
    private static IReadOnlyList<FeatureImportance> Importance(RankerModel model, RankingDataset data)
    {
        var rows = Math.Min(data.Rows, ImportanceRows);
        var sample = new float[rows * data.Columns];
        for (var i = 0; i < rows; i++)
        {
            var row = (int)((long)i * data.Rows / rows);
            data.Features.AsSpan(row * data.Columns, data.Columns).CopyTo(sample.AsSpan(i * data.Columns));
        }
        return FeatureImportance.From(model.Schema, model.Contributions(sample, rows), rows);
    }

    private EditionScoring Score(PairSpace space, RankerModel model, int edition, IReadOnlyList<int> queries, int topN, int threads,
        IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        if (model.Schema.Version != space.Schema.Version)
        {
            throw new FeatureSchemaMismatchException(space.Schema.Version, model.Schema.Version);
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(topN, 1);
        var clock = Stopwatch.StartNew();
        const int batchSize = 64;
        var batches = (queries.Count + batchSize - 1) / batchSize;
        var results = new List<Proposal>[batches];
        long pairs = 0;
        var done = 0;
        var history = _index.History.Before(edition);
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken }, b =>
        {
            var from = b * batchSize;
            var to = Math.Min(queries.Count, from + batchSize);
            results[b] = ScoreBatch(space, model, history, edition, queries, from, to, topN, ExactExplanations, out var scored);
            Interlocked.Add(ref pairs, scored);
            var finished = Interlocked.Increment(ref done);
            progress?.Report(new EngineProgress("scoring", (double)finished / batches));
        });
        return new EditionScoring(model.Kind, edition, results.SelectMany(r => r).ToList(), queries.Count, pairs, clock.Elapsed);
    }

    private static List<Proposal> ScoreBatch(PairSpace space, RankerModel model, EditionHistory history, int edition,
        IReadOnlyList<int> queries, int from, int to, int topN, bool exact, out long scored)
    {
        var columns = space.Schema.Count;
        var index = space.Index;
        var candidates = new List<int>();
        var owners = new List<int>();
        var starts = new List<int>();
        for (var i = from; i < to; i++)
        {
            starts.Add(candidates.Count);
            space.Candidates(edition, queries[i], candidates);
            while (owners.Count < candidates.Count)
            {
                owners.Add(i);
            }
        }
        starts.Add(candidates.Count);
        scored = candidates.Count;
        var features = new float[candidates.Count * columns];
        for (var r = 0; r < candidates.Count; r++)
        {
            space.Compute(history, queries[owners[r]], candidates[r], features.AsSpan(r * columns, columns));
        }
        var scores = model.Predict(features, candidates.Count);

        // Each query's top N, best first; equal scores by exhibitor id so the order is stable.
        var top = new List<int>();
        var topStarts = new List<int>();
        for (var q = 0; q < to - from; q++)
        {
            topStarts.Add(top.Count);
            var rows = Enumerable.Range(starts[q], starts[q + 1] - starts[q])
                .OrderByDescending(r => scores[r])
                .ThenBy(r => index.Exhibitors[candidates[r]].Id)
                .Take(topN);
            top.AddRange(rows);
        }
        topStarts.Add(top.Count);
        var chosen = new float[top.Count * columns];
        for (var i = 0; i < top.Count; i++)
        {
            features.AsSpan(top[i] * columns, columns).CopyTo(chosen.AsSpan(i * columns, columns));
        }
        var contributions = model.Contributions(chosen, top.Count, !exact);

        var proposals = new List<Proposal>(top.Count);
        for (var q = 0; q < to - from; q++)
        {
            var queryId = space.QueryId(queries[from + q]);
            for (var i = topStarts[q]; i < topStarts[q + 1]; i++)
            {
                var row = top[i];
                var reasons = Reasons(space.Schema, chosen.AsSpan(i * columns, columns), contributions.AsSpan(i * (columns + 1), columns));
                proposals.Add(new Proposal(queryId, index.Exhibitors[candidates[row]].Id, scores[row], i - topStarts[q] + 1, reasons));
            }
        }
        return proposals;
    }

    private static Reason[] Reasons(FeatureSchema schema, ReadOnlySpan<float> values, ReadOnlySpan<float> contributions)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var c = contributions.ToArray();
        var v = values.ToArray();
        Array.Sort(order, (a, b) => Math.Abs(c[b]).CompareTo(Math.Abs(c[a])) is var d && d != 0 ? d : a.CompareTo(b));
        return order.Take(ReasonsPerProposal)
            .Where(i => c[i] != 0)
            .Select(i => new Reason(schema.Features[i].Name, v[i], c[i]))
            .ToArray();
    }
}

/// <summary>The chosen editions hold no outcome to learn from (or to test on).</summary>
public sealed class InsufficientTrainingDataException(PairKind kind, IReadOnlyList<int> editions)
    : Exception($"Editions {string.Join(", ", editions)} have no {kind.ToString().ToLowerInvariant()} outcomes to learn from or test on.")
{
    public PairKind Kind { get; } = kind;
    public IReadOnlyList<int> Editions { get; } = editions;
}
