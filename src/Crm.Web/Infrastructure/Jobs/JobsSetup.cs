using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Web.Infrastructure.Jobs;

public static class JobsSetup
{
    /// <summary>The background job queue and its runner; each feature adds its <see cref="IJob"/>s. Safe to call more than once.</summary>
    public static IServiceCollection AddCrmJobs(this IServiceCollection services)
    {
        services.TryAddSingleton<JobQueue>();
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.Section); // checked at start-up by JobOptions.Check
        services.AddHostedService<JobRunner>(); // TryAddEnumerable inside: one runner however often this is called
        return services;
    }
}
