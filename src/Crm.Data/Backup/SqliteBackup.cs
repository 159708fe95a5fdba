using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Backup;

/// <summary>Why a backup or a restore was refused. Nothing was changed when one is.</summary>
public enum BackupRefusal
{
    /// <summary>The database to back up, or the file to restore, does not exist.</summary>
    SourceMissing,
    /// <summary>The target exists and replacing it was not asked for (--force).</summary>
    TargetExists,
    /// <summary>The folder of the backup file does not exist.</summary>
    TargetFolderMissing,
    /// <summary>The file is not a SQLite database at all.</summary>
    NotADatabase,
    /// <summary>The file is a SQLite database that fails its integrity check (e.g. truncated).</summary>
    Damaged,
    /// <summary>The file is a SQLite database without the CRM's migration history.</summary>
    NotACrmDatabase,
    /// <summary>The file's migration history is not the start of this app's (another branch of the schema).</summary>
    OtherHistory,
    /// <summary>The file has migrations this version of the app does not know: it comes from a newer version.</summary>
    NewerVersion,
    /// <summary>The database to replace is open in another process (the app is running).</summary>
    InUse,
}

/// <summary>A backup or restore was refused; <see cref="Exception.Message"/> holds the detail (a path, the check's output, migrations).</summary>
public sealed class BackupRefusedException(BackupRefusal reason, string detail) : Exception(detail)
{
    public BackupRefusal Reason { get; } = reason;
}

/// <summary>A table and its row count.</summary>
public sealed record TableRows(string Table, long Rows);

/// <summary>What a database file holds: its size, tables with their rows, and its migration history (oldest first).</summary>
public sealed record DatabaseSummary(long Bytes, IReadOnlyList<TableRows> Tables, IReadOnlyList<string> Migrations)
{
    public long Rows => Tables.Sum(t => t.Rows);

    public string Schema => Migrations.Count > 0 ? Migrations[^1] : "";
}

/// <param name="Copied">How long the copy took: the read transaction on the live database (the rest is checking the copy).</param>
public sealed record BackupResult(string File, DatabaseSummary Summary, TimeSpan Elapsed, TimeSpan Copied);

/// <param name="Replaced">Where the database that was replaced is kept, or null (there was none, or it was discarded).</param>
public sealed record RestoreResult(string Target, DatabaseSummary Summary, int MigrationsApplied, string? Replaced, TimeSpan Elapsed);

/// <summary>
/// Backup and restore of the embedded SQLite database.
/// <para>
/// Backup is online: SQLite's backup API (<see cref="SqliteConnection.BackupDatabase(SqliteConnection)"/>) copies every
/// page in one step, inside one read transaction, so the copy is the database as of one commit while the app goes on
/// writing (in WAL mode a reader never blocks the writer). The copy is written beside the target, turned into a single
/// self-contained file (rollback journal, no -wal), checked (integrity_check, migration history), flushed to disk and
/// only then renamed to the target name: a failed backup leaves no file that looks like a backup.
/// </para>
/// <para>
/// Restore checks a copy of the file (a SQLite database, intact, with the CRM's migration history, not from a newer
/// version of the app), migrates the copy forward to this version, and only then replaces the database by a rename,
/// keeping the replaced one beside it unless told not to. The database must not be in use: a running app keeps it
/// open, which the restore detects and refuses.
/// </para>
/// </summary>
public static class SqliteBackup
{
    /// <summary>How long the restore waits for the database to replace to be free before saying it is in use.</summary>
    private const int InUseWaitSeconds = 2;

    public static BackupResult Backup(string databaseFile, string targetFile, bool overwrite)
    {
        var watch = Stopwatch.StartNew();
        var source = Path.GetFullPath(databaseFile);
        var target = Path.GetFullPath(targetFile);
        if (!File.Exists(source))
        {
            throw new BackupRefusedException(BackupRefusal.SourceMissing, source);
        }
        if (Directory.Exists(target) || (File.Exists(target) && !overwrite))
        {
            throw new BackupRefusedException(BackupRefusal.TargetExists, target);
        }
        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder))
        {
            throw new BackupRefusedException(BackupRefusal.TargetFolderMissing, folder);
        }
        var partial = target + ".partial";
        DeleteWithSideFiles(partial);
        try
        {
            using (var from = Open(source, SqliteOpenMode.ReadWrite))
            using (var copy = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                from.BackupDatabase(copy);
                // The copy keeps the source's WAL flag; as a rollback-journal database it is one file, whole by itself.
                Execute(copy, "PRAGMA journal_mode = DELETE");
            }
            var copied = watch.Elapsed;
            var summary = ShownAs(source, () => Verify(partial));
            FlushToDisk(partial);
            File.Move(partial, target, overwrite);
            return new BackupResult(target, summary, watch.Elapsed, copied);
        }
        finally
        {
            DeleteWithSideFiles(partial);
        }
    }

    public static async Task<RestoreResult> RestoreAsync(string backupFile, string databaseFile, bool overwrite, bool keepReplaced, DateTime now,
        CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var backup = Path.GetFullPath(backupFile);
        var target = Path.GetFullPath(databaseFile);
        if (!File.Exists(backup))
        {
            throw new BackupRefusedException(BackupRefusal.SourceMissing, backup);
        }
        if (Directory.Exists(target) || (File.Exists(target) && !overwrite))
        {
            throw new BackupRefusedException(BackupRefusal.TargetExists, target);
        }
        if (File.Exists(target))
        {
            // Said at once, before the checks; and again just before the swap.
            EnsureNotInUse(target);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Checked and migrated as a copy beside the target: the backup file is never changed, and the rename below is atomic.
        var staged = target + ".restoring";
        DeleteWithSideFiles(staged);
        try
        {
            File.Copy(backup, staged);
            var history = ShownAs(backup, () => Check(staged)).Migrations;
            var applied = await MigrateAsync(staged, history, ct);
            using (var copy = Open(staged, SqliteOpenMode.ReadWrite))
            {
                Execute(copy, "PRAGMA journal_mode = DELETE");
            }
            var summary = Summarize(staged);
            FlushToDisk(staged);

            string? replaced = null;
            if (File.Exists(target))
            {
                EnsureNotInUse(target);
                if (keepReplaced)
                {
                    replaced = $"{target}.replaced-{now:yyyyMMdd-HHmmss}";
                }
            }
            // A -wal or -shm left beside the target belongs to no database now: SQLite would apply it to the restored file.
            foreach (var side in SideFiles(target))
            {
                File.Delete(side);
            }
            if (replaced is not null)
            {
                // The old file is linked (or copied) to its side name and the restored one renamed over it: there is
                // always a database at the target's name.
                File.Replace(staged, target, replaced);
            }
            else
            {
                File.Move(staged, target, overwrite: true);
            }
            return new RestoreResult(target, summary, applied, replaced, watch.Elapsed);
        }
        finally
        {
            DeleteWithSideFiles(staged);
        }
    }

    /// <summary>
    /// Checks a CRM database file before it is restored: <see cref="Verify"/>, and every migration of its history is one
    /// this app knows, in this app's order (a newer version's database is refused). Returns what it holds.
    /// </summary>
    public static DatabaseSummary Check(string file)
    {
        var summary = Verify(file);
        var known = AppMigrations();
        var unknown = summary.Migrations.Where(m => !known.Contains(m)).ToList();
        if (unknown.Count > 0)
        {
            throw new BackupRefusedException(BackupRefusal.NewerVersion, string.Join(", ", unknown));
        }
        if (!summary.Migrations.SequenceEqual(known.Take(summary.Migrations.Count)))
        {
            throw new BackupRefusedException(BackupRefusal.OtherHistory, string.Join(", ", summary.Migrations.Except(known.Take(summary.Migrations.Count))));
        }
        return summary;
    }

    /// <summary>A SQLite file, intact (integrity_check = ok), with the CRM's migration history. Returns what it holds.</summary>
    public static DatabaseSummary Verify(string file)
    {
        using (var connection = Open(file, SqliteOpenMode.ReadWrite))
        {
            var problems = new List<string>();
            try
            {
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA integrity_check(20)";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    problems.Add(reader.GetString(0));
                }
            }
            catch (SqliteException ex) when (PrimaryCode(ex) == NotADatabase)
            {
                throw new BackupRefusedException(BackupRefusal.NotADatabase, file);
            }
            catch (SqliteException ex) when (PrimaryCode(ex) == Corrupt)
            {
                throw new BackupRefusedException(BackupRefusal.Damaged, ex.Message);
            }
            if (problems is not ["ok"])
            {
                throw new BackupRefusedException(BackupRefusal.Damaged, string.Join("; ", problems.Take(3)));
            }
        }
        var summary = Summarize(file);
        if (summary.Migrations.Count == 0)
        {
            throw new BackupRefusedException(BackupRefusal.NotACrmDatabase, file);
        }
        return summary;
    }

    /// <summary>Size, tables with their row counts (largest first), and the migration history of a SQLite file.</summary>
    public static DatabaseSummary Summarize(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadWrite);
        var names = Query(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            r => r.GetString(0));
        var tables = names.Select(name => new TableRows(name, Query(connection, $"SELECT COUNT(*) FROM \"{name.Replace("\"", "\"\"")}\"",
                r => r.GetInt64(0)).Single()))
            .OrderByDescending(t => t.Rows).ThenBy(t => t.Table, StringComparer.Ordinal)
            .ToList();
        var migrations = names.Contains(MigrationsTable)
            ? Query(connection, $"SELECT MigrationId FROM \"{MigrationsTable}\" ORDER BY MigrationId", r => r.GetString(0))
            : [];
        return new DatabaseSummary(new FileInfo(file).Length, tables, migrations);
    }

    /// <summary>A refusal about a working copy names the file the user gave instead.</summary>
    private static T ShownAs<T>(string file, Func<T> check)
    {
        try
        {
            return check();
        }
        catch (BackupRefusedException refused) when (refused.Reason is BackupRefusal.NotADatabase or BackupRefusal.NotACrmDatabase)
        {
            throw new BackupRefusedException(refused.Reason, file);
        }
    }

    private const string MigrationsTable = "__EFMigrationsHistory";

    private const int Corrupt = 11;        // SQLITE_CORRUPT
    private const int NotADatabase = 26;   // SQLITE_NOTADB

    private static int PrimaryCode(SqliteException exception) => exception.SqliteErrorCode & 0xFF;

    /// <summary>This app's migrations, oldest first.</summary>
    private static List<string> AppMigrations()
    {
        using var db = Context("Data Source=:memory:");
        return db.Database.GetMigrations().ToList();
    }

    private static async Task<int> MigrateAsync(string file, IReadOnlyList<string> history, CancellationToken ct)
    {
        var pending = AppMigrations().Count - history.Count;
        if (pending > 0)
        {
            await using var db = Context(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            await db.Database.MigrateAsync(ct);
        }
        return pending;
    }

    private static CrmDbContext Context(string connectionString) => new((DbContextOptions<CrmDbContext>)DependencyInjection
        .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = connectionString }).Options);

    /// <summary>
    /// The app keeps its database open (in WAL mode) while it runs. Leaving WAL mode needs every other connection closed,
    /// so it tells whether anyone has the file open; done, it also folds the WAL into the file, which is then whole.
    /// </summary>
    private static void EnsureNotInUse(string file)
    {
        using var connection = Open(file, SqliteOpenMode.ReadWrite, InUseWaitSeconds);
        string mode;
        try
        {
            mode = Query(connection, "PRAGMA journal_mode = DELETE", r => r.GetString(0)).Single();
        }
        catch (SqliteException ex) when (StorageFaults.Sqlite(PrimaryCode(ex)) == StorageFault.Busy)
        {
            throw new BackupRefusedException(BackupRefusal.InUse, file);
        }
        catch (SqliteException ex) when (PrimaryCode(ex) is NotADatabase or Corrupt)
        {
            return; // not a database, or a damaged one: nobody can be using it, and it is being replaced
        }
        if (!string.Equals(mode, "delete", StringComparison.OrdinalIgnoreCase))
        {
            throw new BackupRefusedException(BackupRefusal.InUse, file);
        }
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode, int timeoutSeconds = 30)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file, Mode = mode, Pooling = false, DefaultTimeout = timeoutSeconds,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> read)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    private static void FlushToDisk(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        stream.Flush(flushToDisk: true);
    }

    private static IEnumerable<string> SideFiles(string file) =>
        new[] { "-wal", "-shm", "-journal" }.Select(suffix => file + suffix).Where(File.Exists);

    private static void DeleteWithSideFiles(string file)
    {
        foreach (var side in SideFiles(file).Append(file))
        {
            File.Delete(side);
        }
    }
}
