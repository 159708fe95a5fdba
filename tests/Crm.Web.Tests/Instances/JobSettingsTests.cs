using Crm.Web.Cli;

namespace Crm.Web.Tests.Instances;

/// <summary>The job settings are checked at start-up: a value that would break leases stops the real executable with the reason.</summary>
public sealed class JobSettingsTests
{
    [Theory]
    [InlineData("Jobs__LeaseSeconds", "1", "Jobs:LeaseSeconds: The field LeaseSeconds must be between 3 and 3600.")]
    [InlineData("Jobs__PollSeconds", "0", "Jobs:PollSeconds: The field PollSeconds must be between 0.05 and 600.")]
    [InlineData("Jobs__MaxAttempts", "0", "Jobs:MaxAttempts: The field MaxAttempts must be between 1 and 100.")]
    [InlineData("Jobs__LeaseSeconds", "soon", "The 'Jobs' section cannot be read")]
    public async Task A_job_setting_that_cannot_work_stops_the_app_at_start_up_with_exit_code_5_and_the_reason(string variable, string value, string reason)
    {
        await using var database = await TestDatabase.CreateAsync();
        using var app = AppProcess.Start(database, (variable, value));

        var code = await app.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == ExitCode.DatabaseError, $"exit code {code}\n{app.Log}");
        Assert.Contains("Crm.Web cannot start: " + reason, app.Log);
    }
}
