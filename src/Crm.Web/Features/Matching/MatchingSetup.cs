using Crm.Web.Infrastructure.Jobs;

namespace Crm.Web.Features.Matching;

public static class MatchingSetup
{
    /// <summary>The matchmaking engine's services: the shared use cases, the job queue and runner, and the matching jobs.</summary>
    public static IServiceCollection AddCrmMatching(this IServiceCollection services)
    {
        services.AddSingleton<MatchingService>();
        services.AddSingleton<JobQueue>();
        services.AddHostedService<JobRunner>();
        services.AddScoped<IJob, TrainModelJob>();
        services.AddScoped<IJob, ScoreEditionJob>();
        return services;
    }
}
