using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Forecast;

/// <summary>
/// A forecast describes its deal on the day it was made: a day later the deal is a day older. At start-up and then every
/// hour, when a realisation model is active and a forecast is older than today (or none was made yet), one
/// <c>forecast-run</c> job for every open deal is queued, unless one is already queued or running (on any instance). Day one: a database that never had
/// a realisation model gets one trained (<c>Matching:TrainOnFirstStart</c>, as the rankers).
/// </summary>
public sealed class DailyForecasts(JobQueue jobs, SystemContextFactory contexts, TimeProvider clock, IOptions<MatchingBootstrapOptions> bootstrap,
    ILogger<DailyForecasts> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, clock);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The daily forecasts could not be queued");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.MatchModels.Forecasters().AnyAsync(cancellationToken))
        {
            if (bootstrap.Value.TrainOnFirstStart && !await db.BackgroundJobs.AnyAsync(j => j.Kind == TrainForecastJob.Name, cancellationToken)
                && await db.Deals.AnyAsync(d => d.IntentSignedOn != null, cancellationToken))
            {
                var train = await jobs.EnqueueAsync(TrainForecastJob.Name, new ForecastParameters(), null, Rescoring.SystemActor, cancellationToken,
                    JobDuplicates.JoinOpen);
                logger.LogInformation("First realisation models: training queued as job {Job}", train);
            }
            return;
        }
        if (!await db.MatchModels.Forecasters().AnyAsync(m => m.IsActive, cancellationToken))
        {
            return;
        }
        var today = ExpoCalendar.Today(clock);
        // Stale: a forecast made before today, or none at all while there are open signed intents to forecast (with none,
        // an hourly run would find nothing to do).
        var stale = await db.DealForecasts.AnyAsync(f => f.ForecastOn < today, cancellationToken)
            || !await db.DealForecasts.AnyAsync(cancellationToken)
                && await db.Deals.AnyAsync(d => d.IntentSignedOn != null && d.Stage != DealStage.Lost
                    && (d.Kind == MatchKind.Procurement ? d.ContractSignedOn == null : d.LandedOn == null), cancellationToken);
        if (stale)
        {
            // Every instance looks every hour: the first queues the run, the others join it while it is queued or running
            // (a run of every open deal started meanwhile forecasts them all for today).
            var id = await jobs.EnqueueAsync(ForecastDealsJob.Name, new ForecastParameters(), null, Rescoring.SystemActor, cancellationToken,
                JobDuplicates.JoinOpen);
            logger.LogInformation("Forecasts older than {Today}: job {Job} queued or joined", today, id);
        }
    }
}
