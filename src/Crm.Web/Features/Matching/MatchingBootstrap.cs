using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Data;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Matching;

/// <summary>Settings of <see cref="MatchingBootstrap"/>, section <c>Matching</c>.</summary>
public sealed class MatchingBootstrapOptions
{
    /// <summary>
    /// <c>Matching:TrainOnFirstStart</c> (default true): a database that never had a model of a kind gets one trained,
    /// and the current edition scored with it, in the background at start-up.
    /// </summary>
    public bool TrainOnFirstStart { get; set; } = true;
}

/// <summary>
/// Day one: the app works with a trained model and proposals without an administrator doing anything. At start-up, for
/// each kind that has outcomes to learn from but has never had a model (none registered, no training job ever queued),
/// it queues a training job and then a scoring job of the current edition, as the system; the job runner takes them
/// one after the other and the model page shows their progress. Once a kind has a model, nothing happens any more.
/// </summary>
public sealed class MatchingBootstrap(JobQueue jobs, SystemContextFactory contexts, IOptions<MatchingBootstrapOptions> options,
    ILogger<MatchingBootstrap> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.TrainOnFirstStart)
        {
            return;
        }
        try
        {
            foreach (var kind in Enum.GetValues<PairKind>())
            {
                await PrepareAsync(kind, stoppingToken);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The app serves without proposals; an administrator can train from the model page.
            logger.LogError(ex, "The first models could not be queued");
        }
    }

    private async Task PrepareAsync(PairKind kind, CancellationToken cancellationToken)
    {
        var matchKind = MatchingDataLoader.Kind(kind);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.MatchModels.Rankers().AnyAsync(m => m.Kind == matchKind, cancellationToken))
        {
            return;
        }
        var trainings = await db.BackgroundJobs.Where(j => j.Kind == TrainModelJob.Name).Select(j => j.Parameters).ToListAsync(cancellationToken);
        if (trainings.Any(p => JsonSerializer.Deserialize<TrainParameters>(p)?.Kind == kind))
        {
            return;
        }
        if (!await db.Deals.AnyAsync(d => d.Kind == matchKind, cancellationToken))
        {
            logger.LogInformation("No {Kind} outcomes to learn from: no first model", kind);
            return;
        }
        var current = await db.Editions.Where(e => e.Status == EditionStatus.Current).OrderByDescending(e => e.Number)
            .Select(e => (int?)e.Number).FirstOrDefaultAsync(cancellationToken);
        var train = await jobs.EnqueueAsync(TrainModelJob.Name, new TrainParameters(kind, null, null), null, Rescoring.SystemActor, cancellationToken,
            JobDuplicates.JoinOpen);
        logger.LogInformation("First {Kind} model: training queued as job {Job}", kind, train);
        if (current is { } edition)
        {
            // After the training: another instance's runner would otherwise take it up while the first model is still learning.
            var score = await jobs.EnqueueAsync(ScoreEditionJob.Name, new ScoreParameters(kind, edition), null, Rescoring.SystemActor, cancellationToken,
                JobDuplicates.JoinOpen, after: train);
            logger.LogInformation("First {Kind} proposals: scoring of edition {Edition} queued as job {Job}", kind, edition, score);
        }
    }
}
