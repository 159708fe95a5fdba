using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Crm.Data;

/// <summary>Why the database could not take a request right now, in the words a user is told.</summary>
public enum StorageFault
{
    /// <summary>Another connection holds the write lock longer than the busy timeout (or a deadlock or lock timeout).</summary>
    Busy,
    /// <summary>The disk (or the database's file group or log) is full.</summary>
    Full,
    /// <summary>The database accepts no writes (a read-only file, folder or database).</summary>
    ReadOnly,
    /// <summary>The database cannot be opened or read (an I/O error, a missing file or folder, the server unreachable).</summary>
    Unavailable,
}

/// <summary>
/// Recognises the provider errors that mean "the storage cannot take this now" (as opposed to a bug or a refused
/// value), so the app can tell the user plainly instead of failing with the provider's message. The providers' own
/// codes stay here, beside the provider switch in <see cref="DependencyInjection"/>.
/// </summary>
public static class StorageFaults
{
    /// <summary>The fault behind an exception (itself or one of its inner exceptions), or null when it is something else.</summary>
    public static StorageFault? Classify(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var fault = e switch
            {
                SqliteException sqlite => Sqlite(sqlite.SqliteErrorCode),
                SqlException sql => SqlServer(sql),
                _ => null,
            };
            if (fault is not null)
            {
                return fault;
            }
        }
        return null;
    }

    /// <summary>SQLite's primary result codes (an extended code carries the primary one in its low byte).</summary>
    public static StorageFault? Sqlite(int resultCode) => (resultCode & 0xFF) switch
    {
        5 or 6 => StorageFault.Busy,           // SQLITE_BUSY, SQLITE_LOCKED
        13 => StorageFault.Full,               // SQLITE_FULL
        8 => StorageFault.ReadOnly,            // SQLITE_READONLY
        10 or 14 => StorageFault.Unavailable,  // SQLITE_IOERR, SQLITE_CANTOPEN
        _ => null,
    };

    private static StorageFault? SqlServer(SqlException exception)
    {
        foreach (SqlError error in exception.Errors)
        {
            StorageFault? fault = error.Number switch
            {
                // 1205 chosen as deadlock victim; 1222 lock request time-out; -2 command time-out (the client's).
                1205 or 1222 or -2 => StorageFault.Busy,
                // 1101/1105 no room in the file group; 9002 the transaction log is full.
                1101 or 1105 or 9002 => StorageFault.Full,
                // 3906 the database is read-only.
                3906 => StorageFault.ReadOnly,
                // 4060 cannot open the database; 40613 database unavailable (Azure SQL); 53/-1/233/10054 the server unreachable.
                4060 or 40613 or 53 or -1 or 233 or 10054 => StorageFault.Unavailable,
                _ => null,
            };
            if (fault is not null)
            {
                return fault;
            }
        }
        return null;
    }
}
