using System.ComponentModel.DataAnnotations;
using Crm.Data;

namespace Crm.Web.Infrastructure.Jobs;

/// <summary>How this instance takes part in running background jobs (section <c>Jobs</c>).</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// <c>Jobs:InstanceName</c>: this instance's name in job leases, shown with each job. Must differ between instances
    /// running at the same time; by default the machine's name and the process id. A job leased to this name when the
    /// instance starts is one it was running when it stopped, and is taken up again at once instead of after its lease.
    /// </summary>
    [Required, MaxLength(128)]
    public string InstanceName { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// <c>Jobs:LeaseSeconds</c> (default 60): how long a running job stays with its instance without a renewal; renewed
    /// every sixth of it. An instance that died loses its job this long after its last renewal.
    /// </summary>
    [Range(3, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary><c>Jobs:PollSeconds</c> (default 2): how often the runner looks for jobs queued by other instances.</summary>
    [Range(0.05, 600)]
    public double PollSeconds { get; set; } = 2;

    /// <summary>
    /// <c>Jobs:MaxAttempts</c> (default 2): how many times a job is taken up before one whose runner died again is given up
    /// as Interrupted (a job that brings its process down would otherwise bring every instance down in turn).
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 2;

    /// <summary>
    /// Reads and checks the <c>Jobs</c> section at start-up: a lease of 0 s or a poll of an hour is refused with its reason
    /// (<see cref="CrmConfigurationException"/>) rather than found out when a job is taken over twice or never.
    /// </summary>
    public static void Check(IConfiguration configuration)
    {
        JobOptions options;
        try
        {
            options = configuration.GetSection(Section).Get<JobOptions>() ?? new JobOptions();
        }
        catch (InvalidOperationException ex)
        {
            throw new CrmConfigurationException($"The '{Section}' section cannot be read: {ex.Message}", ex);
        }
        var failures = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), failures, validateAllProperties: true))
        {
            throw new CrmConfigurationException(string.Join(" ", failures.Select(f => $"{Section}:{f.MemberNames.FirstOrDefault()}: {f.ErrorMessage}")));
        }
    }

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
    public TimeSpan Heartbeat => TimeSpan.FromSeconds(LeaseSeconds / 6.0);
    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);
}
