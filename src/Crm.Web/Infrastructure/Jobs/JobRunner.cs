using System.Diagnostics;
using System.Linq.Expressions;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Options;

namespace Crm.Web.Infrastructure.Jobs;

/// <summary>
/// Runs background jobs one after another on this instance, taking them from the <see cref="BackgroundJob"/> table through a
/// lease, so that over one database each job runs on one instance at a time:
/// <list type="bullet">
/// <item>A queued job (whose <see cref="BackgroundJob.AfterJobId"/>, if any, has ended) is claimed by one conditional
/// update (Queued → Running, this instance, a lease): of two instances claiming it at once, one changes the row and the
/// other changes nothing and looks further.</item>
/// <item>While the job runs, its lease is renewed every sixth of <see cref="JobOptions.LeaseSeconds"/>, and a cancellation
/// asked from any instance is noticed then. A runner that finds its lease gone (taken over) stops the job and writes nothing
/// more to its row.</item>
/// <item>A running job whose lease expired (its instance died) is taken over by whichever runner looks next, and run again
/// from the start (every job writes in one transaction, so the dead run left nothing); after
/// <see cref="JobOptions.MaxAttempts"/> runs it is given up as Interrupted and its kind releases what it held.</item>
/// <item>When this instance stops, its running job is stopped and put back in the queue for another instance, or for this
/// one's next start.</item>
/// </list>
/// Progress is written to the row (at most twice a second), so every instance's pages show it.
/// </summary>
public sealed class JobRunner(JobQueue queue, SystemContextFactory contexts, IServiceScopeFactory scopes, IOptions<JobOptions> options,
    ILogger<JobRunner> logger) : BackgroundService
{
    private JobOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await TryClaimAsync(stoppingToken) is { } job)
                {
                    await RunAsync(job, stoppingToken);
                }
                else
                {
                    await queue.WaitForWorkAsync(Options.Poll, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>The next job this instance may run, claimed; null when there is none (or the database did not answer).</summary>
    private async Task<BackgroundJob?> TryClaimAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ClaimAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not look for queued jobs; looking again shortly");
            return null;
        }
    }

    private async Task<BackgroundJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        var me = Options.InstanceName;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = DateTime.UtcNow;
        // Running under this instance's name: it ran here before a restart (this runner runs nothing now). Queued after a
        // job still open: not yet.
        var candidates = await db.BackgroundJobs.AsNoTracking()
            .Where(j => (j.Status == JobStatus.Queued
                         && !db.BackgroundJobs.Any(before => before.Id == j.AfterJobId && (before.Status == JobStatus.Queued || before.Status == JobStatus.Running)))
                        || (j.Status == JobStatus.Running && (j.LeaseExpiresAt == null || j.LeaseExpiresAt < now || j.LeaseOwner == me)))
            .OrderBy(j => j.Id)
            .Take(10)
            .ToListAsync(cancellationToken);
        foreach (var job in candidates)
        {
            // Asked to stop before its runner died or handed it back; or its runner died once too often.
            if (job.CancelRequested || (job.Status == JobStatus.Running && job.Attempts >= Options.MaxAttempts))
            {
                await GiveUpAsync(db, job, cancellationToken);
                continue;
            }
            var expires = DateTime.UtcNow + Options.Lease;
            var claimed = await AsFound(db, job).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, JobStatus.Running)
                .SetProperty(j => j.LeaseOwner, me)
                .SetProperty(j => j.LeaseExpiresAt, expires)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1)
                .SetProperty(j => j.StartedAt, DateTime.UtcNow)
                .SetProperty(j => j.Stage, (string?)null)
                .SetProperty(j => j.Progress, 0)
                .SetProperty(j => j.ActiveKey, j => j.Duplicates == JobDuplicates.JoinQueued ? null : j.ActiveKey), cancellationToken);
            if (claimed == 1)
            {
                if (job.Status == JobStatus.Running)
                {
                    logger.LogWarning("Job {Id} ({Kind}) of {Owner} taken over (attempt {Attempt})", job.Id, job.Kind, job.LeaseOwner, job.Attempts + 1);
                }
                return await db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id, cancellationToken);
            }
        }
        return null;
    }

    /// <summary>The job's row if nobody changed its state, owner or lease since it was read.</summary>
    private static IQueryable<BackgroundJob> AsFound(CrmDbContext db, BackgroundJob job) =>
        db.BackgroundJobs.Where(j => j.Id == job.Id && j.Status == job.Status && j.LeaseOwner == job.LeaseOwner && j.LeaseExpiresAt == job.LeaseExpiresAt);

    /// <summary>A job whose runner died once too often, or that was asked to stop and is no longer running: ended, and its kind releases what it held.</summary>
    private async Task GiveUpAsync(CrmDbContext db, BackgroundJob job, CancellationToken cancellationToken)
    {
        var status = job.CancelRequested ? JobStatus.Cancelled : JobStatus.Interrupted;
        var ended = await AsFound(db, job).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, status)
            .SetProperty(j => j.ActiveKey, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.FinishedAt, DateTime.UtcNow), cancellationToken);
        if (ended == 1)
        {
            logger.LogWarning("Job {Id} ({Kind}) of {Owner} given up as {Status} after {Attempts} attempts", job.Id, job.Kind, job.LeaseOwner, status, job.Attempts);
            await queue.AbandonAsync(job);
        }
    }

    private async Task RunAsync(BackgroundJob job, CancellationToken stoppingToken)
    {
        var id = job.Id;
        using var source = queue.Track(id, stoppingToken);
        using var beating = new CancellationTokenSource();
        var lease = new Lease();
        var heartbeat = HeartbeatAsync(id, source, lease, beating.Token);
        var progress = new JobProgress(contexts, id, Options.InstanceName);
        (JobStatus Status, string? Result, string? Error)? end;
        IJob? handler = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            handler = scope.ServiceProvider.GetServices<IJob>().SingleOrDefault(j => j.Kind == job.Kind)
                ?? throw new InvalidOperationException($"No job runs '{job.Kind}'.");
            var result = await handler.RunAsync(job, progress, source.Token);
            end = (JobStatus.Succeeded, result is null ? null : JsonSerializer.Serialize(result, result.GetType()), null);
        }
        catch (OperationCanceledException) when (source.IsCancellationRequested)
        {
            end = lease.Lost || stoppingToken.IsCancellationRequested ? null : (JobStatus.Cancelled, null, null);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {Id} ({Kind}) failed", id, job.Kind);
            end = (JobStatus.Failed, null, handler is null ? ex.Message : handler.Failure(ex));
        }
        finally
        {
            await beating.CancelAsync();
            await heartbeat;
            queue.Untrack(id);
        }

        if (lease.Lost)
        {
            logger.LogWarning("Job {Id} ({Kind}) was taken over by another instance; this run's end is not recorded", id, job.Kind);
        }
        else if (end is { } e)
        {
            if (await FinishAsync(id, e.Status, e.Result, e.Error) && e.Status != JobStatus.Succeeded)
            {
                await queue.AbandonAsync(job);
            }
        }
        else
        {
            await ReleaseAsync(id);
        }
    }

    /// <summary>Whether the job's lease was found taken (another instance took the job over, or it was ended meanwhile).</summary>
    private sealed class Lease
    {
        public volatile bool Lost;
    }

    /// <summary>Renews the lease while the job runs, and stops the job when the lease is gone or a stop was asked for.</summary>
    private async Task HeartbeatAsync(int id, CancellationTokenSource job, Lease lease, CancellationToken stop)
    {
        var me = Options.InstanceName;
        using var timer = new PeriodicTimer(Options.Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await using var db = await contexts.CreateDbContextAsync(stop);
                    var expires = DateTime.UtcNow + Options.Lease;
                    var renewed = await db.BackgroundJobs.Where(j => j.Id == id && j.Status == JobStatus.Running && j.LeaseOwner == me)
                        .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, expires), stop);
                    if (renewed == 0)
                    {
                        lease.Lost = true;
                        await job.CancelAsync();
                        return;
                    }
                    if (await db.BackgroundJobs.AnyAsync(j => j.Id == id && j.CancelRequested, stop))
                    {
                        await job.CancelAsync();
                    }
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    // The database was busy or away: the lease has time left, the next beat tries again.
                    logger.LogWarning(ex, "The lease of job {Id} could not be renewed", id);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the job ended
        }
    }

    /// <summary>Records the job's end; false when its lease had gone meanwhile.</summary>
    private async Task<bool> FinishAsync(int id, JobStatus status, string? result, string? error)
    {
        // Recorded even while the app stops: the job's row must not stay Running.
        var recorded = await UpdateOwnAsync(id, s => s
            .SetProperty(j => j.Status, status)
            .SetProperty(j => j.Progress, j => status == JobStatus.Succeeded ? 1 : j.Progress)
            .SetProperty(j => j.Result, result)
            .SetProperty(j => j.Error, error)
            .SetProperty(j => j.ActiveKey, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.FinishedAt, DateTime.UtcNow));
        if (recorded == 0)
        {
            logger.LogWarning("Job {Id} ended as {Status}, but its lease had gone to another instance: not recorded", id, status);
        }
        return recorded == 1;
    }

    /// <summary>This instance stops: the job goes back to the queue, not counted as an attempt, for any instance to take up.</summary>
    private Task<int> ReleaseAsync(int id) =>
        UpdateOwnAsync(id, s => s
            .SetProperty(j => j.Status, JobStatus.Queued)
            .SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
            .SetProperty(j => j.Attempts, j => j.Attempts - 1)
            .SetProperty(j => j.Stage, (string?)null)
            .SetProperty(j => j.Progress, 0)
            .SetProperty(j => j.StartedAt, (DateTime?)null));

    /// <summary>Changes the job's row only while this instance holds it.</summary>
    private async Task<int> UpdateOwnAsync(int id, Expression<Func<SetPropertyCalls<BackgroundJob>, SetPropertyCalls<BackgroundJob>>> set)
    {
        var me = Options.InstanceName;
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        return await db.BackgroundJobs.Where(j => j.Id == id && j.Status == JobStatus.Running && j.LeaseOwner == me)
            .ExecuteUpdateAsync(set, CancellationToken.None);
    }

    /// <summary>Writes a job's stage and progress to its row, at most every half second or when the stage changes, while this instance holds it.</summary>
    private sealed class JobProgress(SystemContextFactory contexts, int id, string owner) : IProgress<(string Stage, double Fraction)>
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private readonly Lock _gate = new();
        private string? _stage;

        public void Report((string Stage, double Fraction) value)
        {
            lock (_gate)
            {
                if (value.Stage == _stage && _since.ElapsedMilliseconds < 500 && value.Fraction < 1)
                {
                    return;
                }
                _stage = value.Stage;
                _since.Restart();
                using var db = contexts.CreateDbContext();
                db.BackgroundJobs.Where(j => j.Id == id && j.LeaseOwner == owner)
                    .ExecuteUpdate(s => s.SetProperty(j => j.Stage, value.Stage).SetProperty(j => j.Progress, Math.Clamp(value.Fraction, 0, 1)));
            }
        }
    }
}
