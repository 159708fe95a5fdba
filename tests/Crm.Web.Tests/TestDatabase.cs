using Crm.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests;

/// <summary>A real SQLite database in a temporary file, migrated like production, deleted afterwards.</summary>
public sealed class TestDatabase : IDbContextFactory<CrmDbContext>, IAsyncDisposable
{
    private readonly DbContextOptions<CrmDbContext> _options;

    private TestDatabase(string path)
    {
        Path = path;
        _options = (DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection
            .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = ConnectionString }).Options;
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    /// <summary>The configuration keys the app reads to use this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:ConnectionString"] = ConnectionString,
        // The test prepares the database itself; an empty one must stay empty.
        ["Database:PrepareOnStart"] = "false",
    };

    public static async Task<TestDatabase> CreateAsync(bool withSampleData = false)
    {
        var database = new TestDatabase(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crm-web-test-{Guid.NewGuid():N}.db"));
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        if (withSampleData)
        {
            await SampleData.AddAsync(db);
        }
        return database;
    }

    public CrmDbContext CreateDbContext() => new(_options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
        return ValueTask.CompletedTask;
    }
}
