using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Instances;

/// <summary>What the reverse proxy asks each instance: is the process alive, is it ready to serve this version.</summary>
public sealed class HealthEndpointsTests
{
    [Fact]
    public async Task On_a_migrated_database_live_ready_and_health_answer_200_without_signing_in()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var client = app.CreateClient();

        foreach (var path in new[] { "/health/live", "/health/ready", "/health" })
        {
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task With_the_newest_migration_not_applied_ready_answers_503_and_health_stays_as_it_was()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        await using (var db = app.Database.CreateDbContext())
        {
            var newest = db.Database.GetMigrations().Last();
            Assert.Equal(1, await db.Database.ExecuteSqlAsync($"DELETE FROM __EFMigrationsHistory WHERE MigrationId = {newest}"));
        }
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        // /health only asks whether the database answers (journeys and benches wait on it).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task When_the_database_file_is_broken_live_answers_200_and_ready_503()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // The app's pooled connections (its connection string, with the busy timeout) let go of the file, which then
        // stops being a database.
        using (var connection = new SqliteConnection(Crm.Data.DependencyInjection.SqliteConnectionString(app.Database.ConnectionString)))
        {
            SqliteConnection.ClearPool(connection);
        }
        foreach (var file in new[] { app.Database.Path + "-wal", app.Database.Path + "-shm" })
        {
            File.Delete(file);
        }
        await File.WriteAllTextAsync(app.Database.Path, string.Concat(Enumerable.Repeat("not a database ", 500)));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health")).StatusCode);
    }
}
