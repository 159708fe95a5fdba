using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests;

/// <summary>The app's first start on an empty database migrates it and loads the seed by itself.</summary>
public sealed class FirstStartTests
{
    [Theory]
    [InlineData("Development")] // the host validates scopes there: start-up must not take a per-user service from the root
    [InlineData("Production")]
    public async Task First_start_on_an_empty_database_loads_the_seed_and_answers_health(string environment)
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-first-start-{Guid.NewGuid():N}.db");
        try
        {
            await using (var app = new FirstStartApp(path, environment))
            {
                using var client = app.CreateClient();
                var health = await client.GetAsync("/health");
                Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
            }

            await using var database = new Crm.Data.CrmDbContext((DbContextOptions<Crm.Data.CrmDbContext>)Crm.Data.DependencyInjection
                .Configure(new DbContextOptionsBuilder<Crm.Data.CrmDbContext>(), new Crm.Data.DatabaseOptions { ConnectionString = path }).Options);
            Assert.Equal(9, await database.Editions.CountAsync());
            Assert.True(await database.Buyers.AnyAsync());
            Assert.True(await database.Users.AnyAsync(u => u.UserName == "admin"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    [Fact]
    public async Task With_the_demo_seed_turned_off_first_start_only_creates_the_schema_and_no_user()
    {
        var path = Path.Combine(Path.GetTempPath(), $"crm-first-start-{Guid.NewGuid():N}.db");
        try
        {
            await using (var app = new FirstStartApp(path, "Production", seedOnFirstStart: false))
            {
                using var client = app.CreateClient();
                Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
            }

            await using var database = new Crm.Data.CrmDbContext((DbContextOptions<Crm.Data.CrmDbContext>)Crm.Data.DependencyInjection
                .Configure(new DbContextOptionsBuilder<Crm.Data.CrmDbContext>(), new Crm.Data.DatabaseOptions { ConnectionString = path }).Options);
            Assert.Empty(await database.Database.GetPendingMigrationsAsync());
            Assert.False(await database.Users.AnyAsync());
            Assert.False(await database.Editions.AnyAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private sealed class FirstStartApp(string path, string environment, bool seedOnFirstStart = true) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment(environment);
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:ConnectionString", $"Data Source={path}");
            builder.UseSetting("Database:PrepareOnStart", "true");
            builder.UseSetting("Seed:OnFirstStart", seedOnFirstStart ? "true" : "false");
            builder.UseSetting("Seed:Size", "Small");
        }
    }
}
