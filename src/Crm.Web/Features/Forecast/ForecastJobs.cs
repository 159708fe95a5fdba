using System.Text.Json;
using Crm.Data.Entities;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure.Jobs;

namespace Crm.Web.Features.Forecast;

/// <param name="DealIds">Only these deals (after a change); null for every open deal.</param>
public sealed record ForecastParameters(IReadOnlyList<int>? DealIds = null);

/// <summary>Trains the realisation models in the background, registers them, and forecasts the open deals.</summary>
public sealed class TrainForecastJob(ForecastService forecasts) : IJob
{
    public const string Name = "forecast-train";

    public string Kind => Name;

    public string Failure(Exception exception) => ModelJobFailure.Keep(exception);

    public async Task<object?> RunAsync(BackgroundJob job, IProgress<(string Stage, double Fraction)> progress, CancellationToken cancellationToken)
    {
        var models = await forecasts.TrainAsync(new MatchingActor(job.CreatedByUserId, job.CreatedBy), new EngineToJobProgress(progress), cancellationToken);
        return models.Select(m => new { m.Id, m.Version, m.BeatsBaseline, m.IsActive, m.TrainingSeconds }).ToList();
    }
}

/// <summary>Forecasts the open deals (all, or those that changed) with the active realisation models.</summary>
public sealed class ForecastDealsJob(ForecastService forecasts) : IJob
{
    public const string Name = "forecast-run";

    public string Kind => Name;

    public string Failure(Exception exception) => ModelJobFailure.Keep(exception);

    public async Task<object?> RunAsync(BackgroundJob job, IProgress<(string Stage, double Fraction)> progress, CancellationToken cancellationToken)
    {
        var p = JsonSerializer.Deserialize<ForecastParameters>(job.Parameters) ?? new ForecastParameters();
        return await forecasts.ForecastAsync(p.DealIds, cancellationToken);
    }
}
