using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Jobs;

/// <summary>
/// Background jobs: a row in <see cref="BackgroundJob"/> per job, which is the queue. Any instance's <see cref="JobRunner"/>
/// takes queued rows through a lease; this instance's runner is woken at once when a job is queued here, other instances'
/// find it when they next look. A request for a job identical to an open one joins it (<see cref="JobDuplicates"/>).
/// </summary>
public sealed class JobQueue(SystemContextFactory contexts, IServiceScopeFactory scopes, ILogger<JobQueue> logger)
{
    private readonly SemaphoreSlim _queued = new(0);
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _running = new();

    /// <summary>
    /// Records a job as queued and wakes the runner; returns its id, or the id of the identical job it joined. Atomic across
    /// instances: the database's unique <see cref="BackgroundJob.ActiveKey"/> lets one of two simultaneous requests in.
    /// </summary>
    /// <param name="after">A job that must have ended before this one starts (<see cref="BackgroundJob.AfterJobId"/>).</param>
    public async Task<int> EnqueueAsync(string kind, object parameters, string? userId, string userName, CancellationToken cancellationToken,
        JobDuplicates duplicates = JobDuplicates.JoinQueued, int? after = null)
    {
        var json = JsonSerializer.Serialize(parameters);
        var key = ActiveKey(kind, json, duplicates);
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await OpenJobAsync(db, key, cancellationToken) is { } existing)
            {
                return existing;
            }
            var job = new BackgroundJob
            {
                Kind = kind,
                Parameters = json,
                Status = JobStatus.Queued,
                CreatedByUserId = userId,
                CreatedBy = userName,
                CreatedAt = DateTime.UtcNow,
                ActiveKey = key,
                Duplicates = duplicates,
                AfterJobId = after,
            };
            db.BackgroundJobs.Add(job);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                _queued.Release();
                return job.Id;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another instance queued the same job in between: the next round finds and joins it.
            }
        }
    }

    private static Task<int?> OpenJobAsync(CrmDbContext db, string key, CancellationToken cancellationToken) =>
        db.BackgroundJobs.Where(j => j.ActiveKey == key).Select(j => (int?)j.Id).SingleOrDefaultAsync(cancellationToken);

    /// <summary>Kind, parameters and the way duplicates join, hashed: the same request made twice has the same key.</summary>
    internal static string ActiveKey(string kind, string parameters, JobDuplicates duplicates) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{duplicates}\n{parameters}")));

    /// <summary>Waits until a job is queued on this instance, or the time is up (jobs queued elsewhere are found by looking).</summary>
    internal async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _queued.WaitAsync(timeout, cancellationToken);
        while (_queued.Wait(0))
        {
            // one look at the table serves every job queued meanwhile
        }
    }

    /// <summary>
    /// Asks a job to stop, on whichever instance: a queued one is cancelled at once, a running one stops at its next
    /// checkpoint (at once when it runs here). False when the job is no longer queued or running.
    /// </summary>
    public async Task<bool> CancelAsync(int id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var queued = await db.BackgroundJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id && j.Status == JobStatus.Queued, cancellationToken);
        if (queued is not null && await db.BackgroundJobs.Where(j => j.Id == id && j.Status == JobStatus.Queued)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.Status, JobStatus.Cancelled)
                    .SetProperty(j => j.CancelRequested, true)
                    .SetProperty(j => j.ActiveKey, (string?)null)
                    .SetProperty(j => j.FinishedAt, DateTime.UtcNow), cancellationToken) > 0)
        {
            await AbandonAsync(queued);
            return true;
        }
        var asked = await db.BackgroundJobs.Where(j => j.Id == id && j.Status == JobStatus.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), cancellationToken);
        if (asked > 0 && _running.TryGetValue(id, out var source))
        {
            try
            {
                await source.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // it ended meanwhile
            }
        }
        return asked > 0;
    }

    /// <summary>Lets the job's kind release what the job held; a failure there is logged, not thrown.</summary>
    internal async Task AbandonAsync(BackgroundJob job)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (scope.ServiceProvider.GetServices<IJob>().SingleOrDefault(j => j.Kind == job.Kind) is { } handler)
            {
                await handler.AbandonAsync(job);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {Id} ({Kind}) could not be cleaned up", job.Id, job.Kind);
        }
    }

    internal CancellationTokenSource Track(int id, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[id] = source;
        return source;
    }

    internal void Untrack(int id) => _running.TryRemove(id, out _);
}

/// <summary>One kind of background job. Implementations are scoped services picked by <see cref="Kind"/>.</summary>
public interface IJob
{
    string Kind { get; }

    /// <summary>
    /// Runs the job; the returned object is stored as its result (JSON). It may run again after a takeover (its instance
    /// died): what it writes is one transaction, so a second run starts from what the first left, which is nothing.
    /// </summary>
    Task<object?> RunAsync(BackgroundJob job, IProgress<(string Stage, double Fraction)> progress, CancellationToken cancellationToken);

    /// <summary>
    /// Called for a job of this kind that ended without success or will not run (any more): failed, cancelled, or given up
    /// after its runner died <see cref="JobOptions.MaxAttempts"/> times (what it wrote was rolled back with its transaction).
    /// Releases what the job would have released at the end of a successful run, e.g. its upload.
    /// </summary>
    Task AbandonAsync(BackgroundJob job) => Task.CompletedTask;

    /// <summary>
    /// What the job's row keeps of a failure (<see cref="BackgroundJob.Error"/>): by default the exception's message, as
    /// the log has it. A job that foresees a failure keeps a reason its readers put in words in their own language.
    /// Called after the job's scope has ended: it may not use the scope's services.
    /// </summary>
    string Failure(Exception exception) => exception.Message;
}
