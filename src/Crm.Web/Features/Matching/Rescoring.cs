using System.Diagnostics;
using System.Threading.Channels;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Data;
using Crm.Web.Features.Forecast;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Matching;

/// <summary>Settings of <see cref="Rescoring"/>, section <c>Matching</c>.</summary>
public sealed class RescoringOptions
{
    public const string Section = "Matching";

    /// <summary>
    /// <c>Matching:RescoreDelay</c>: how long changes must stay quiet before the proposals they touch are re-scored
    /// (a burst of edits gives one job). A steady stream of changes is cut after ten delays.
    /// </summary>
    public TimeSpan RescoreDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// <c>Matching:MaxTracedCounterparts</c>: beyond this many changed buyers (or teams) of one kind, as after an import,
    /// one job scores the whole edition: scoring them one by one is no cheaper, and the ids would make a large job row.
    /// </summary>
    public int MaxTracedCounterparts { get; set; } = 1000;
}

/// <summary>
/// Re-scores the proposals a change touches, shortly after it: gathers the <see cref="ParticipantChanges"/> until none
/// has come for <see cref="RescoringOptions.RescoreDelay"/>, keeps those of the current edition (promotion teams belong
/// to every edition; a company's change counts for its exhibitors there), and enqueues one <c>match-score</c> job per
/// kind with the ids: so it shows in the job list, runs one job at a time with training, and survives a restart. The
/// job is created by the user who made the changes, or by "system" when there were several or none. A kind without
/// an active model, or no current edition, re-scores nothing (logged). Changed deals (of any edition) get their
/// realisation forecasts made again by one <c>forecast-run</c> job, when a realisation model is active.
/// </summary>
public sealed class Rescoring(ParticipantChanges changes, JobQueue jobs, SystemContextFactory contexts, IOptions<RescoringOptions> options,
    ILogger<Rescoring> logger) : BackgroundService
{
    /// <summary>The creator of a job that no single user set off.</summary>
    public const string SystemActor = "system";

    private const int MaxDelays = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = options.Value.RescoreDelay;
        var reader = changes.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var batch = new List<ParticipantChange>();
                var gathering = Stopwatch.StartNew();
                try
                {
                    do
                    {
                        Drain(reader, batch);
                    }
                    while (gathering.Elapsed < delay * MaxDelays && await MoreWithinAsync(reader, delay, stoppingToken));
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    // This instance stops (a restart, an upgrade): what it gathered is queued now, not lost with it; the job
                    // runs on another instance, or here after the restart.
                    Drain(reader, batch);
                    await TryEnqueueAsync(batch, CancellationToken.None);
                    return;
                }
                await TryEnqueueAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping with nothing gathered
        }
    }

    private static void Drain(ChannelReader<ParticipantChange> reader, List<ParticipantChange> batch)
    {
        while (reader.TryRead(out var change))
        {
            batch.Add(change);
        }
    }

    private async Task TryEnqueueAsync(IReadOnlyList<ParticipantChange> batch, CancellationToken cancellationToken)
    {
        try
        {
            await EnqueueAsync(batch, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Re-scoring after {Changes} participant changes could not be enqueued", batch.Count);
        }
    }

    /// <summary>True when another change comes within the delay; false when it stayed quiet.</summary>
    private static async Task<bool> MoreWithinAsync(ChannelReader<ParticipantChange> reader, TimeSpan delay, CancellationToken stoppingToken)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        quiet.CancelAfter(delay);
        try
        {
            return await reader.WaitToReadAsync(quiet.Token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task EnqueueAsync(IReadOnlyList<ParticipantChange> changes, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deals = changes.Where(c => c.Type == ParticipantType.Deal).ToList();
        if (deals.Count > 0)
        {
            await EnqueueForecastAsync(db, deals, cancellationToken);
        }
        var batch = changes.Where(c => c.Type != ParticipantType.Deal).ToList();
        if (batch.Count == 0)
        {
            return;
        }
        var active = await db.MatchModels.Rankers().Where(m => m.IsActive).Select(m => m.Kind).ToListAsync(cancellationToken);
        if (active.Count == 0)
        {
            logger.LogInformation("No model is active: {Changes} participant changes re-score nothing", batch.Count);
            return;
        }
        var edition = await db.Editions.AsNoTracking().Where(e => e.Status == EditionStatus.Current)
            .OrderByDescending(e => e.Number).Select(e => new { e.Id, e.Number }).FirstOrDefaultAsync(cancellationToken);
        if (edition is null)
        {
            logger.LogInformation("No edition is current: {Changes} participant changes re-score nothing", batch.Count);
            return;
        }

        var relevant = batch.Where(c => c.Type is ParticipantType.PromotionTeam or ParticipantType.Company || c.EditionId == edition.Id).ToList();
        if (relevant.Count < batch.Count)
        {
            logger.LogInformation("{Changes} participant changes outside the current edition {Edition} re-score nothing",
                batch.Count - relevant.Count, edition.Number);
        }
        if (relevant.Count == 0)
        {
            return;
        }
        var buyers = Ids(relevant, ParticipantType.Buyer);
        var teams = Ids(relevant, ParticipantType.PromotionTeam);
        var exhibitors = Ids(relevant, ParticipantType.Exhibitor);
        var companies = Ids(relevant, ParticipantType.Company).ToList();
        if (companies.Count > 0)
        {
            exhibitors.UnionWith(await db.Exhibitors.Where(e => e.EditionId == edition.Id && companies.Contains(e.CompanyId))
                .Select(e => e.Id).ToListAsync(cancellationToken));
        }

        // Investment proposals move only with exhibitors that are (or were, and still hold a proposal) interested in investing.
        var changedExhibitors = exhibitors.ToList();
        var investing = changedExhibitors.Count == 0 ? [] : await db.Exhibitors
            .Where(e => changedExhibitors.Contains(e.Id) && (e.InterestedInInvesting || db.Matches.Any(m => m.ExhibitorId == e.Id && m.Kind == MatchKind.Investment)))
            .Select(e => e.Id).ToListAsync(cancellationToken);
        var actor = ActorOf(relevant);
        await EnqueueAsync(PairKind.Procurement, edition.Number, buyers, exhibitors, active, actor, cancellationToken);
        await EnqueueAsync(PairKind.Investment, edition.Number, teams, [.. investing], active, actor, cancellationToken);
    }

    private async Task EnqueueAsync(PairKind kind, int edition, HashSet<int> counterparts, HashSet<int> exhibitors, List<MatchKind> active,
        MatchingActor actor, CancellationToken cancellationToken)
    {
        if (counterparts.Count == 0 && exhibitors.Count == 0)
        {
            return;
        }
        if (!active.Contains(MatchingDataLoader.Kind(kind)))
        {
            logger.LogInformation("No {Kind} model is active: {Counterparts} changed buyers or teams and {Exhibitors} changed exhibitors are not re-scored",
                kind, counterparts.Count, exhibitors.Count);
            return;
        }
        var parameters = counterparts.Count > options.Value.MaxTracedCounterparts
            ? new ScoreParameters(kind, edition)
            : new ScoreParameters(kind, edition, [.. counterparts.Order()], [.. exhibitors.Order()]);
        var id = await jobs.EnqueueAsync(ScoreEditionJob.Name, parameters, actor.UserId, actor.Name, cancellationToken);
        logger.LogInformation("Re-scoring job {Job} enqueued for {Actor}: {Kind} of edition {Edition}, {Counterparts} buyers or teams and {Exhibitors} exhibitors changed",
            id, actor.Name, kind, edition, counterparts.Count, exhibitors.Count);
    }

    /// <summary>Deals changed (stage, dates, values, an activity): their forecasts are made again, when a realisation model is active.</summary>
    private async Task EnqueueForecastAsync(CrmDbContext db, List<ParticipantChange> deals, CancellationToken cancellationToken)
    {
        if (!await db.MatchModels.Forecasters().AnyAsync(m => m.IsActive, cancellationToken))
        {
            logger.LogInformation("No realisation model is active: {Deals} deal changes are not forecast again", deals.Count);
            return;
        }
        var ids = Ids(deals, ParticipantType.Deal);
        var actor = ActorOf(deals);
        var parameters = ids.Count > options.Value.MaxTracedCounterparts ? new ForecastParameters() : new ForecastParameters([.. ids.Order()]);
        var id = await jobs.EnqueueAsync(ForecastDealsJob.Name, parameters, actor.UserId, actor.Name, cancellationToken);
        logger.LogInformation("Forecast job {Job} enqueued for {Actor}: {Deals} deals changed", id, actor.Name, ids.Count);
    }

    private static HashSet<int> Ids(IEnumerable<ParticipantChange> changes, ParticipantType type) =>
        changes.Where(c => c.Type == type).Select(c => c.Id).ToHashSet();

    /// <summary>The one user behind all the changes, else the system.</summary>
    private static MatchingActor ActorOf(IEnumerable<ParticipantChange> changes)
    {
        var actors = changes.Select(c => (c.Actor?.UserId, Name: c.Actor?.UserName ?? c.Actor?.UserId)).Distinct().Take(2).ToList();
        return actors is [{ Name: { } name } only] ? new MatchingActor(only.UserId, name) : new MatchingActor(null, SystemActor);
    }
}
