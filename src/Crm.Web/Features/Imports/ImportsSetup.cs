using Crm.Web.Infrastructure.Jobs;

namespace Crm.Web.Features.Imports;

public static class ImportsSetup
{
    /// <summary>Imports from the web: the job that runs them and the upload limit (<c>Imports:MaxFileBytes</c>).</summary>
    public static IServiceCollection AddCrmImports(this IServiceCollection services)
    {
        services.AddCrmJobs();
        services.AddScoped<IJob, ImportFileJob>();
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        return services;
    }
}
