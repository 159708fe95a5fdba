using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

/// <summary>The SQLite files the app is given, as operators may bring them.</summary>
public sealed class SqliteFileTests
{
    [Fact]
    public async Task A_copy_in_rollback_journal_mode_opens_migrates_takes_writes_and_is_switched_to_write_ahead_logging()
    {
        await using var source = await SqliteDatabase.CreateAsync();
        await source.AddBasicsAsync();
        var copy = Path.Combine(Path.GetTempPath(), $"crm-copy-{Guid.NewGuid():N}.db");
        try
        {
            // VACUUM INTO (like sqlite3's .backup or another tool) writes a file in rollback-journal mode.
            await using (var connection = new SqliteConnection($"Data Source={source.Path};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = $"VACUUM INTO '{copy}'";
                await command.ExecuteNonQueryAsync();
            }
            Assert.Equal("delete", await JournalModeAsync(copy));

            var options = (DbContextOptions<CrmDbContext>)DependencyInjection
                .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = $"Data Source={copy};Pooling=False" }).Options;
            await using (var db = new CrmDbContext(options))
            {
                await db.Database.MigrateAsync(); // EF first looks with a read-only connection: it must not try to change the journal
                db.Sectors.Add(new Crm.Data.Entities.Sector { Code = "AUTO", NameEn = "Automotive", NameZh = "汽车" });
                await db.SaveChangesAsync();
                Assert.Equal(2, await db.Sectors.CountAsync());
            }

            Assert.Equal("wal", await JournalModeAsync(copy));
        }
        finally
        {
            foreach (var file in new[] { copy, copy + "-wal", copy + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<string> JournalModeAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
