using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Crm.Data;

/// <summary>
/// Settings of every SQLite connection: write-ahead logging (readers never block the writer, and commits are cheap),
/// NORMAL synchronisation (safe with WAL: a crash loses at most the last commit, never the file), a 64 MB page
/// cache for bulk imports, and temporary tables in memory. The journal mode is the file's: a read-only connection (EF
/// opens one to see whether the database exists) leaves it to the first connection that may write, since switching a
/// file in rollback-journal mode (a copy made with VACUUM INTO or another tool) to WAL is a write it would refuse.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Journal = "PRAGMA journal_mode = WAL; ";
    private const string Pragmas = "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = For(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = For(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string For(DbConnection connection) =>
        new SqliteConnectionStringBuilder(connection.ConnectionString).Mode == SqliteOpenMode.ReadOnly ? Pragmas : Journal + Pragmas;
}
