using Crm.Data;
using Crm.Data.Entities;
using Microsoft.AspNetCore.Identity;
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

    /// <summary>A database holding the product's real small seed, loaded by the same loader as first start.</summary>
    public static async Task<TestDatabase> CreateWithSmallSeedAsync()
    {
        var database = await CreateAsync();
        var folder = Directory.CreateTempSubdirectory("crm-web-seed-");
        try
        {
            Crm.Seed.SeedGenerator.Write(folder.FullName, Crm.Seed.SeedSize.Small);
            await new Crm.Data.Seeding.SeedLoader(database).LoadAsync(folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
        return database;
    }

    public CrmDbContext CreateDbContext() => new(_options);

    /// <summary>Contexts working as the system over this database, as the app's services that learn from everyone's data take them.</summary>
    public SystemContextFactory SystemContexts() => new(_options);

    /// <summary>The password of the users the tests add: it meets the password policy.</summary>
    public const string Password = "Test#Pass1";

    /// <summary>
    /// Adds a user with a role and a password, as an administrator would (the role is created when missing); writes no
    /// audit rows, so the tests' own audit checks see only what the app wrote.
    /// </summary>
    public async Task<AppUser> AddUserAsync(string userName, string role, string password = Password, bool isActive = true, string? id = null)
    {
        await using var db = CreateDbContext();
        db.AuditRows = false;
        var normalizer = new UpperInvariantLookupNormalizer();
        var identityRole = await db.Roles.SingleOrDefaultAsync(r => r.Name == role);
        if (identityRole is null)
        {
            identityRole = new IdentityRole(role) { NormalizedName = normalizer.NormalizeName(role) };
            db.Roles.Add(identityRole);
        }
        var user = new AppUser
        {
            Id = id ?? Guid.NewGuid().ToString(),
            UserName = userName,
            NormalizedUserName = normalizer.NormalizeName(userName),
            Email = userName + "@expo-crm.example.com",
            NormalizedEmail = normalizer.NormalizeEmail(userName + "@expo-crm.example.com"),
            DisplayName = userName,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
            IsActive = isActive,
        };
        user.PasswordHash = new PasswordHasher<AppUser>().HashPassword(user, password);
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = identityRole.Id });
        await db.SaveChangesAsync();
        return user;
    }

    public ValueTask DisposeAsync()
    {
        // This file's pool only: clearing every pool disposes the connections other test classes, running in parallel,
        // are opening (ObjectDisposedException in sqlite3_create_function).
        using (var context = CreateDbContext())
        {
            SqliteConnection.ClearPool((SqliteConnection)context.Database.GetDbConnection());
        }
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
        return ValueTask.CompletedTask;
    }
}
