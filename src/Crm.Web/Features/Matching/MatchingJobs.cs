using System.Text.Json;
using Crm.Data.Entities;
using Crm.Matching;
using Crm.Matching.Data;
using Crm.Web.Infrastructure.Jobs;

namespace Crm.Web.Features.Matching;

/// <summary>Parameters of the matching jobs, stored as JSON on the job's row.</summary>
public sealed record TrainParameters(PairKind Kind, int? FromEdition, int? ToEdition);

/// <param name="CounterpartIds">Only these buyers (or teams); null, with no <paramref name="ExhibitorIds"/>, for the whole edition.</param>
/// <param name="ExhibitorIds">Set by re-scoring after a change: these exhibitors changed, so the buyers (or teams) they
/// touch are re-scored with <paramref name="CounterpartIds"/>.</param>
public sealed record ScoreParameters(PairKind Kind, int Edition, IReadOnlyList<int>? CounterpartIds = null, IReadOnlyList<int>? ExhibitorIds = null);

/// <summary>Trains a model in the background and registers it (activated when it beats the baseline).</summary>
public sealed class TrainModelJob(MatchingService matching) : IJob
{
    public const string Name = "match-train";

    public string Kind => Name;

    public string Failure(Exception exception) => ModelJobFailure.Keep(exception);

    public async Task<object?> RunAsync(BackgroundJob job, IProgress<(string Stage, double Fraction)> progress, CancellationToken cancellationToken)
    {
        var p = JsonSerializer.Deserialize<TrainParameters>(job.Parameters)!;
        IReadOnlyList<int>? editions = p.FromEdition is { } from && p.ToEdition is { } to ? Enumerable.Range(from, to - from + 1).ToList() : null;
        var model = await matching.TrainAsync(p.Kind, editions, new MatchingActor(job.CreatedByUserId, job.CreatedBy), activate: true,
            new EngineToJobProgress(progress), cancellationToken);
        return new { model.Id, model.Version, model.BeatsBaseline, model.IsActive, model.TrainingSeconds };
    }
}

/// <summary>
/// Scores an edition (or some of its buyers or teams, or those a change of some exhibitors touches) with the active model
/// and writes the proposals.
/// </summary>
public sealed class ScoreEditionJob(MatchingService matching) : IJob
{
    public const string Name = "match-score";

    public string Kind => Name;

    public string Failure(Exception exception) => ModelJobFailure.Keep(exception);

    public async Task<object?> RunAsync(BackgroundJob job, IProgress<(string Stage, double Fraction)> progress, CancellationToken cancellationToken)
    {
        var p = JsonSerializer.Deserialize<ScoreParameters>(job.Parameters)!;
        var actor = new MatchingActor(job.CreatedByUserId, job.CreatedBy);
        return p.ExhibitorIds is null
            ? await matching.ScoreAsync(p.Kind, p.Edition, p.CounterpartIds, actor, new EngineToJobProgress(progress), cancellationToken)
            : await matching.RescoreAsync(p.Kind, p.Edition, p.CounterpartIds ?? [], p.ExhibitorIds, actor, new EngineToJobProgress(progress), cancellationToken);
    }
}

/// <summary>Adapts the engine's progress to the job's.</summary>
internal sealed class EngineToJobProgress(IProgress<(string Stage, double Fraction)> job) : IProgress<EngineProgress>
{
    public void Report(EngineProgress value) => job.Report((value.Stage, value.Fraction));
}
