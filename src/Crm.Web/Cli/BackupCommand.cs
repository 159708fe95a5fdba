using Crm.Data;
using Crm.Data.Backup;

namespace Crm.Web.Cli;

/// <summary>
/// <c>db backup FILE [--force]</c>: an online, consistent copy of the SQLite database while the app serves and writes.
/// <c>db restore FILE [--force] [--no-keep]</c>: replaces the database (the app stopped) with a checked backup, migrated
/// to this version; the replaced database is kept beside it. The mechanics are in <see cref="SqliteBackup"/>. On SQL
/// Server both point to the server's own BACKUP DATABASE / RESTORE DATABASE.
/// </summary>
internal static class BackupCommand
{
    /// <summary>The largest tables listed after a backup or restore; the rest are summed in one line.</summary>
    private const int ListedTables = 8;

    public static async Task<int> BackupAsync(DatabaseOptions database, CliArguments args, TextWriter output, TextWriter errors)
    {
        if (args.Unknown(["db", "lang", "force"]) is { } unknown)
        {
            return await Usage(errors, "UnknownOption", unknown);
        }
        if (args.Positional.Count < 3)
        {
            return await Usage(errors, "MissingArgument", "db backup", "FILE");
        }
        if (database.ParsedProvider == DatabaseProvider.SqlServer)
        {
            await errors.WriteLineAsync(CliText.Get("BackupSqlServer"));
            return ExitCode.Refused;
        }
        var source = SqliteFile(database);
        BackupResult result;
        try
        {
            result = SqliteBackup.Backup(source, args.Positional[2], overwrite: args.Flag("force"));
        }
        catch (BackupRefusedException refused)
        {
            return await Refused(errors, refused, "Backup");
        }
        catch (Exception ex) when (ex is IOException || StorageFaults.Classify(ex) == StorageFault.Full)
        {
            // Writing the copy failed (typically no room left on the backup's disk); the partial copy is gone.
            await errors.WriteLineAsync(CliText.Get("BackupNotWritten", Path.GetFullPath(args.Positional[2]), ex.Message));
            return ExitCode.DatabaseError;
        }
        await output.WriteLineAsync(CliText.Get("BackedUp", source, result.File, result.Elapsed.TotalSeconds, result.Copied.TotalSeconds));
        await Summary(output, result.Summary);
        return ExitCode.Done;
    }

    public static async Task<int> RestoreAsync(DatabaseOptions database, CliArguments args, TextWriter output, TextWriter errors)
    {
        if (args.Unknown(["db", "lang", "force", "no-keep"]) is { } unknown)
        {
            return await Usage(errors, "UnknownOption", unknown);
        }
        if (args.Positional.Count < 3)
        {
            return await Usage(errors, "MissingArgument", "db restore", "FILE");
        }
        if (database.ParsedProvider == DatabaseProvider.SqlServer)
        {
            await errors.WriteLineAsync(CliText.Get("RestoreSqlServer"));
            return ExitCode.Refused;
        }
        var target = SqliteFile(database);
        RestoreResult result;
        try
        {
            result = await SqliteBackup.RestoreAsync(args.Positional[2], target, overwrite: args.Flag("force"), keepReplaced: !args.Flag("no-keep"),
                DateTime.Now);
        }
        catch (BackupRefusedException refused)
        {
            return await Refused(errors, refused, "Restore");
        }
        await output.WriteLineAsync(CliText.Get("Restored", Path.GetFullPath(args.Positional[2]), result.Target, result.Elapsed.TotalSeconds,
            result.MigrationsApplied));
        await Summary(output, result.Summary);
        if (result.Replaced is not null)
        {
            await output.WriteLineAsync(CliText.Get("ReplacedKept", result.Replaced));
        }
        else if (args.Flag("no-keep") && args.Flag("force"))
        {
            await output.WriteLineAsync(CliText.Get("ReplacedDiscarded"));
        }
        return ExitCode.Done;
    }

    /// <summary>Size, schema, tables and rows: the largest tables by name, the others summed.</summary>
    private static async Task Summary(TextWriter output, DatabaseSummary summary)
    {
        await output.WriteLineAsync(CliText.Get("BackupSummary", summary.Bytes / 1024.0 / 1024.0, summary.Tables.Count, summary.Rows, summary.Schema));
        foreach (var table in summary.Tables.Take(ListedTables))
        {
            await output.WriteLineAsync(CliText.Get("BackupTable", table.Table, table.Rows));
        }
        var rest = summary.Tables.Skip(ListedTables).ToList();
        if (rest.Count > 0)
        {
            await output.WriteLineAsync(CliText.Get("BackupOtherTables", rest.Count, rest.Sum(t => t.Rows)));
        }
    }

    /// <summary>The refusal in the user's language (key "Backup_Reason" or "Restore_Reason"), and its exit code.</summary>
    private static async Task<int> Refused(TextWriter errors, BackupRefusedException refused, string verb)
    {
        await errors.WriteLineAsync(CliText.Get($"{verb}_{refused.Reason}", refused.Message));
        return refused.Reason == BackupRefusal.SourceMissing ? ExitCode.FileNotFound : ExitCode.Refused;
    }

    private static string SqliteFile(DatabaseOptions database) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Crm.Data.DependencyInjection.SqliteConnectionString(database.ConnectionString)).DataSource;

    private static async Task<int> Usage(TextWriter errors, string key, params object?[] args)
    {
        await errors.WriteLineAsync(CliText.Get(key, args));
        return ExitCode.Usage;
    }
}
