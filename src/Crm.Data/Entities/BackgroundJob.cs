namespace Crm.Data.Entities;

/// <summary>
/// A long-running piece of work (training a model, scoring an edition) that runs in the background and reports its
/// progress here, so every page (and every instance) can show it. Parameters and result are JSON.
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
}

public enum JobStatus { Queued, Running, Succeeded, Failed, Cancelled, Interrupted }
