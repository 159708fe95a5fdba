namespace Crm.Data.Entities;

/// <summary>
/// A long-running piece of work (training a model, scoring an edition, an import) that runs in the background and reports
/// its progress here, so every page of every instance can show it. Parameters and result are JSON. Any instance's runner
/// may take a queued job; it holds it through a lease (<see cref="LeaseOwner"/> until <see cref="LeaseExpiresAt"/>),
/// renewed while the job runs, so a job runs on one instance at a time and another takes it over when its runner died.
/// </summary>
public class BackgroundJob
{
    public int Id { get; set; }
    /// <summary>What to run, e.g. "match-train" or "match-score".</summary>
    public string Kind { get; set; } = "";
    public string Parameters { get; set; } = "{}";
    public JobStatus Status { get; set; }
    /// <summary>0–1.</summary>
    public double Progress { get; set; }
    /// <summary>The current stage's key (e.g. "features", "training", "scoring", "writing").</summary>
    public string? Stage { get; set; }
    /// <summary>A summary of the result as JSON, when it succeeded.</summary>
    public string? Result { get; set; }
    public string? Error { get; set; }
    public string? CreatedByUserId { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }

    /// <summary>The instance running the job (or that ran it last), by its <c>Jobs:InstanceName</c>.</summary>
    public string? LeaseOwner { get; set; }
    /// <summary>While Running: until when <see cref="LeaseOwner"/> holds the job; after that another instance may take it over.</summary>
    public DateTime? LeaseExpiresAt { get; set; }
    /// <summary>How many times a runner took the job up (1 normally; more after takeovers).</summary>
    public int Attempts { get; set; }
    /// <summary>Someone asked the job to stop; whichever instance runs it stops at its next checkpoint.</summary>
    public bool CancelRequested { get; set; }
    /// <summary>
    /// A hash of kind and parameters while an identical request must join this job instead of queuing another (see
    /// <see cref="Duplicates"/>); null otherwise. Unique among non-null values, which makes "start once" atomic across instances.
    /// </summary>
    public string? ActiveKey { get; set; }
    public JobDuplicates Duplicates { get; set; }
    /// <summary>
    /// A job this one needs ended first (e.g. the first scoring needs the first model trained): no runner takes this one
    /// while that one is queued or running (a job that is gone counts as ended: no foreign key, so old jobs can be
    /// deleted in any order). One instance runs its queue in order anyway; several would not.
    /// </summary>
    public int? AfterJobId { get; set; }
}

public enum JobStatus { Queued, Running, Succeeded, Failed, Cancelled, Interrupted }

/// <summary>When a request for a job identical to one already there (same kind and parameters) is that job.</summary>
public enum JobDuplicates
{
    /// <summary>While the other is queued: once it runs it has read its data, so a later request (after a change) queues anew.</summary>
    JoinQueued,
    /// <summary>While the other is queued or running: a second training or whole-edition scoring would do the same work again.</summary>
    JoinOpen,
}
