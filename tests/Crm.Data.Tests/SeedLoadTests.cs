using Crm.Data.Entities;
using Crm.Data.Seeding;
using Crm.Seed;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

public class SeedLoadTests
{
    [Fact]
    public async Task The_small_seed_loads_through_the_users_importer_and_loading_it_again_changes_nothing()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("crm-seed-test-");
        try
        {
            SeedGenerator.Write(folder.FullName, SeedSize.Small);
            var loader = new SeedLoader(database);

            var steps = await loader.LoadAsync(folder.FullName);

            Assert.Equal(SeedGenerator.Kinds, steps.Select(s => s.Kind));
            await using var db = database.CreateDbContext();
            Assert.Equal(9, await db.Editions.CountAsync());
            Assert.Equal(EditionStatus.Current, (await db.Editions.SingleAsync(e => e.Number == 9)).Status);
            Assert.Equal(0, await db.Meetings.CountAsync(m => m.Edition!.Number == 9));
            Assert.True(await db.Deals.CountAsync(d => d.IntentSignedOn != null) > 0);
            Assert.True(await db.DealStageChanges.CountAsync() >= await db.Deals.CountAsync());
            var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
            Assert.True(admin.LockoutEnabled, "imported users lock after repeated wrong passwords");
            Assert.Equal(PasswordVerificationResult.Success,
                new PasswordHasher<AppUser>().VerifyHashedPassword(admin, admin.PasswordHash!, SeedLoader.DevelopmentPassword));

            var counts = await Counts(db);
            var again = await loader.LoadAsync(folder.FullName);
            Assert.Equal(counts, await Counts(db));
            Assert.Equal(steps.Select(s => s.Rows), again.Select(s => s.Rows));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_small_seeds_service_issues_load_from_the_editions_participants_with_owners_who_write_and_consistent_statuses()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("crm-seed-test-");
        try
        {
            SeedGenerator.Write(folder.FullName, SeedSize.Small);
            await new SeedLoader(database).LoadAsync(folder.FullName);

            await using var db = database.CreateDbContext();
            var issues = await db.ServiceIssues.AsNoTracking().Select(i => new
            {
                i.Code, Edition = i.Edition!.Number, i.RaisedAs, i.Status, i.Resolution, i.RaisedAt, i.ResolvedAt, i.OwnerUserId,
                Exhibits = db.Exhibitors.Any(e => e.EditionId == i.EditionId && e.CompanyId == i.CompanyId),
                Buys = db.Buyers.Any(b => b.EditionId == i.EditionId && b.CompanyId == i.CompanyId),
            }).ToListAsync();
            var viewers = await db.UserRoles.Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Viewer)).Select(ur => ur.UserId).ToListAsync();

            Assert.Equal(File.ReadLines(Path.Combine(folder.FullName, "service-issues.csv")).Count() - 1, issues.Count);
            Assert.Contains(issues, i => i.Edition == 9 && i.Status == ServiceIssueStatus.Open && i.OwnerUserId == null);
            Assert.Contains(issues, i => i.Edition == 8 && i.Status == ServiceIssueStatus.Closed);
            Assert.All(issues, i =>
            {
                Assert.True(i.RaisedAs == ServiceIssueParty.Exhibitor ? i.Exhibits : i.Buys, $"{i.Code}: the company is not a {i.RaisedAs} of edition {i.Edition}");
                var settled = i.Status is ServiceIssueStatus.Resolved or ServiceIssueStatus.Closed;
                Assert.Equal(settled, i.Resolution is not null && i.ResolvedAt >= i.RaisedAt);
                Assert.DoesNotContain(i.OwnerUserId ?? "", viewers);
            });
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<int[]> Counts(CrmDbContext db) =>
    [
        await db.Companies.CountAsync(), await db.Exhibitors.CountAsync(), await db.Buyers.CountAsync(), await db.TradeDelegations.CountAsync(),
        await db.Meetings.CountAsync(), await db.Deals.CountAsync(), await db.DealStageChanges.CountAsync(), await db.Users.CountAsync(),
        await db.UserRoles.CountAsync(), await db.PromotionTeamMembers.CountAsync(), await db.TradeDelegationLeads.CountAsync(),
        await db.ServiceIssues.CountAsync(),
    ];
}
