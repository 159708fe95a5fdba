using System.Text.Json;
using Crm.Data;
using Crm.Data.Auditing;
using Crm.Data.Entities;
using Crm.Matching;
using Crm.Matching.Data;
using Crm.Matching.Forecast;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Forecast;

/// <summary>What the registry keeps beside a realisation model's trees (its <c>Parameters</c> JSON).</summary>
public sealed record ForecastModelParameters(
    IReadOnlyDictionary<string, string> Booster, int Rounds, int HorizonDays, IReadOnlyList<int> SnapshotDays, IReadOnlyList<int> Editions,
    ForecastBaselines Baselines, LeadTimes LeadTimes);

/// <summary>A realisation model's held-out evaluation, as the registry keeps it (its <c>Metrics</c> JSON) and the command line prints it.</summary>
public sealed record ForecastReport(
    string Kind, IReadOnlyList<int> TrainEditions, int TestEdition, int HorizonDays, int Deals, int Rows, int Positives,
    ForecastComparison AllDays, ForecastComparison AtIntent, bool ModelBeatsBaselines, double TrainingSeconds)
{
    public static ForecastReport From(RealisationEvaluation e) => new(e.Kind.ToString(), e.TrainEditions, e.TestEdition, e.HorizonDays,
        e.Deals, e.Rows, e.Positives, e.AllDays, e.AtIntent, e.AllDays.ModelBeatsBaselines, Math.Round(e.Training.TrainingTime.TotalSeconds, 2));
}

/// <summary>What a forecasting run wrote.</summary>
public sealed record ForecastRun(int Forecasts, int Removed, IReadOnlyList<string> Models, DateOnly Day);

/// <summary>
/// The realisation forecast's use cases over the database, shared by the background jobs and the command line: train a
/// model per kind (evaluated on the latest complete edition it did not learn from, then retrained on every complete
/// edition and registered beside the rankers), evaluate on a chosen edition, and write the forecasts of the open deals
/// with the active models. Works as the system: forecasts learn from everyone's deals.
/// </summary>
public sealed class ForecastService(SystemContextFactory systemContexts, TimeProvider clock)
{
    public const string VersionPrefix = "forecast";

    /// <summary>The expo's day (Shanghai), which deal dates are kept in.</summary>
    private DateOnly Today => ExpoCalendar.Today(clock);

    public async Task<ForecastData> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await systemContexts.CreateDbContextAsync(cancellationToken);
        return await ForecastDataLoader.LoadAsync(db, Today, cancellationToken);
    }

    /// <summary>
    /// Trains and registers a realisation model of each kind with at least two complete editions; a model that beats both
    /// baselines (Brier score on the held-out edition) becomes the active one, and the open deals are forecast with it.
    /// </summary>
    public async Task<IReadOnlyList<MatchModel>> TrainAsync(MatchingActor actor, IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var data = await LoadAsync(cancellationToken);
        var engine = new ForecastEngine(data);
        var models = new List<MatchModel>();
        foreach (var kind in Enum.GetValues<PairKind>())
        {
            var complete = engine.CompleteEditions(kind);
            if (complete.Count < 2)
            {
                continue;
            }
            var test = complete[^1];
            var evaluation = await Task.Run(() => engine.Evaluate(kind, new ForecastOptions { Editions = complete.SkipLast(1).ToList() }, test,
                progress, cancellationToken), cancellationToken);
            var final = await Task.Run(() => engine.Train(kind, new ForecastOptions { Editions = complete }, progress, cancellationToken), cancellationToken);
            models.Add(await RegisterAsync(final, ForecastReport.From(evaluation), actor, cancellationToken));
        }
        if (models.Count == 0)
        {
            throw new InsufficientForecastDataException(PairKind.Procurement, []);
        }
        if (models.Any(m => m.IsActive))
        {
            await ForecastAsync(null, cancellationToken);
        }
        return models;
    }

    /// <summary>Trains on some editions and tests on another, beside the base rate and fixed stage probabilities; registers nothing.</summary>
    public async Task<ForecastReport> EvaluateAsync(PairKind kind, IReadOnlyList<int>? trainEditions, int testEdition,
        IProgress<EngineProgress>? progress, CancellationToken cancellationToken)
    {
        var engine = new ForecastEngine(await LoadAsync(cancellationToken));
        var train = trainEditions is { Count: > 0 } ? trainEditions : engine.CompleteEditions(kind).Where(e => e < testEdition).ToList();
        var evaluation = await Task.Run(() => engine.Evaluate(kind, new ForecastOptions { Editions = train }, testEdition, progress, cancellationToken), cancellationToken);
        return ForecastReport.From(evaluation);
    }

    /// <summary>
    /// Forecasts the open deals that signed an intent (all of them, or <paramref name="dealIds"/>) with the active model of
    /// their kind, as of today, and writes them in one transaction; a deal that is no longer open loses its forecast.
    /// </summary>
    public async Task<ForecastRun> ForecastAsync(IReadOnlyCollection<int>? dealIds, CancellationToken cancellationToken)
    {
        var today = Today;
        await using var db = await systemContexts.CreateDbContextAsync(cancellationToken);
        var active = await db.MatchModels.Forecasters().AsNoTracking().Where(m => m.IsActive).ToListAsync(cancellationToken);
        var data = await ForecastDataLoader.LoadAsync(db, today, cancellationToken);
        var engine = new ForecastEngine(data);
        var wanted = dealIds?.ToHashSet();
        var open = await db.Deals.AsNoTracking()
            .Where(d => d.IntentSignedOn != null && d.Stage != DealStage.Lost)
            .Select(d => new { d.Id, d.Kind, d.IntendedValueUsd, d.ContractValueUsd })
            .ToDictionaryAsync(d => d.Id, cancellationToken);
        var forecasts = new List<DealForecast>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var registered in active)
        {
            var kind = MatchingDataLoader.Kind(registered.Kind);
            var parameters = JsonSerializer.Deserialize<ForecastModelParameters>(registered.Parameters, MatchingService.Json)!;
            using var model = RealisationModel.Load(kind, registered.FeatureSchemaVersion, registered.ModelBytes, parameters.LeadTimes);
            var deals = data.Deals.Where(d => d.Kind == kind && open.ContainsKey(d.Id) && (wanted is null || wanted.Contains(d.Id)));
            foreach (var f in engine.Forecast(model, deals, today))
            {
                var deal = open[f.DealId];
                var probability = Math.Round(f.Probability, 4);
                forecasts.Add(new DealForecast
                {
                    DealId = f.DealId,
                    ModelVersion = registered.Version,
                    Probability = probability,
                    ProbabilityIfIdle = f.ProbabilityIfIdle is { } idle ? Math.Round(idle, 4) : null,
                    ExpectedValueUsd = (deal.ContractValueUsd ?? deal.IntendedValueUsd) is { } value ? Math.Round(value * (decimal)probability, 2) : null,
                    LikelyBy = f.LikelyBy,
                    Reasons = JsonSerializer.Serialize(f.Reasons, MatchingService.Json),
                    ForecastOn = today,
                    ComputedAt = now,
                });
            }
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stale = wanted is null
            ? await db.DealForecasts.ExecuteDeleteAsync(cancellationToken)
            : await db.DealForecasts.Where(f => wanted.Contains(f.DealId)).ExecuteDeleteAsync(cancellationToken);
        db.DealForecasts.AddRange(forecasts);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ForecastRun(forecasts.Count, Math.Max(0, stale - forecasts.Count), active.Select(m => m.Version).ToList(), today);
    }

    /// <summary>How many open deals of a kind have a forecast.</summary>
    public async Task<int> CountForecastsAsync(MatchKind kind, CancellationToken cancellationToken)
    {
        await using var db = await systemContexts.CreateDbContextAsync(cancellationToken);
        return await db.DealForecasts.CountAsync(f => f.Deal!.Kind == kind, cancellationToken);
    }

    private async Task<MatchModel> RegisterAsync(RealisationTraining result, ForecastReport report, MatchingActor actor, CancellationToken cancellationToken)
    {
        using var audit = AuditScope.Begin(new AuditActor(actor.UserId, actor.Name, "TrainForecast"));
        await using var db = await systemContexts.CreateDbContextAsync(cancellationToken);
        var kind = MatchingDataLoader.Kind(result.Kind);
        var model = new MatchModel
        {
            Purpose = ModelPurpose.Realisation,
            Kind = kind,
            FeatureSchemaVersion = result.Schema.Version,
            FeatureSchema = result.Schema.ToJson(),
            Parameters = JsonSerializer.Serialize(new ForecastModelParameters(result.Parameters.ToDictionary(p => p.Key, p => p.Value),
                result.Options.Rounds, result.Options.HorizonDays, result.Options.SnapshotDays, result.Options.Editions, result.Baselines,
                result.LeadTimes), MatchingService.Json),
            TrainEditionFrom = result.Options.Editions.Min(),
            TrainEditionTo = result.Options.Editions.Max(),
            TrainingPairs = result.Rows,
            TrainingQueries = result.Deals,
            ValidationQueries = report.Deals,
            Metrics = JsonSerializer.Serialize(report, MatchingService.Json),
            FeatureImportance = JsonSerializer.Serialize(result.Importance, MatchingService.Json),
            BeatsBaseline = report.ModelBeatsBaselines,
            ModelBytes = result.Model,
            TrainingSeconds = Math.Round(result.TrainingTime.TotalSeconds, 2),
            CreatedByUserId = actor.UserId,
            CreatedBy = actor.Name,
            CreatedAt = DateTime.UtcNow,
        };
        await ModelRegistry.AddAsync(db, model, number => $"{VersionPrefix}-{result.Kind.ToString().ToLowerInvariant()}-{number}", cancellationToken);
        if (model.BeatsBaseline)
        {
            await ModelRegistry.ActivateAsync(db, model.Id, insist: false, note: null, actor.Name, cancellationToken);
        }
        return model;
    }
}
