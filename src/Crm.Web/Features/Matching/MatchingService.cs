using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Data;
using Crm.Data.Auditing;
using Crm.Data.Entities;
using Crm.Matching;
using Crm.Matching.Data;
using Crm.Matching.Evaluation;
using Crm.Matching.Training;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Matching;

/// <summary>Who asked for a model or a scoring run, as the registry and the audit trail record it.</summary>
public sealed record MatchingActor(string? UserId, string Name);

/// <summary>What a scoring run did, for the job's result and the command line.</summary>
public sealed record ScoringSummary(
    string Kind, int Edition, string ModelVersion, int Queries, long PairsScored, int Proposals,
    double LoadSeconds, double ScoringSeconds, double WritingSeconds, double PairsPerSecond, int Replaced, int Kept);

/// <summary>The three methods side by side on a held-out edition, as `crm match evaluate --json` prints them.</summary>
public sealed record EvaluationReport(
    string Kind, IReadOnlyList<int> TrainEditions, int TestEdition, int TrainingPairs, int TrainingQueries,
    MethodMetrics Model, MethodMetrics Baseline, MethodMetrics Random, bool ModelBeatsBaseline, double TrainingSeconds);

/// <summary>
/// The engine's use cases over the database, shared by the background jobs and the command line: train and register a
/// model, activate it, evaluate on a held-out edition, and score an edition into proposals. Works as the system: a model
/// learns from everyone's data, whoever asked for it (only administrators can).
/// </summary>
public sealed class MatchingService(SystemContextFactory systemContexts)
{
    /// <summary>Proposals kept per buyer and per promotion team.</summary>
    public const int ProposalsPerBuyer = 10;
    public const int ProposalsPerTeam = 20;

    /// <summary>
    /// Finding who an exhibitor touches walks every candidate pair of the edition (about 1.4 ms per exhibitor on the small
    /// seed, so of the order of a second on the full one); past this many changed exhibitors (an import) scoring the
    /// whole edition costs less.
    /// </summary>
    public const int MaxTracedExhibitors = 10;

    public static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<MatchingData> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await systemContexts.CreateDbContextAsync(cancellationToken);
        return await MatchingDataLoader.LoadAsync(db, cancellationToken);
    }

    /// <summary>The past editions with outcomes of the kind, when the caller does not choose.</summary>
    public static IReadOnlyList<int> DefaultTrainingEditions(MatchingData data, PairKind kind) => data.EditionsWithOutcomes(kind);

    /// <summary>
    /// Trains a model and stores it in the registry. It becomes the active model when it beats the baseline on its
    /// validation queries (and <paramref name="activate"/> allows); otherwise it is kept, inactive, for an administrator to judge.
    /// </summary>
    public async Task<MatchModel> TrainAsync(PairKind kind, IReadOnlyList<int>? editions, MatchingActor actor, bool activate,
        IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(cancellationToken);
        var chosen = editions is { Count: > 0 } ? editions : DefaultTrainingEditions(data, kind);
        var engine = new MatchingEngine(data);
        var result = await RunOnWorkerAsync(() => engine.Train(kind, new TrainingOptions { Editions = chosen }, progress, cancellationToken));

        using var audit = AuditScope.Begin(new AuditActor(actor.UserId, actor.Name, "TrainModel"));
        await using var db = await systemContexts.CreateDbContextAsync(cancellationToken);
        var kindName = MatchingDataLoader.Kind(kind);
        var model = new MatchModel
        {
            Kind = kindName,
            FeatureSchemaVersion = result.Schema.Version,
            FeatureSchema = result.Schema.ToJson(),
            Parameters = JsonSerializer.Serialize(new
            {
                booster = result.Parameters.ToDictionary(p => p.Key, p => p.Value),
                rounds = result.Options.Rounds,
                negativesPerQuery = result.Options.NegativesPerQuery,
                validationFraction = result.Options.ValidationFraction,
                editions = result.Options.Editions,
            }, Json),
            TrainEditionFrom = chosen.Min(),
            TrainEditionTo = chosen.Max(),
            TrainingPairs = result.TrainingPairs,
            TrainingQueries = result.TrainingQueries,
            ValidationQueries = result.ValidationQueries,
            Metrics = JsonSerializer.Serialize(result.Validation, Json),
            FeatureImportance = JsonSerializer.Serialize(result.Importance, Json),
            BeatsBaseline = result.Validation.ModelBeatsBaseline,
            ModelBytes = result.Model,
            TrainingSeconds = Math.Round(result.TrainingTime.TotalSeconds, 2),
            CreatedByUserId = actor.UserId,
            CreatedBy = actor.Name,
            CreatedAt = DateTime.UtcNow,
        };
        await ModelRegistry.AddAsync(db, model, number => $"{kind.ToString().ToLowerInvariant()}-{number}", cancellationToken);
        if (activate && model.BeatsBaseline)
        {
            await ActivateAsync(model.Id, insist: false, note: null, actor, cancellationToken);
            model.IsActive = true;
        }
        return model;
    }

    /// <summary>
    /// Makes a model the one scoring uses (and no other of its kind). A model that does not beat the baseline is refused
    /// unless <paramref name="insist"/> is set, and then the reason is kept with it.
    /// </summary>
    public async Task ActivateAsync(int modelId, bool insist, string? note, MatchingActor actor, CancellationToken cancellationToken)
    {
        using var audit = AuditScope.Begin(new AuditActor(actor.UserId, actor.Name, "ActivateModel"));
        await using var db = await systemContexts.CreateDbContextAsync(cancellationToken);
        await ModelRegistry.ActivateAsync(db, modelId, insist, note, actor.Name, cancellationToken);
    }

    /// <summary>Trains on some editions and tests on another, with the baseline and random beside the model; registers nothing.</summary>
    public static EvaluationReport Evaluate(MatchingData data, PairKind kind, IReadOnlyList<int> trainEditions, int testEdition,
        IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        if (trainEditions.Contains(testEdition))
        {
            throw new ArgumentException($"The test edition {testEdition} is among the training editions.");
        }
        var engine = new MatchingEngine(data);
        var clock = Stopwatch.StartNew();
        var result = engine.Train(kind, new TrainingOptions { Editions = trainEditions }, progress, cancellationToken);
        var trainingSeconds = clock.Elapsed.TotalSeconds;
        using var model = RankerModel.Load(kind, result.Schema.Version, result.Model);
        var comparison = engine.Evaluate(model, testEdition, cancellationToken);
        return new EvaluationReport(kind.ToString(), trainEditions, testEdition, result.TrainingPairs, result.TrainingQueries,
            comparison.Model, comparison.Baseline, comparison.Random, comparison.ModelBeatsBaseline, Math.Round(trainingSeconds, 2));
    }

    /// <summary>Scores an edition (all of it, or some buyers or teams) with the active model and writes the proposals.</summary>
    public Task<ScoringSummary> ScoreAsync(PairKind kind, int editionNumber, IReadOnlyCollection<int>? counterpartIds,
        MatchingActor actor, IProgress<EngineProgress>? progress, CancellationToken cancellationToken) =>
        ScoreAsync(kind, editionNumber, counterpartIds, exhibitorIds: null, actor, progress, cancellationToken);

    /// <summary>
    /// Re-scores after a change, loading the data once: the given buyers (or teams), and those a change of the given
    /// exhibitors touches: whose candidates include the exhibitor now, or who hold a proposal with it (it may have left
    /// their candidates). Beyond <see cref="MaxTracedExhibitors"/> exhibitors the whole edition is scored instead.
    /// </summary>
    public Task<ScoringSummary> RescoreAsync(PairKind kind, int editionNumber, IReadOnlyCollection<int> counterpartIds,
        IReadOnlyCollection<int> exhibitorIds, MatchingActor actor, IProgress<EngineProgress>? progress, CancellationToken cancellationToken) =>
        ScoreAsync(kind, editionNumber, counterpartIds, exhibitorIds, actor, progress, cancellationToken);

    private async Task<ScoringSummary> ScoreAsync(PairKind kind, int editionNumber, IReadOnlyCollection<int>? counterpartIds,
        IReadOnlyCollection<int>? exhibitorIds, MatchingActor actor, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var db = await systemContexts.CreateDbContextAsync(cancellationToken);
        var kindName = MatchingDataLoader.Kind(kind);
        var edition = await db.Editions.AsNoTracking().SingleOrDefaultAsync(e => e.Number == editionNumber, cancellationToken)
            ?? throw new EditionNotFoundException(editionNumber);
        var active = await db.MatchModels.Rankers().AsNoTracking().SingleOrDefaultAsync(m => m.Kind == kindName && m.IsActive, cancellationToken)
            ?? throw new NoActiveModelException(kind);
        var data = await MatchingDataLoader.LoadAsync(db, cancellationToken);
        var engine = new MatchingEngine(data);
        if (exhibitorIds is not null)
        {
            counterpartIds = exhibitorIds.Count > MaxTracedExhibitors ? null
                : await TouchedAsync(db, engine, kind, edition, counterpartIds ?? [], exhibitorIds, cancellationToken);
        }
        var loadSeconds = clock.Elapsed.TotalSeconds;
        if (counterpartIds is { Count: 0 })
        {
            return new ScoringSummary(kind.ToString(), editionNumber, active.Version, 0, 0, 0, Math.Round(loadSeconds, 2), 0, 0, 0, 0, 0);
        }

        clock.Restart();
        using var model = RankerModel.Load(kind, active.FeatureSchemaVersion, active.ModelBytes);
        var topN = kind == PairKind.Procurement ? ProposalsPerBuyer : ProposalsPerTeam;
        var scoring = counterpartIds is null
            ? engine.ScoreEdition(model, editionNumber, topN, Environment.ProcessorCount, progress, cancellationToken)
            : engine.ScoreQueries(model, editionNumber, counterpartIds, topN, Environment.ProcessorCount, cancellationToken);
        var scoringSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        progress?.Report(new EngineProgress("writing", 0));
        using var _ = AuditScope.Begin(new AuditActor(actor.UserId, actor.Name, counterpartIds is null ? "ScoreEdition" : "RescoreParticipants"));
        var written = await ProposalWriter.WriteAsync(db, edition.Id, kindName, active.Version, scoring.Proposals, counterpartIds, cancellationToken);
        progress?.Report(new EngineProgress("writing", 1));
        return new ScoringSummary(kind.ToString(), editionNumber, active.Version, scoring.Queries, scoring.PairsScored, scoring.Proposals.Count,
            Math.Round(loadSeconds, 2), Math.Round(scoringSeconds, 2), Math.Round(clock.Elapsed.TotalSeconds, 2),
            Math.Round(scoring.PairsScored / Math.Max(scoring.Elapsed.TotalSeconds, 1e-6)), written.Deleted, written.Kept);
    }

    /// <summary>The buyers (or teams) to re-score after a change of these counterparts and these exhibitors.</summary>
    private static async Task<HashSet<int>> TouchedAsync(CrmDbContext db, MatchingEngine engine, PairKind kind, Edition edition,
        IReadOnlyCollection<int> counterpartIds, IReadOnlyCollection<int> exhibitorIds, CancellationToken cancellationToken)
    {
        var touched = counterpartIds.ToHashSet();
        foreach (var exhibitor in exhibitorIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            touched.UnionWith(engine.CounterpartsOf(kind, edition.Number, exhibitor));
        }
        var exhibitors = exhibitorIds.ToList();
        var kindName = MatchingDataLoader.Kind(kind);
        touched.UnionWith(await db.Matches.AsNoTracking()
            .Where(m => m.EditionId == edition.Id && m.Kind == kindName && exhibitors.Contains(m.ExhibitorId))
            .Select(m => m.BuyerId ?? m.PromotionTeamId ?? 0).Distinct().ToListAsync(cancellationToken));
        touched.Remove(0);
        return touched;
    }

    /// <summary>Runs CPU-bound engine work off the caller's thread (the native trainer makes its own dedicated thread).</summary>
    private static Task<T> RunOnWorkerAsync<T>(Func<T> work) => Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}

public sealed class ModelNotFoundException(int id) : Exception($"There is no model {id}.");

public sealed class ModelBelowBaselineException(string version) : Exception($"Model {version} does not beat the baseline.")
{
    public string Version { get; } = version;
}

public sealed class NoActiveModelException(PairKind kind) : Exception($"No {kind.ToString().ToLowerInvariant()} model is active: train one first.")
{
    public PairKind Kind { get; } = kind;
}

public sealed class EditionNotFoundException(int number) : Exception($"There is no edition {number}.")
{
    public int Number { get; } = number;
}
