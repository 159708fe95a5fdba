using System.Security.Cryptography;
using Crm.Data;
using Crm.Web.Cli;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Crm.Web.Tests.Reliability;

/// <summary>
/// <c>db backup</c> and <c>db restore</c> as an operator runs them: what they refuse (with a clear message, an exit code,
/// and nothing replaced), what they keep, and how a backup from an older version comes back at this version.
/// </summary>
public sealed class BackupRestoreTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crm-backup-");
    private TestDatabase _database = null!;

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(withSampleData: true);

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task A_backup_never_overwrites_an_existing_file_unless_forced()
    {
        var backup = PathOf("crm-backup.db");
        await File.WriteAllTextAsync(backup, "yesterday's backup");

        var refused = await Cli("db", "backup", backup, "--db", _database.Path, "--lang", "en");
        Assert.Equal(ExitCode.Refused, refused.Code);
        Assert.Contains("already exists; nothing was written", refused.Errors);
        Assert.Equal("yesterday's backup", await File.ReadAllTextAsync(backup));

        var forced = await Cli("db", "backup", backup, "--db", _database.Path, "--force", "--lang", "zh-CN");
        Assert.Equal(ExitCode.Done, forced.Code);
        Assert.Contains("备份已通过完整性检查", forced.Output);
        Assert.Contains("Deals", forced.Output);
        Assert.Equal([Path.GetFileName(backup)], _folder.GetFiles().Select(f => f.Name)); // no partial copy, no -wal beside it
        await using (var raw = new SqliteConnection($"Data Source={backup};Pooling=False"))
        {
            await raw.OpenAsync();
            await using var mode = raw.CreateCommand();
            mode.CommandText = "PRAGMA journal_mode";
            Assert.Equal("delete", await mode.ExecuteScalarAsync()); // one file, whole by itself
        }
        await using var copy = Context(backup);
        Assert.Equal(3, await copy.Deals.CountAsync());
    }

    [Fact]
    public async Task Backing_up_a_database_that_does_not_exist_says_so_and_creates_nothing()
    {
        var missing = PathOf("nowhere.db");

        var (code, _, errors) = await Cli("db", "backup", PathOf("b.db"), "--db", missing, "--lang", "en");

        Assert.Equal(ExitCode.FileNotFound, code);
        Assert.Contains("There is no database at", errors);
        Assert.Empty(_folder.GetFiles());
    }

    [Theory]
    [InlineData("text", "This file is not a SQLite database; nothing was changed.")]
    [InlineData("truncated", "This file is a damaged database")]
    [InlineData("newer", "This backup comes from a newer version of the app (migrations this version does not know: 29990101000000_FromTheFuture)")]
    [InlineData("foreign", "This file is a SQLite database but not a CRM database")]
    public async Task Restoring_a_file_that_is_not_a_good_backup_of_this_version_is_refused_and_nothing_is_replaced(string kind, string expected)
    {
        var file = PathOf("suspect.db");
        await MakeAsync(kind, file);
        var target = PathOf("live.db");
        await BackupAsync(target); // the database the operator would lose
        var before = Hash(target);

        var (code, _, errors) = await Cli("db", "restore", file, "--db", target, "--force", "--lang", "en");

        Assert.Equal(ExitCode.Refused, code);
        Assert.Contains(expected, errors);
        Assert.Equal(before, Hash(target));
        Assert.Equal(["live.db", "suspect.db"], _folder.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Restoring_over_an_existing_database_needs_force_and_keeps_the_replaced_one_beside_it()
    {
        var backup = PathOf("backup.db");
        await BackupAsync(backup);
        var target = PathOf("live.db");
        await BackupAsync(target);
        await using (var live = Context(target))
        {
            await live.Database.ExecuteSqlRawAsync("UPDATE Companies SET Name = 'Changed after the backup' WHERE Code = 'C1'");
        }

        var refused = await Cli("db", "restore", backup, "--db", target, "--lang", "zh-CN");
        var restored = await Cli("db", "restore", backup, "--db", target, "--force", "--lang", "en");

        Assert.Equal(ExitCode.Refused, refused.Code);
        Assert.Contains("已存在，未做任何修改。请先停止应用，再加 --force", refused.Errors);
        Assert.Equal(ExitCode.Done, restored.Code);
        var kept = Assert.Single(_folder.GetFiles("live.db.replaced-*")).FullName;
        Assert.Contains($"The database it replaced is kept as {kept}.", restored.Output);
        await using (var live = Context(target))
        {
            Assert.Equal("Alpen Milch GmbH", await live.Companies.Where(c => c.Code == "C1").Select(c => c.Name).SingleAsync());
        }
        await using (var old = Context(kept))
        {
            Assert.Equal("Changed after the backup", await old.Companies.Where(c => c.Code == "C1").Select(c => c.Name).SingleAsync());
        }
    }

    [Fact]
    public async Task Restoring_while_the_app_has_the_database_open_is_refused_as_in_use_and_works_once_it_is_closed()
    {
        var backup = PathOf("backup.db");
        await BackupAsync(backup);
        var target = PathOf("live.db");
        await BackupAsync(target);
        // The app's way of opening it: write-ahead logging, the connection kept open in the pool between requests.
        var app = new SqliteConnection($"Data Source={target};Pooling=False");
        await app.OpenAsync();
        await using (var wal = app.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL; SELECT COUNT(*) FROM Deals;";
            await wal.ExecuteScalarAsync();
        }
        var before = Hash(target);

        var refused = await Cli("db", "restore", backup, "--db", target, "--force", "--lang", "en");
        var after = Hash(target);
        await app.DisposeAsync();
        var restored = await Cli("db", "restore", backup, "--db", target, "--force", "--no-keep", "--lang", "en");

        Assert.Equal(ExitCode.Refused, refused.Code);
        Assert.Contains("is in use: the app (or another command) has it open. Nothing was changed. Stop the app first", refused.Errors);
        Assert.Equal(before, after);
        Assert.Equal(ExitCode.Done, restored.Code);
        Assert.Contains("The database it replaced was discarded (--no-keep).", restored.Output);
        Assert.Equal(["backup.db", "live.db"], _folder.GetFiles().Select(f => f.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_backup_from_an_older_version_is_migrated_forward_when_restored()
    {
        var olderApp = PathOf("older-app.db");
        await using (var db = Context(olderApp))
        {
            var migrations = db.Database.GetMigrations().ToList();
            await db.GetService<IMigrator>().MigrateAsync(migrations[^2]);
        }
        var older = PathOf("older.db");
        await Cli("db", "backup", older, "--db", olderApp, "--lang", "en");
        var target = PathOf("restored.db");

        var (code, output, errors) = await Cli("db", "restore", older, "--db", target, "--lang", "en");

        Assert.True(code == ExitCode.Done, errors);
        Assert.Contains("(1 migration(s) applied to bring it to this version)", output);
        await using var restored = Context(target);
        Assert.Empty(await restored.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_backup_to_a_full_disk_fails_clearly_and_leaves_nothing_behind()
    {
        // A file system of 256 KB, smaller than the database: the disk fills up during the copy. Mounting needs root,
        // which the tests have on CI (Debian 12); the mount is removed whatever happens.
        var disk = Directory.CreateDirectory(PathOf("small-disk")).FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", disk);
        try
        {
            var (code, _, errors) = await Cli("db", "backup", Path.Combine(disk, "crm.db"), "--db", _database.Path, "--lang", "en");

            Assert.Equal(ExitCode.DatabaseError, code);
            Assert.Contains($"The backup could not be written to {Path.Combine(disk, "crm.db")}", errors);
            Assert.Contains("the partial copy was removed. Is there room on that disk?", errors);
            Assert.Empty(Directory.GetFileSystemEntries(disk));
        }
        finally
        {
            Run("umount", disk);
        }
        await using var source = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        await source.OpenAsync();
        await using var check = source.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
    }

    private static void Run(string program, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardError = true };
        args.ToList().ForEach(start.ArgumentList.Add);
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)} failed (the test needs root, as on CI): {errors}");
    }

    [Fact]
    public async Task On_SQL_Server_backup_and_restore_point_to_the_servers_own_commands()
    {
        var sqlServer = new DatabaseOptions { Provider = "SqlServer", ConnectionString = "Server=sql.example;Database=Crm" };
        var errors = new StringWriter();

        var backup = await BackupCommand.BackupAsync(sqlServer, CliArguments.Parse(["db", "backup", PathOf("crm.bak")]), TextWriter.Null, errors);
        var restore = await BackupCommand.RestoreAsync(sqlServer, CliArguments.Parse(["db", "restore", PathOf("crm.bak")]), TextWriter.Null, errors);

        Assert.Equal((ExitCode.Refused, ExitCode.Refused), (backup, restore));
        Assert.Contains("BACKUP DATABASE [Crm] TO DISK", errors.ToString());
        Assert.Contains("RESTORE DATABASE [Crm] FROM DISK", errors.ToString());
        Assert.Empty(_folder.GetFiles());
    }

    /// <summary>A file of the given kind: plain text, a backup cut in half, one from a newer version, a SQLite file of another application.</summary>
    private async Task MakeAsync(string kind, string file)
    {
        switch (kind)
        {
            case "text":
                await File.WriteAllTextAsync(file, "code,name\nC1,Alpen Milch GmbH\n".PadRight(8192, '#'));
                break;
            case "truncated":
                await BackupAsync(file);
                await using (var stream = new FileStream(file, FileMode.Open))
                {
                    stream.SetLength(stream.Length / 2);
                }
                break;
            case "newer":
                await BackupAsync(file);
                await using (var db = Context(file))
                {
                    await db.Database.ExecuteSqlRawAsync(
                        "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29990101000000_FromTheFuture', '99.0.0')");
                }
                break;
            case "foreign":
                await using (var other = new SqliteConnection($"Data Source={file};Pooling=False"))
                {
                    await other.OpenAsync();
                    await using var command = other.CreateCommand();
                    command.CommandText = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('hello');";
                    await command.ExecuteNonQueryAsync();
                }
                break;
        }
    }

    /// <summary>A backup of the test database, made by the command under test.</summary>
    private async Task BackupAsync(string file)
    {
        var (code, _, errors) = await Cli("db", "backup", file, "--db", _database.Path, "--lang", "en");
        Assert.True(code == ExitCode.Done, errors);
    }

    private static string Hash(string file) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));

    private static Task<(int Code, string Output, string Errors)> Cli(params string[] args) => CommandLine.RunAsync(args);

    private static CrmDbContext Context(string file) => new((DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection
        .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = $"Data Source={file};Pooling=False" }).Options);
}
