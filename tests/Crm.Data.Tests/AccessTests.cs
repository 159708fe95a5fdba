using Crm.Data.Access;
using Crm.Data.Entities;
using Crm.Data.Seeding;
using Crm.Seed;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

/// <summary>The small seed, loaded once for the row-level access tests.</summary>
public sealed class SeededDatabase : IAsyncLifetime
{
    public SqliteDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await SqliteDatabase.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("crm-access-seed-");
        try
        {
            SeedGenerator.Write(folder.FullName, SeedSize.Small);
            await new SeedLoader(Database).LoadAsync(folder.FullName);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    public async Task<UserAccess> AccessOfAsync(string userName)
    {
        await using var db = Database.CreateDbContext();
        var id = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
        return await AccessResolver.ForUserAsync(db, id);
    }

    public async Task<string> FirstUserInRoleAsync(string role)
    {
        await using var db = Database.CreateDbContext();
        return await db.UserRoles.Where(ur => ur.RoleId == "role-" + role.ToLowerInvariant())
            .Join(db.Users, ur => ur.UserId, u => u.Id, (_, u) => u.UserName!).OrderBy(n => n).FirstAsync();
    }

    public CrmDbContext As(UserAccess access)
    {
        var db = Database.CreateDbContext();
        db.Access = access;
        return db;
    }
}

public class AccessTests(SeededDatabase seeded) : IClassFixture<SeededDatabase>
{
    [Fact]
    public async Task A_team_member_reads_only_the_deals_meetings_and_history_of_their_teams()
    {
        var access = await seeded.AccessOfAsync(await seeded.FirstUserInRoleAsync(Roles.TeamMember));
        Assert.NotEmpty(access.TeamIds);
        await using var db = seeded.As(access);

        var deals = await db.Deals.Select(d => new { d.PromotionTeamId, d.BuyerId }).ToListAsync();
        var meetings = await db.Meetings.Select(m => m.PromotionTeamId).ToListAsync();
        var history = await db.DealStageChanges.Select(c => c.Deal!.PromotionTeamId).ToListAsync();

        Assert.NotEmpty(deals);
        Assert.All(deals, d => Assert.Contains(d.PromotionTeamId!.Value, access.TeamIds));
        Assert.All(meetings, t => Assert.Contains(t!.Value, access.TeamIds));
        Assert.All(history, t => Assert.Contains(t!.Value, access.TeamIds));
        Assert.Equal(0, await db.Buyers.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync());
        await using var all = seeded.As(UserAccess.System);
        Assert.True(await all.Deals.CountAsync() > deals.Count);
    }

    [Fact]
    public async Task A_delegation_lead_reads_the_buyers_and_deals_of_their_delegation_and_its_sub_delegations_only()
    {
        await using var system = seeded.As(UserAccess.System);
        var lead = await system.TradeDelegationLeads.Where(l => l.Delegation!.ParentId == null && l.Delegation.Children.Any())
            .Select(l => new { l.User!.UserName, l.DelegationId }).FirstAsync();
        var tree = await system.TradeDelegations.Where(d => d.Id == lead.DelegationId || d.ParentId == lead.DelegationId).Select(d => d.Id).ToListAsync();
        var access = await seeded.AccessOfAsync(lead.UserName!);
        await using var db = seeded.As(access);

        var buyers = await db.Buyers.Select(b => b.DelegationId).ToListAsync();

        Assert.Equal(tree.Order(), access.DelegationIds.Order());
        Assert.NotEmpty(buyers);
        Assert.All(buyers, d => Assert.Contains(d!.Value, tree));
        Assert.Equal(await system.Buyers.CountAsync(b => b.DelegationId != null && tree.Contains(b.DelegationId.Value)), buyers.Count);
        Assert.Equal(0, await db.Deals.CountAsync(d => d.PromotionTeamId != null));
    }

    [Fact]
    public async Task A_manager_reads_everything_but_the_audit_trail_and_an_administrator_reads_that_too()
    {
        var manager = await seeded.AccessOfAsync("manager");
        var admin = await seeded.AccessOfAsync("admin");
        await using var asManager = seeded.As(manager);
        await using var asAdmin = seeded.As(admin);
        await using var system = seeded.As(UserAccess.System);

        Assert.Equal(await system.Deals.CountAsync(), await asManager.Deals.CountAsync());
        Assert.Equal(await system.Buyers.CountAsync(), await asManager.Buyers.CountAsync());
        Assert.Equal(0, await asManager.AuditEntries.CountAsync());
        Assert.Equal(await system.AuditEntries.CountAsync(), await asAdmin.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task A_viewer_reads_everything_and_can_save_nothing()
    {
        var viewer = new UserAccess { UserId = "v", ReadsAll = true, Writes = false, Roles = [Roles.Viewer] };
        await using var db = seeded.As(viewer);
        var deal = await db.Deals.FirstAsync();
        deal.LostReason = "changed by a viewer";

        await Assert.ThrowsAsync<AccessDeniedException>(() => db.SaveChangesAsync());

        await using var check = seeded.As(UserAccess.System);
        Assert.NotEqual("changed by a viewer", (await check.Deals.SingleAsync(d => d.Id == deal.Id)).LostReason);
    }

    [Fact]
    public async Task Nobody_signed_in_reads_no_deal_buyer_or_meeting_and_saves_nothing()
    {
        await using var db = seeded.As(UserAccess.None);

        Assert.Equal(0, await db.Deals.CountAsync());
        Assert.Equal(0, await db.Buyers.CountAsync());
        Assert.Equal(0, await db.Meetings.CountAsync());
        Assert.True(await db.Exhibitors.AnyAsync(), "the exhibitor directory is public");
        db.Companies.Add(new Company { Code = "X1", Name = "X", NameZh = "X", CountryCode = "CN", SectorCode = (await db.Sectors.FirstAsync()).Code });
        await Assert.ThrowsAsync<AccessDeniedException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task An_inactive_user_has_no_access()
    {
        var name = await seeded.FirstUserInRoleAsync(Roles.TeamMember);
        await using (var system = seeded.As(UserAccess.System))
        {
            var user = await system.Users.SingleAsync(u => u.UserName == name);
            user.IsActive = false;
            await system.SaveChangesAsync();
        }
        try
        {
            Assert.Equal(UserAccess.None, await seeded.AccessOfAsync(name));
        }
        finally
        {
            await using var system = seeded.As(UserAccess.System);
            (await system.Users.SingleAsync(u => u.UserName == name)).IsActive = true;
            await system.SaveChangesAsync();
        }
    }
}
