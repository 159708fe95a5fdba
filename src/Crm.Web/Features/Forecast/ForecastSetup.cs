using Crm.Web.Infrastructure.Jobs;

namespace Crm.Web.Features.Forecast;

public static class ForecastSetup
{
    /// <summary>
    /// The realisation forecast: its use cases, its jobs, and the daily refresh (a forecast ages with its deal). Forecasts
    /// after a change are enqueued by re-scoring, which already gathers the saves (see ParticipantChanges).
    /// </summary>
    public static IServiceCollection AddCrmForecast(this IServiceCollection services)
    {
        services.AddSingleton<ForecastService>();
        services.AddCrmJobs();
        services.AddScoped<IJob, TrainForecastJob>();
        services.AddScoped<IJob, ForecastDealsJob>();
        services.AddHostedService<DailyForecasts>();
        return services;
    }
}
