using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Web.Tests.Reliability;

/// <summary>
/// Registered only in tests (with <c>ConfigureDbContext</c>): makes the app's SQLite connections meet the faults of a real
/// machine. A short busy timeout (the app waits 30 s for a write lock; here 1 s), and, while <see cref="DiskFull"/> is
/// set, a file that cannot grow by one page (<c>PRAGMA max_page_count</c> at its current size): SQLite then answers a
/// write that needs room with SQLITE_FULL, as it does when the disk is full.
/// </summary>
public sealed class StorageFaultInjection : DbConnectionInterceptor
{
    /// <summary>SQLite's largest page count: the file may grow as far as the disk lets it.</summary>
    private const long Unlimited = 4294967294;

    public int BusyTimeoutSeconds { get; init; } = 1;

    public volatile bool DiskFull;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        var sqlite = (SqliteConnection)connection;
        sqlite.DefaultTimeout = BusyTimeoutSeconds;
        using var command = sqlite.CreateCommand();
        command.CommandText = "PRAGMA page_count";
        var pages = (long)command.ExecuteScalar()!;
        command.CommandText = $"PRAGMA max_page_count = {(DiskFull ? pages : Unlimited)}";
        command.ExecuteNonQuery();
    }
}
