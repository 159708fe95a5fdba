using Crm.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Web.Infrastructure;

/// <summary>
/// What a reverse proxy or a service manager asks: <c>/health/live</c> (the process answers; no database),
/// <c>/health/ready</c> (the database answers and its schema is this version's: no migration pending), and the older
/// <c>/health</c> (the database answers), kept as it was for the journeys and benches that wait on it.
/// </summary>
public static class HealthEndpoints
{
    private const string DatabaseCheck = "database";
    private const string ReadyTag = "ready";

    public static IServiceCollection AddCrmHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<CrmDbContext>(DatabaseCheck, tags: [ReadyTag])
            // Degraded, not Unhealthy: a pending migration is a state of an upgrade, not a fault; it is logged as a
            // warning, not an error, while the proxy polls (and the ready endpoint answers 503 for it all the same).
            .AddCheck<MigrationsApplied>("migrations", failureStatus: HealthStatus.Degraded, tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapCrmHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Name == DatabaseCheck }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();
        return endpoints;
    }

    /// <summary>Every migration of this build is applied to the database (one query of the migration history).</summary>
    private sealed class MigrationsApplied(CrmDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
                return pending.Count == 0
                    ? HealthCheckResult.Healthy()
                    : new HealthCheckResult(context.Registration.FailureStatus, $"{pending.Count} migration(s) pending, the newest {pending[^1]}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database check says why the database does not answer; this one only says it cannot tell.
                return new HealthCheckResult(context.Registration.FailureStatus, "the migration history could not be read", ex);
            }
        }
    }
}
