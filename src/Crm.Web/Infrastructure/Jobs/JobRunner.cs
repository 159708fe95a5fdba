using System.Diagnostics;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Infrastructure.Jobs;

/// <summary>
/// Runs queued jobs one after another and keeps their row up to date: Running with progress (written at most twice a
/// second), then Succeeded with a result, Failed with the error, or Cancelled. A job that was running when the process
/// stopped is marked Interrupted at the next start (nothing it wrote is half-done: every job writes in one transaction)
/// and its kind releases what it held (<see cref="IJob.AbandonAsync"/>); it is not run again by itself (a job that brought
/// the process down would bring it down again), but it can be started anew. Queued jobs are taken up again.
/// </summary>
public sealed class JobRunner(JobQueue queue, SystemContextFactory contexts, IServiceScopeFactory scopes, ILogger<JobRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await RunAsync(id, stoppingToken);
        }
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var interrupted = await db.BackgroundJobs.AsNoTracking().Where(j => j.Status == JobStatus.Running).ToListAsync(cancellationToken);
        foreach (var job in interrupted)
        {
            // Released first: should the process stop again in between, the job is still Running and released again next time.
            await AbandonAsync(job);
            await Update(db, job.Id, s => s.SetProperty(j => j.Status, JobStatus.Interrupted).SetProperty(j => j.FinishedAt, DateTime.UtcNow), cancellationToken);
        }
        foreach (var id in await db.BackgroundJobs.Where(j => j.Status == JobStatus.Queued).OrderBy(j => j.Id).Select(j => j.Id).ToListAsync(cancellationToken))
        {
            queue.Requeue(id);
        }
    }

    /// <summary>Lets the job's kind release what the job held; a failure there is logged and does not stop the runner.</summary>
    private async Task AbandonAsync(BackgroundJob job)
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
            logger.LogError(ex, "Interrupted job {Id} ({Kind}) could not be cleaned up", job.Id, job.Kind);
        }
    }

    private async Task RunAsync(int id, CancellationToken stoppingToken)
    {
        BackgroundJob? job;
        await using (var db = await contexts.CreateDbContextAsync(stoppingToken))
        {
            job = await db.BackgroundJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, stoppingToken);
            if (job is null || job.Status != JobStatus.Queued)
            {
                return;
            }
            await Update(db, id, s => s.SetProperty(j => j.Status, JobStatus.Running).SetProperty(j => j.StartedAt, DateTime.UtcNow), stoppingToken);
        }

        using var source = queue.Track(id, stoppingToken);
        var progress = new JobProgress(contexts, id);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IJob>().SingleOrDefault(j => j.Kind == job.Kind)
                ?? throw new InvalidOperationException($"No job runs '{job.Kind}'.");
            var result = await handler.RunAsync(job, progress, source.Token);
            await Finish(id, JobStatus.Succeeded, result is null ? null : JsonSerializer.Serialize(result, result.GetType()), null);
        }
        catch (OperationCanceledException) when (source.IsCancellationRequested)
        {
            await Finish(id, stoppingToken.IsCancellationRequested ? JobStatus.Interrupted : JobStatus.Cancelled, null, null);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Job {Id} ({Kind}) failed", id, job.Kind);
            await Finish(id, JobStatus.Failed, null, ex.Message);
        }
        finally
        {
            queue.Untrack(id);
        }
    }

    private async Task Finish(int id, JobStatus status, string? result, string? error)
    {
        // Recorded even while the app stops: the job's row must not stay Running.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await Update(db, id, s => s
            .SetProperty(j => j.Status, status)
            .SetProperty(j => j.Progress, j => status == JobStatus.Succeeded ? 1 : j.Progress)
            .SetProperty(j => j.Result, result)
            .SetProperty(j => j.Error, error)
            .SetProperty(j => j.FinishedAt, DateTime.UtcNow), CancellationToken.None);
    }

    private static Task Update(CrmDbContext db, int id,
        System.Linq.Expressions.Expression<Func<Microsoft.EntityFrameworkCore.Query.SetPropertyCalls<BackgroundJob>, Microsoft.EntityFrameworkCore.Query.SetPropertyCalls<BackgroundJob>>> set,
        CancellationToken cancellationToken) =>
        db.BackgroundJobs.Where(j => j.Id == id).ExecuteUpdateAsync(set, cancellationToken);

    /// <summary>Writes a job's stage and progress to its row, at most every half second or when the stage changes.</summary>
    private sealed class JobProgress(SystemContextFactory contexts, int id) : IProgress<(string Stage, double Fraction)>
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
                db.BackgroundJobs.Where(j => j.Id == id)
                    .ExecuteUpdate(s => s.SetProperty(j => j.Stage, value.Stage).SetProperty(j => j.Progress, Math.Clamp(value.Fraction, 0, 1)));
            }
        }
    }
}
