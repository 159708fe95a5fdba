using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace Crm.Journeys.Faults;

/// <summary>
/// What the fault tests read from a killed process's SQLite file, through the app's own SQLite (see
/// <see cref="JourneyDatabase"/>): its integrity, counts, a fingerprint of rows, and whether a write transaction is open.
/// </summary>
internal static class FaultDatabase
{
    private const int SqliteOk = 0;
    private const int SqliteBusy = 5;

    /// <summary>
    /// <c>PRAGMA integrity_check</c> as the next process to open the file sees it: a writable connection, so SQLite first
    /// recovers the write-ahead log a killed process left ("ok" when the file is sound).
    /// </summary>
    public static async Task<string> IntegrityAsync(string file)
    {
        await using var connection = JourneyDatabase.Open(file, writable: true);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join("\n", lines);
    }

    public static async Task<long> CountAsync(string file, string sql) =>
        long.Parse(await JourneyDatabase.ScalarAsync(file, sql) ?? throw new InvalidOperationException("no row: " + sql));

    /// <summary>How many rows a query returns and a SHA-256 of all their values in order: equal fingerprints, equal rows.</summary>
    public static async Task<Fingerprint> FingerprintAsync(string file, string sql)
    {
        await using var connection = JourneyDatabase.Open(file);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                hash.AppendData(Encoding.UTF8.GetBytes((reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)) + "\u001f"));
            }
            hash.AppendData("\u001e"u8);
        }
        return new Fingerprint(rows, Convert.ToHexString(hash.GetHashAndReset())[..16]);
    }

    /// <summary>Rows of a query, each as its columns' text.</summary>
    public static async Task<List<string[]>> RowsAsync(string file, string sql)
    {
        await using var connection = JourneyDatabase.Open(file);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        }
        return rows;
    }

    /// <summary>Arranges a test's data (the schedule test's confirmed pairs and session); never used on a running process's file.</summary>
    public static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = JourneyDatabase.Open(file, writable: true);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Makes each row inserted into or deleted from <paramref name="table"/> cost SQLite about <paramref name="work"/>
    /// steps of its own (BEFORE triggers that count a cross join of a drag table), so that a process's write transaction
    /// over a small test database stays open for seconds and the kill lands inside it on a fast or a loaded machine alike.
    /// The app's code and SQL are unchanged; BEFORE, not AFTER, triggers, which would refuse EF Core's RETURNING clause.
    /// About 12 ns a step on the 2-core machine: 40,000 steps ≈ 0.5 ms a row.
    /// </summary>
    public static Task DragWritesAsync(string file, string table, int work)
    {
        var side = (int)Math.Ceiling(Math.Sqrt(work));
        var drag = $"FaultDrag_{table}";
        return ExecuteAsync(file, $"""
            CREATE TABLE "{drag}" (N INTEGER NOT NULL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {side}) INSERT INTO "{drag}" SELECT i FROM n;
            CREATE TRIGGER "{drag}_insert" BEFORE INSERT ON "{table}" BEGIN SELECT COUNT(*) FROM "{drag}" a, "{drag}" b; END;
            CREATE TRIGGER "{drag}_delete" BEFORE DELETE ON "{table}" BEGIN SELECT COUNT(*) FROM "{drag}" a, "{drag}" b; END;
            """);
    }

    /// <summary>Takes <see cref="DragWritesAsync"/>'s triggers and table away again (before the rerun, which needs no catching).</summary>
    public static Task ReleaseWritesAsync(string file, string table)
    {
        var drag = $"FaultDrag_{table}";
        return ExecuteAsync(file, $"""
            DROP TRIGGER "{drag}_insert";
            DROP TRIGGER "{drag}_delete";
            DROP TABLE "{drag}";
            """);
    }

    /// <summary>A compact copy of a database in one file (no write-ahead log beside it; in rollback-journal mode until the app opens it).</summary>
    public static async Task CopyAsync(string source, string target)
    {
        await using var connection = JourneyDatabase.Open(source);
        await using var command = connection.CreateCommand();
        command.CommandText = $"VACUUM INTO '{target.Replace("'", "''")}'";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Whether some connection holds the database's write lock, i.e. a write transaction is open: <c>BEGIN IMMEDIATE</c>
    /// through SQLite's own API, which answers SQLITE_BUSY at once (no busy handler is set on this connection; the
    /// ADO.NET provider would retry for its whole timeout). When the lock is free the probe holds it for the time of a
    /// ROLLBACK: a writer that asks then waits and retries, as it does for any other writer.
    /// </summary>
    public static bool WriteLockHeld(string file)
    {
        using var connection = JourneyDatabase.Open(file, writable: true);
        var handle = connection.GetType().GetProperty("Handle")!.GetValue(connection)
            ?? throw new InvalidOperationException("the SQLite connection has no native handle");
        var raw = handle.GetType().Assembly.GetType("SQLitePCL.raw", throwOnError: true)!;
        var exec = raw.GetMethod("sqlite3_exec", [handle.GetType(), typeof(string)])
            ?? throw new InvalidOperationException("SQLitePCL.raw.sqlite3_exec(sqlite3, string) is missing");
        var code = (int)exec.Invoke(null, [handle, "BEGIN IMMEDIATE"])!;
        switch (code)
        {
            case SqliteOk:
                exec.Invoke(null, [handle, "ROLLBACK"]);
                return false;
            case SqliteBusy:
                return true;
            default:
                throw new InvalidOperationException($"probing the write lock of {file} failed with SQLite code {code}");
        }
    }

    /// <summary>A job's status once it is <paramref name="status"/> (e.g. once a restarted app's runner has recovered it).</summary>
    public static async Task<string> WaitForJobStatusAsync(string file, string job, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        string current;
        do
        {
            current = (await RowsAsync(file, $"SELECT Status FROM BackgroundJobs WHERE Id = {int.Parse(job, System.Globalization.CultureInfo.InvariantCulture)}")).Single()[0];
            if (current == status)
            {
                return current;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"job {job} is {current}, not {status}, after {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s");
    }

    /// <summary>The size of the write-ahead log beside the file (0 when there is none).</summary>
    public static long WalBytes(string file) => File.Exists(file + "-wal") ? new FileInfo(file + "-wal").Length : 0;
}

public sealed record Fingerprint(int Rows, string Hash)
{
    public override string ToString() => $"{Rows:N0} rows #{Hash}";
}
