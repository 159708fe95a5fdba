using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

/// <summary>A real, migrated SQLite database in a temporary file, deleted afterwards.</summary>
public sealed class SqliteDatabase : IDbContextFactory<CrmDbContext>, IAsyncDisposable
{
    private readonly DbContextOptions<CrmDbContext> _options;

    private SqliteDatabase(string path)
    {
        Path = path;
        _options = (DbContextOptions<CrmDbContext>)DependencyInjection
            .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = path }).Options;
    }

    public string Path { get; }

    public static async Task<SqliteDatabase> CreateAsync()
    {
        var db = new SqliteDatabase(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crm-test-{Guid.NewGuid():N}.db"));
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync();
        return db;
    }

    public CrmDbContext CreateDbContext() => new(_options);

    /// <summary>Reference data and one edition with a couple of companies: enough for most tests.</summary>
    public async Task<(Edition Edition, Company Exhibiting, Company Buying)> AddBasicsAsync()
    {
        await using var db = CreateDbContext();
        db.Countries.AddRange(new Country { Code = "DE", NameEn = "Germany", NameZh = "德国", Region = "Europe", Language = "de" },
            new Country { Code = "CN", NameEn = "China", NameZh = "中国", Region = "Asia", Language = "zh" });
        db.Sectors.Add(new Sector { Code = "FOOD", NameEn = "Food", NameZh = "食品" });
        db.ExhibitionAreas.Add(new ExhibitionArea { Code = "FA", NameEn = "Food and Agricultural Products", NameZh = "食品及农产品" });
        db.ProductCategories.Add(new ProductCategory { Code = "FA-DAIRY", AreaCode = "FA", SectorCode = "FOOD", NameEn = "Dairy", NameZh = "乳制品" });
        var edition = new Edition { Number = 8, Year = 2025, StartsOn = new(2025, 11, 5), EndsOn = new(2025, 11, 10), Status = EditionStatus.Past };
        var exhibiting = new Company { Code = "C1", Name = "Alpen Milch GmbH", NameZh = "阿尔卑斯乳业", CountryCode = "DE", SectorCode = "FOOD" };
        var buying = new Company { Code = "C2", Name = "上海食品集团", NameZh = "上海食品集团", CountryCode = "CN", SectorCode = "FOOD" };
        db.AddRange(edition, exhibiting, buying);
        await db.SaveChangesAsync();
        return (edition, exhibiting, buying);
    }

    public async ValueTask DisposeAsync()
    {
        // This file's pool only: clearing every pool disposes the connections other test classes, running in parallel,
        // are opening (ObjectDisposedException in sqlite3_create_function).
        await using (var context = CreateDbContext())
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool((Microsoft.Data.Sqlite.SqliteConnection)context.Database.GetDbConnection());
        }
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
        await Task.CompletedTask;
    }
}
