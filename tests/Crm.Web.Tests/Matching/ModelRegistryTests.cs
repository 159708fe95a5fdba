using Crm.Data.Entities;
using Crm.Web.Features.Matching;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Matching;

/// <summary>The registry's versions over a real SQLite file, when trainings on several instances end at the same moment.</summary>
public sealed class ModelRegistryTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Two_models_of_a_kind_activated_at_the_same_moment_leave_exactly_one_active_and_neither_fails()
    {
        var ids = new List<int>();
        await using (var db = _database.CreateDbContext())
        {
            foreach (var version in new[] { "procurement-1", "procurement-2" })
            {
                var model = new MatchModel
                {
                    Kind = MatchKind.Procurement, Version = version, BeatsBaseline = true, CreatedBy = "test", CreatedAt = DateTime.UtcNow,
                    FeatureSchemaVersion = Crm.Matching.Features.FeatureSchema.For(Crm.Matching.Data.PairKind.Procurement).Version,
                };
                db.MatchModels.Add(model);
                await db.SaveChangesAsync();
                ids.Add(model.Id);
            }
        }

        // Each activation reads and writes in one transaction (SQLite: taken at once), so the second waits for the first and
        // replaces it. Reading the model before the transaction once left none active here.
        for (var round = 0; round < 20; round++)
        {
            await Task.WhenAll(ids.Select(id => Task.Run(async () =>
            {
                await using var db = _database.CreateDbContext();
                await ModelRegistry.ActivateAsync(db, id, insist: false, note: null, "test", CancellationToken.None);
            })));

            await using var check = _database.CreateDbContext();
            Assert.Single(await check.MatchModels.Where(m => m.IsActive).ToListAsync());
        }
    }

    [Fact]
    public async Task Models_registered_at_the_same_moment_get_each_its_own_next_version()
    {
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var db = _database.CreateDbContext();
            var model = new MatchModel { Kind = MatchKind.Procurement, CreatedBy = "test", CreatedAt = DateTime.UtcNow };
            await ModelRegistry.AddAsync(db, model, number => $"procurement-{number}", CancellationToken.None);
        })));
        await using (var db = _database.CreateDbContext())
        {
            var forecaster = new MatchModel { Purpose = ModelPurpose.Realisation, Kind = MatchKind.Procurement, CreatedBy = "test", CreatedAt = DateTime.UtcNow };
            await ModelRegistry.AddAsync(db, forecaster, number => $"forecast-procurement-{number}", CancellationToken.None);
        }

        await using var check = _database.CreateDbContext();
        var versions = await check.MatchModels.OrderBy(m => m.Id).Select(m => m.Version).ToListAsync();
        Assert.Equal(
            ["forecast-procurement-1", "procurement-1", "procurement-2", "procurement-3", "procurement-4", "procurement-5", "procurement-6"],
            versions.Order());
    }
}
