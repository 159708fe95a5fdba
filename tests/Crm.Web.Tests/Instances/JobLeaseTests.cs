using System.Collections.Concurrent;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.Web.Tests.Instances;

/// <summary>
/// Background jobs over one database shared by two instances (two service providers with their own queue and runner over
/// one SQLite file): a job runs once, on one instance, is taken over when its runner is gone, and is stopped from either.
/// The job itself is a probe that records each run and holds until the test lets it go; what is tested is the runner.
/// </summary>
public sealed class JobLeaseTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private readonly Probe _probe = new();
    private readonly List<ServiceProvider> _instances = [];

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        _probe.ReleaseAll();
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task The_same_job_started_on_two_instances_at_the_same_moment_is_one_job()
    {
        var a = await StartInstanceAsync("a", run: false);
        var b = await StartInstanceAsync("b", run: false);

        var ids = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Queue(i % 2 == 0 ? a : b).EnqueueAsync(Probe.Kind, new ProbeParameters("train"), null, "test", CancellationToken.None, JobDuplicates.JoinOpen)));

        Assert.Single(ids.Distinct());
        await using var db = _database.CreateDbContext();
        Assert.Equal(1, await db.BackgroundJobs.CountAsync());
    }

    [Fact]
    public async Task Jobs_queued_on_either_instance_each_run_exactly_once()
    {
        var a = await StartInstanceAsync("a");
        var b = await StartInstanceAsync("b");

        var ids = new List<int>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add(await Queue(i % 2 == 0 ? a : b).EnqueueAsync(Probe.Kind, new ProbeParameters($"job {i}", Hold: false), null, "test", CancellationToken.None));
        }
        foreach (var id in ids)
        {
            await WaitForAsync(id, JobStatus.Succeeded);
        }

        Assert.All(ids, id => Assert.Single(_probe.Runs, r => r.Job == id));
        await using var db = _database.CreateDbContext();
        Assert.All(await db.BackgroundJobs.ToListAsync(), j => Assert.Equal((1, (string?)null), (j.Attempts, j.ActiveKey)));
    }

    [Fact]
    public async Task An_identical_job_joins_a_running_one_only_when_asked_to()
    {
        var a = await StartInstanceAsync("a");
        var training = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("same"), null, "test", CancellationToken.None, JobDuplicates.JoinOpen);
        await _probe.StartedAsync(training);

        var again = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("same"), null, "test", CancellationToken.None, JobDuplicates.JoinOpen);
        var afterAChange = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("same"), null, "test", CancellationToken.None, JobDuplicates.JoinQueued);
        var afterAnotherChange = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("same"), null, "test", CancellationToken.None, JobDuplicates.JoinQueued);

        Assert.Equal(training, again); // a second training would do the same work
        Assert.NotEqual(training, afterAChange); // the running one read its data before the change
        Assert.Equal(afterAChange, afterAnotherChange); // the queued one will read both changes
    }

    [Fact]
    public async Task A_job_queued_after_another_waits_for_it_to_end_though_another_instance_is_idle()
    {
        var a = await StartInstanceAsync("a");
        var b = await StartInstanceAsync("b");
        var train = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("train first"), null, "test", CancellationToken.None);
        await _probe.StartedAsync(train);
        var score = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("then score", Hold: false), null, "test", CancellationToken.None, after: train);

        await Task.Delay(TimeSpan.FromSeconds(1)); // ten looks at the table by the idle instance

        Assert.DoesNotContain(_probe.Runs, r => r.Job == score);
        _probe.Release(train);
        await WaitForAsync(score, JobStatus.Succeeded);
        Assert.Equal([train, score], _probe.Runs.Select(r => r.Job));
    }

    [Fact]
    public async Task A_job_whose_instance_stopped_renewing_its_lease_is_taken_over_by_the_other_and_run_again()
    {
        var job = await AddRunningJobAsync(owner: "gone", expiresIn: TimeSpan.FromSeconds(1), attempts: 1);
        var b = await StartInstanceAsync("b");

        await _probe.StartedAsync(job);
        _probe.Release(job);
        var row = await WaitForAsync(job, JobStatus.Succeeded);

        Assert.Equal(("b", 2), (row.LeaseOwner, row.Attempts));
    }

    [Fact]
    public async Task A_job_still_leased_to_a_live_instance_is_left_alone()
    {
        var job = await AddRunningJobAsync(owner: "alive", expiresIn: TimeSpan.FromMinutes(5), attempts: 1);
        await StartInstanceAsync("b");

        await Task.Delay(TimeSpan.FromSeconds(1)); // ten looks at the table

        Assert.Empty(_probe.Runs);
        await using var db = _database.CreateDbContext();
        Assert.Equal(("alive", JobStatus.Running), await db.BackgroundJobs.Where(j => j.Id == job).Select(j => ValueTuple.Create(j.LeaseOwner, j.Status)).SingleAsync());
    }

    [Fact]
    public async Task A_job_leased_to_this_instances_own_name_when_it_starts_is_taken_up_at_once_not_after_the_lease()
    {
        var job = await AddRunningJobAsync(owner: "b", expiresIn: TimeSpan.FromMinutes(5), attempts: 1);
        await StartInstanceAsync("b");

        await _probe.StartedAsync(job);
        _probe.Release(job);

        Assert.Equal(2, (await WaitForAsync(job, JobStatus.Succeeded)).Attempts);
    }

    [Fact]
    public async Task A_job_whose_runner_died_on_its_last_attempt_is_given_up_as_interrupted()
    {
        var job = await AddRunningJobAsync(owner: "gone", expiresIn: TimeSpan.FromSeconds(-1), attempts: 2);
        await StartInstanceAsync("b");

        var row = await WaitForAsync(job, JobStatus.Interrupted);

        Assert.Empty(_probe.Runs);
        Assert.Null(row.ActiveKey); // the same job can be started anew
    }

    [Fact]
    public async Task A_job_asked_to_stop_whose_runner_died_before_it_could_is_cancelled_not_run_again()
    {
        var job = await AddRunningJobAsync(owner: "gone", expiresIn: TimeSpan.FromSeconds(-1), attempts: 1, cancelRequested: true);
        await StartInstanceAsync("b");

        await WaitForAsync(job, JobStatus.Cancelled);

        Assert.Empty(_probe.Runs);
    }

    [Fact]
    public async Task The_lease_is_renewed_while_the_job_runs_so_a_long_job_is_not_taken_over()
    {
        var a = await StartInstanceAsync("a");
        var job = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("long"), null, "test", CancellationToken.None);
        await _probe.StartedAsync(job);
        await StartInstanceAsync("b");

        await Task.Delay(TimeSpan.FromSeconds(3 * LeaseSeconds)); // three leases
        _probe.Release(job);
        var row = await WaitForAsync(job, JobStatus.Succeeded);

        Assert.Equal(("a", 1), (row.LeaseOwner, row.Attempts));
        Assert.Single(_probe.Runs);
    }

    [Fact]
    public async Task A_runner_that_finds_its_lease_taken_stops_the_job_and_records_nothing_over_the_new_owner()
    {
        var a = await StartInstanceAsync("a");
        var job = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("stolen"), null, "test", CancellationToken.None);
        await _probe.StartedAsync(job);

        await using (var db = _database.CreateDbContext())
        {
            await db.BackgroundJobs.Where(j => j.Id == job).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, "other"));
        }
        await _probe.StoppedAsync(job);
        await Task.Delay(200);

        await using var check = _database.CreateDbContext();
        var row = await check.BackgroundJobs.SingleAsync(j => j.Id == job);
        Assert.Equal((JobStatus.Running, "other", (DateTime?)null), (row.Status, row.LeaseOwner, row.FinishedAt));
    }

    [Fact]
    public async Task A_job_running_on_one_instance_is_cancelled_from_the_other()
    {
        var a = await StartInstanceAsync("a");
        var b = await StartInstanceAsync("b", run: false);
        var job = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("cancel me"), null, "test", CancellationToken.None);
        await _probe.StartedAsync(job);

        Assert.True(await Queue(b).CancelAsync(job, CancellationToken.None));

        await _probe.StoppedAsync(job);
        var row = await WaitForAsync(job, JobStatus.Cancelled);
        Assert.Null(row.ActiveKey);
        Assert.False(await Queue(b).CancelAsync(job, CancellationToken.None)); // nothing left to stop
    }

    [Fact]
    public async Task A_queued_job_cancelled_never_runs()
    {
        var a = await StartInstanceAsync("a", run: false);
        var job = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("never"), null, "test", CancellationToken.None);

        Assert.True(await Queue(a).CancelAsync(job, CancellationToken.None));
        await StartInstanceAsync("b");
        await Task.Delay(500);

        Assert.Empty(_probe.Runs);
        await using var db = _database.CreateDbContext();
        Assert.Equal(JobStatus.Cancelled, await db.BackgroundJobs.Where(j => j.Id == job).Select(j => j.Status).SingleAsync());
    }

    [Fact]
    public async Task A_job_running_when_its_instance_shuts_down_goes_back_to_the_queue_and_the_other_instance_runs_it()
    {
        var a = await StartInstanceAsync("a");
        var job = await Queue(a).EnqueueAsync(Probe.Kind, new ProbeParameters("handed over"), null, "test", CancellationToken.None);
        await _probe.StartedAsync(job);

        await StopRunnerAsync(a);
        await _probe.StoppedAsync(job);
        await StartInstanceAsync("b");
        await _probe.StartedAsync(job, run: 2);
        _probe.Release(job);
        var row = await WaitForAsync(job, JobStatus.Succeeded);

        Assert.Equal(("b", 1), (row.LeaseOwner, row.Attempts)); // a handover is not a failed attempt
    }

    private const int LeaseSeconds = 3;

    /// <summary>One instance: the app's job services over the shared database, with the probe; its runner started unless asked not to.</summary>
    private async Task<ServiceProvider> StartInstanceAsync(string name, bool run = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(_database.Settings)
        {
            ["Jobs:InstanceName"] = name,
            ["Jobs:LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Jobs:PollSeconds"] = "0.1",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCrmData(configuration)
            .AddCrmJobs()
            .AddSingleton(_probe)
            .AddScoped<IJob, ProbeJob>()
            .BuildServiceProvider();
        _instances.Add(services);
        if (run)
        {
            foreach (var runner in services.GetServices<IHostedService>().OfType<JobRunner>())
            {
                await runner.StartAsync(CancellationToken.None);
            }
        }
        return services;
    }

    private static async Task StopRunnerAsync(ServiceProvider instance)
    {
        foreach (var runner in instance.GetServices<IHostedService>().OfType<JobRunner>())
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    private static JobQueue Queue(ServiceProvider instance) => instance.GetRequiredService<JobQueue>();

    /// <summary>A job Running under another instance's name, as a dead or a live instance leaves it.</summary>
    private async Task<int> AddRunningJobAsync(string owner, TimeSpan expiresIn, int attempts, bool cancelRequested = false)
    {
        await using var db = _database.CreateDbContext();
        var job = new BackgroundJob
        {
            Kind = Probe.Kind, Parameters = JsonSerializer.Serialize(new ProbeParameters("orphan")), Status = JobStatus.Running, CreatedBy = "test",
            CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow, LeaseOwner = owner, LeaseExpiresAt = DateTime.UtcNow + expiresIn, Attempts = attempts,
            CancelRequested = cancelRequested,
        };
        db.BackgroundJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }

    private async Task<BackgroundJob> WaitForAsync(int id, JobStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = _database.CreateDbContext();
            var row = await db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == id);
            if (row.Status == status)
            {
                return row;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {id} is {row.Status}, not {status}");
            await Task.Delay(50);
        }
    }

    /// <param name="Hold">Whether the run waits until the test releases it (or it is cancelled).</param>
    private sealed record ProbeParameters(string Name, bool Hold = true);

    /// <summary>Records every run of every probe job, and holds runs until released.</summary>
    private sealed class Probe
    {
        public const string Kind = "probe";

        private readonly ConcurrentDictionary<int, TaskCompletionSource> _released = new();
        private readonly ConcurrentDictionary<(int Job, int Run), TaskCompletionSource> _started = new();
        private readonly ConcurrentDictionary<(int Job, int Run), TaskCompletionSource> _stopped = new();
        public ConcurrentQueue<(int Job, string Instance)> Runs { get; } = new();

        private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task RunAsync(BackgroundJob job, bool hold, CancellationToken cancellationToken)
        {
            Runs.Enqueue((job.Id, job.LeaseOwner ?? ""));
            var run = Runs.Count(r => r.Job == job.Id);
            _started.GetOrAdd((job.Id, run), _ => Signal()).TrySetResult();
            try
            {
                if (hold)
                {
                    await _released.GetOrAdd(job.Id, _ => Signal()).Task.WaitAsync(cancellationToken);
                }
            }
            finally
            {
                _stopped.GetOrAdd((job.Id, run), _ => Signal()).TrySetResult();
            }
        }

        public Task StartedAsync(int job, int run = 1) => _started.GetOrAdd((job, run), _ => Signal()).Task.WaitAsync(TimeSpan.FromSeconds(30));

        public Task StoppedAsync(int job, int run = 1) => _stopped.GetOrAdd((job, run), _ => Signal()).Task.WaitAsync(TimeSpan.FromSeconds(30));

        public void Release(int job) => _released.GetOrAdd(job, _ => Signal()).TrySetResult();

        public void ReleaseAll()
        {
            foreach (var signal in _released.Values)
            {
                signal.TrySetResult();
            }
        }
    }

    private sealed class ProbeJob(Probe probe) : IJob
    {
        public string Kind => Probe.Kind;

        public async Task<object?> RunAsync(BackgroundJob job, IProgress<(string Stage, double Fraction)> progress, CancellationToken cancellationToken)
        {
            var parameters = JsonSerializer.Deserialize<ProbeParameters>(job.Parameters)!;
            progress.Report(("probing", 0.5));
            await probe.RunAsync(job, parameters.Hold, cancellationToken);
            return new { parameters.Name };
        }
    }
}
