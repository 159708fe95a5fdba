using Crm.Data;
using Crm.Web.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Matching;

public static class MatchingSetup
{
    /// <summary>
    /// The matchmaking engine's services: the shared use cases, the job queue and runner, the matching jobs, and
    /// re-scoring after a change (the interceptor every context of the app carries, and the service that enqueues the jobs),
    /// and the first models of a new database.
    /// </summary>
    public static IServiceCollection AddCrmMatching(this IServiceCollection services)
    {
        services.AddSingleton<MatchingService>();
        services.AddCrmJobs();
        services.AddScoped<IJob, TrainModelJob>();
        services.AddScoped<IJob, ScoreEditionJob>();

        services.AddSingleton<ParticipantChanges>();
        services.AddSingleton<ParticipantChangeInterceptor>();
        // Added to the options AddCrmData registers, which the user-bound, the system and Identity's contexts all share.
        services.ConfigureDbContext<CrmDbContext>((provider, builder) => builder.AddInterceptors(provider.GetRequiredService<ParticipantChangeInterceptor>()),
            ServiceLifetime.Singleton);
        services.AddOptions<RescoringOptions>().BindConfiguration(RescoringOptions.Section);
        services.AddOptions<Proposals.MatchmakingOptions>().BindConfiguration(Proposals.MatchmakingOptions.Section);
        services.AddHostedService<Rescoring>();

        services.AddOptions<MatchingBootstrapOptions>().BindConfiguration(RescoringOptions.Section);
        services.AddHostedService<MatchingBootstrap>();
        return services;
    }
}
