using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Data;

public static class DependencyInjection
{
    public const string SqlServerMigrationsAssembly = "Crm.Data.SqlServer";

    /// <summary>Registers <see cref="IDbContextFactory{CrmDbContext}"/> on the provider chosen by configuration.</summary>
    public static IServiceCollection AddCrmData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        options.ConnectionString ??= configuration.GetConnectionString("Crm");
        if (options.ParsedProvider == DatabaseProvider.SqlServer)
        {
            // Checked when the app is composed, so a build that cannot reach SQL Server stops at start-up, not at the first request.
            EnsureSqlServerCanRun();
        }
        services.AddSingleton(options);
        services.AddDbContextFactory<CrmDbContext>(builder => Configure(builder, options));
        services.AddSingleton<SystemContextFactory>();
        return services;
    }

    /// <summary>The one place where the database provider is chosen.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder, DatabaseOptions options)
    {
        switch (options.ParsedProvider)
        {
            case DatabaseProvider.Sqlite:
                builder.UseSqlite(SqliteConnectionString(options.ConnectionString)).AddInterceptors(new SqlitePragmas());
                break;
            case DatabaseProvider.SqlServer:
                EnsureSqlServerCanRun();
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new CrmConfigurationException(
                        "Database:Provider is SqlServer but no connection string is set. " +
                        "Set Database:ConnectionString (or ConnectionStrings:Crm).");
                }
                builder.UseSqlServer(options.ConnectionString, sql => sql.MigrationsAssembly(SqlServerMigrationsAssembly));
                break;
        }
        return builder;
    }

    /// <summary>Accepts a full SQLite connection string, a bare file path, or nothing (the default file).</summary>
    public static string SqliteConnectionString(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            value = DefaultSqliteFile();
        }
        var csb = value.Contains('=') ? new SqliteConnectionStringBuilder(value) : new SqliteConnectionStringBuilder { DataSource = value };
        if (csb.DataSource != ":memory:" && csb.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(csb.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }
        csb.DefaultTimeout = Math.Max(csb.DefaultTimeout, 30);
        return csb.ToString();
    }

    public static string DefaultSqliteFile() =>
        Environment.GetEnvironmentVariable("CRM_DB") is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "data", "crm.db");

    /// <summary>
    /// SqlClient needs Microsoft.SqlServer.Server at run time (decimal and Guid parameters fail without it).
    /// A build made from a package source that lacks it prunes it; such a build must not start on SQL Server.
    /// </summary>
    public static void EnsureSqlServerCanRun()
    {
        foreach (var name in new[] { "Microsoft.SqlServer.Server", SqlServerMigrationsAssembly })
        {
            try
            {
                Assembly.Load(new AssemblyName(name));
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                throw new CrmConfigurationException(
                    $"Database:Provider is SqlServer, but the assembly '{name}' is not part of this build. " +
                    "This build was restored from a package source without it (see docs/configuration.md, 'SQL Server'). " +
                    "Build on a machine with the full NuGet source (./crm publish), or use the SQLite provider.", ex);
            }
        }
    }
}
