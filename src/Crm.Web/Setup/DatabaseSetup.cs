using Crm.Data;
using Crm.Data.Seeding;
using Crm.Seed;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Setup;

/// <summary>What <see cref="DatabaseSetup.SeedAsync"/> did.</summary>
public sealed record SeedOutcome(bool AlreadySeeded, IReadOnlyList<SeedStep> Steps, TimeSpan Generated, TimeSpan Loaded);

/// <summary>Brings a database to the current schema and, when it is empty, loads the generated seed.</summary>
public static class DatabaseSetup
{
    /// <summary>
    /// At app start: migrate, and on first start (an empty database) load the demo seed of size <c>Seed:Size</c> (full by
    /// default) when <c>Seed:OnFirstStart</c> is true, which is the default for the embedded SQLite database only: a
    /// SQL Server (production) database never gets the demo users and their fixed password unless asked for.
    /// <c>Database:PrepareOnStart=false</c> leaves the database alone (e.g. when operators migrate with the script).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, IConfiguration configuration, ILogger logger, CancellationToken ct = default)
    {
        if (!configuration.GetValue("Database:PrepareOnStart", true))
        {
            return;
        }
        // Start-up works as the system: the app's own factory is bound to a signed-in user and exists per request.
        var contexts = services.GetRequiredService<SystemContextFactory>();
        var embedded = services.GetRequiredService<DatabaseOptions>().ParsedProvider == DatabaseProvider.Sqlite;
        if (!configuration.GetValue("Seed:OnFirstStart", embedded))
        {
            await MigrateAsync(contexts, ct);
            return;
        }
        var size = configuration.GetValue("Seed:Size", SeedSize.Full);
        var outcome = await SeedAsync(contexts, size, configuration.GetValue("Seed:RandomSeed", SeedGenerator.DefaultSeed),
            new LoggingProgress(logger), ct);
        if (!outcome.AlreadySeeded)
        {
            logger.LogInformation("Seed ({Size}) loaded: {Rows} rows, generated in {Generated:0.0} s, loaded in {Loaded:0.0} s",
                size, outcome.Steps.Sum(s => s.Rows), outcome.Generated.TotalSeconds, outcome.Loaded.TotalSeconds);
        }
    }

    private sealed class LoggingProgress(ILogger logger) : IProgress<SeedStep>
    {
        public void Report(SeedStep step) =>
            logger.LogInformation("Seed: {Kind} {Rows} rows in {Seconds:0.0} s", step.Kind, step.Rows, step.Elapsed.TotalSeconds);
    }

    public static async Task<int> MigrateAsync(IDbContextFactory<CrmDbContext> contexts, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
        await db.Database.MigrateAsync(ct);
        return pending;
    }

    /// <summary>Migrates, then generates the seed of the given size into a temporary folder and imports it, unless the database has data.</summary>
    public static async Task<SeedOutcome> SeedAsync(IDbContextFactory<CrmDbContext> contexts, SeedSize size, int randomSeed,
        IProgress<SeedStep>? progress = null, CancellationToken ct = default)
    {
        await MigrateAsync(contexts, ct);
        var loader = new SeedLoader(contexts);
        if (await loader.IsSeededAsync(ct))
        {
            return new SeedOutcome(true, [], TimeSpan.Zero, TimeSpan.Zero);
        }
        var folder = Directory.CreateTempSubdirectory("crm-seed-");
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            SeedGenerator.Write(folder.FullName, size, randomSeed);
            var generated = watch.Elapsed;
            watch.Restart();
            var steps = await loader.LoadAsync(folder.FullName, progress, ct);
            return new SeedOutcome(false, steps, generated, watch.Elapsed);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
