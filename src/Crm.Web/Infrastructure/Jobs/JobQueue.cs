using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Crm.Data;
using Crm.Data.Entities;

namespace Crm.Web.Infrastructure.Jobs;

/// <summary>
/// Background jobs: a row in <see cref="BackgroundJob"/> per job (so every page can show its progress), and a queue the
/// <see cref="JobRunner"/> reads. Jobs run one at a time: they are CPU-bound and the machine is small.
/// </summary>
public sealed class JobQueue(SystemContextFactory contexts)
{
    private readonly Channel<int> _queue = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<int, CancellationTokenSource> _running = new();

    internal ChannelReader<int> Reader => _queue.Reader;

    /// <summary>Records a job as queued and hands it to the runner.</summary>
    public async Task<int> EnqueueAsync(string kind, object parameters, string? userId, string userName, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = new BackgroundJob
        {
            Kind = kind,
            Parameters = JsonSerializer.Serialize(parameters),
            Status = JobStatus.Queued,
            CreatedByUserId = userId,
            CreatedBy = userName,
            CreatedAt = DateTime.UtcNow,
        };
        db.BackgroundJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        await _queue.Writer.WriteAsync(job.Id, cancellationToken);
        return job.Id;
    }

    internal void Requeue(int id) => _queue.Writer.TryWrite(id);

    /// <summary>Asks a running job to stop at its next checkpoint; false when it is not running here.</summary>
    public bool Cancel(int id)
    {
        if (_running.TryGetValue(id, out var source))
        {
            source.Cancel();
            return true;
        }
        return false;
    }

    internal CancellationTokenSource Track(int id, CancellationToken stopping)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _running[id] = source;
        return source;
    }

    internal void Untrack(int id)
    {
        if (_running.TryRemove(id, out var source))
        {
            source.Dispose();
        }
    }
}

/// <summary>One kind of background job. Implementations are scoped services picked by <see cref="Kind"/>.</summary>
public interface IJob
{
    string Kind { get; }

    /// <summary>Runs the job; the returned object is stored as its result (JSON).</summary>
    Task<object?> RunAsync(BackgroundJob job, IProgress<(string Stage, double Fraction)> progress, CancellationToken cancellationToken);

    /// <summary>
    /// Called at start-up for a job of this kind that was running when the process stopped (it is now Interrupted, and what
    /// it wrote was rolled back with its transaction): releases what the job would have released at its end, e.g. a file.
    /// </summary>
    Task AbandonAsync(BackgroundJob job) => Task.CompletedTask;
}
