using Crm.Data.Entities;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

public class ModelTests
{
    [Fact]
    public async Task Sqlite_migrations_match_the_model()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        Assert.False(db.Database.HasPendingModelChanges(), "Run: dotnet ef migrations add <Name> --project src/Crm.Data --startup-project src/Crm.Data");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public void Sql_server_migrations_match_the_model()
    {
        using var db = new Crm.Data.SqlServer.DesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(),
            "Run: dotnet ef migrations add <Name> --project src/Crm.Data.SqlServer --startup-project src/Crm.Data.SqlServer");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public async Task Every_foreign_key_is_found_through_an_index_so_deleting_or_replacing_a_parent_row_scans_no_child_table()
    {
        // SQLite looks up the rows referencing every parent row it deletes (and a parent's children are read by the key);
        // only an unfiltered index led by the key's column serves that lookup. Replacing an edition's proposals took 30
        // minutes on the full seed while meetings and deals pointed at them through filtered unique indexes alone.
        await using var database = await SqliteDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        var unindexed = await db.Database.SqlQueryRaw<string>(
            """
            SELECT m.name || '.' || f."from" || ' -> ' || f."table" AS Value
            FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table' AND f.seq = 0 AND NOT EXISTS (
                SELECT 1 FROM pragma_index_list(m.name) i JOIN pragma_index_info(i.name) c
                WHERE c.seqno = 0 AND c.name = f."from" AND i.partial = 0)
            AND NOT EXISTS ( -- the key is the table's INTEGER PRIMARY KEY, i.e. its rowid
                SELECT 1 FROM pragma_table_info(m.name) t
                WHERE t.name = f."from" AND t.pk = 1 AND upper(t.type) = 'INTEGER'
                AND (SELECT COUNT(*) FROM pragma_table_info(m.name) k WHERE k.pk > 0) = 1)
            ORDER BY Value
            """).ToListAsync();
        var pointingAtProposals = await db.Database.SqlQueryRaw<int>(
            """SELECT COUNT(*) AS Value FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = 'Matches'""")
            .SingleAsync();

        Assert.Empty(unindexed);
        Assert.True(pointingAtProposals >= 3, $"{pointingAtProposals} tables point at proposals"); // activities, meetings, deals
    }

    [Fact]
    public async Task A_company_exhibits_only_once_per_edition()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var (edition, company, _) = await database.AddBasicsAsync();
        await using var db = database.CreateDbContext();
        db.Exhibitors.Add(new Exhibitor { EditionId = edition.Id, CompanyId = company.Id, AreaCode = "FA", BoothAreaSqm = 36 });
        await db.SaveChangesAsync();
        db.Exhibitors.Add(new Exhibitor { EditionId = edition.Id, CompanyId = company.Id, AreaCode = "FA", BoothAreaSqm = 18 });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_buyer_an_exhibitor_and_a_table_are_never_booked_twice_in_one_slot_but_a_cancelled_meeting_frees_it()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var (edition, exhibiting, buying) = await database.AddBasicsAsync();
        int exhibitorId, buyerId, otherExhibitorId, otherBuyerId;
        await using (var db = database.CreateDbContext())
        {
            var other = new Company { Code = "C3", Name = "Käse AG", NameZh = "奶酪公司", CountryCode = "DE", SectorCode = "FOOD" };
            var otherBuyerCompany = new Company { Code = "C4", Name = "北京采购", NameZh = "北京采购", CountryCode = "CN", SectorCode = "FOOD" };
            var exhibitor = new Exhibitor { EditionId = edition.Id, CompanyId = exhibiting.Id, AreaCode = "FA", BoothAreaSqm = 36 };
            var otherExhibitor = new Exhibitor { EditionId = edition.Id, Company = other, AreaCode = "FA", BoothAreaSqm = 18 };
            var buyer = new Buyer { EditionId = edition.Id, CompanyId = buying.Id, Province = "上海", City = "上海", SectorCode = "FOOD" };
            var otherBuyer = new Buyer { EditionId = edition.Id, Company = otherBuyerCompany, Province = "北京", City = "北京", SectorCode = "FOOD" };
            db.AddRange(exhibitor, otherExhibitor, buyer, otherBuyer);
            await db.SaveChangesAsync();
            (exhibitorId, buyerId, otherExhibitorId, otherBuyerId) = (exhibitor.Id, buyer.Id, otherExhibitor.Id, otherBuyer.Id);
        }
        var slot = new DateTime(2025, 11, 6, 10, 0, 0);
        Meeting At(string code, int exhibitor, int buyer, string table, MeetingStatus status = MeetingStatus.Confirmed) => new()
        {
            Code = code, EditionId = edition.Id, ExhibitorId = exhibitor, BuyerId = buyer, StartsAt = slot, EndsAt = slot.AddMinutes(30),
            Place = MeetingPlace.VenueTable, TableCode = table, Status = status,
        };
        async Task<bool> Saves(Meeting meeting)
        {
            await using var db = database.CreateDbContext();
            db.Meetings.Add(meeting);
            try
            {
                await db.SaveChangesAsync();
                return true;
            }
            catch (DbUpdateException)
            {
                return false;
            }
        }

        Assert.True(await Saves(At("M1", exhibitorId, buyerId, "A-001")));
        Assert.False(await Saves(At("M2", exhibitorId, otherBuyerId, "A-002")), "exhibitor booked twice");
        Assert.False(await Saves(At("M3", otherExhibitorId, buyerId, "A-003")), "buyer booked twice");
        Assert.False(await Saves(At("M4", otherExhibitorId, otherBuyerId, "A-001")), "table booked twice");
        Assert.True(await Saves(At("M5", exhibitorId, otherBuyerId, "A-009", MeetingStatus.Cancelled)), "a cancelled meeting holds no slot");

        await using (var db = database.CreateDbContext())
        {
            var first = await db.Meetings.SingleAsync(m => m.Code == "M1");
            first.Status = MeetingStatus.Cancelled;
            await db.SaveChangesAsync();
        }
        Assert.True(await Saves(At("M6", otherExhibitorId, buyerId, "A-001")), "the slot is free once the meeting is cancelled");
    }

    [Fact]
    public async Task A_deal_saved_from_a_stale_copy_is_refused_not_silently_overwritten()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var (edition, exhibiting, _) = await database.AddBasicsAsync();
        int dealId;
        await using (var db = database.CreateDbContext())
        {
            var team = new PromotionTeam { Code = "T1", Name = "Zhangjiang", NameZh = "张江", DistrictCode = "PD" };
            db.Districts.Add(new District { Code = "PD", NameEn = "Pudong", NameZh = "浦东新区" });
            var exhibitor = new Exhibitor { EditionId = edition.Id, CompanyId = exhibiting.Id, AreaCode = "FA", BoothAreaSqm = 36 };
            var deal = new Deal { Code = "D1", EditionId = edition.Id, Kind = MatchKind.Investment, Exhibitor = exhibitor, PromotionTeam = team, Stage = DealStage.Met };
            db.Add(deal);
            await db.SaveChangesAsync();
            dealId = deal.Id;
        }

        await using var alice = database.CreateDbContext();
        await using var bob = database.CreateDbContext();
        var aliceCopy = await alice.Deals.SingleAsync(d => d.Id == dealId);
        var bobCopy = await bob.Deals.SingleAsync(d => d.Id == dealId);
        aliceCopy.Stage = DealStage.IntentSigned;
        aliceCopy.IntendedValueUsd = 5_000_000m;
        await alice.SaveChangesAsync();
        bobCopy.Stage = DealStage.Lost;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => bob.SaveChangesAsync());

        await using var check = database.CreateDbContext();
        var saved = await check.Deals.SingleAsync(d => d.Id == dealId);
        Assert.Equal(DealStage.IntentSigned, saved.Stage);
        Assert.Equal(1, saved.Version);
    }

    [Fact]
    public async Task Every_write_leaves_an_audit_entry_with_who_what_and_old_and_new_values()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var (_, company, _) = await database.AddBasicsAsync();
        using (Auditing.AuditScope.Begin(new Auditing.AuditActor("u-1", "manager", "RenameCompany")))
        {
            await using var db = database.CreateDbContext();
            var tracked = await db.Companies.SingleAsync(c => c.Id == company.Id);
            tracked.NameZh = "阿尔卑斯乳业集团";
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateDbContext();
        var entry = await check.AuditEntries.SingleAsync(a => a.EntityType == nameof(Company) && a.Action == AuditAction.Updated);
        Assert.Equal(("u-1", "manager", "RenameCompany"), (entry.UserId, entry.UserName, entry.Operation));
        Assert.Equal(company.Id.ToString(), entry.EntityKey);
        Assert.Contains("阿尔卑斯乳业集团", System.Text.RegularExpressions.Regex.Unescape(entry.Changes));
        Assert.Contains("\"NameZh\"", entry.Changes);
    }

    [Fact]
    public async Task Audit_entries_name_enumerations_and_record_the_ends_of_a_link_row()
    {
        await using var database = await SqliteDatabase.CreateAsync();
        var (edition, _, _) = await database.AddBasicsAsync();
        await using (var db = database.CreateDbContext())
        {
            var user = new AppUser { UserName = "u1", NormalizedUserName = "U1", DisplayName = "用户" };
            db.Users.Add(user);
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = user.Id, RoleId = "role-viewer" });
            (await db.Editions.SingleAsync(e => e.Id == edition.Id)).Status = EditionStatus.Current;
            await db.SaveChangesAsync();
        }

        await using var check = database.CreateDbContext();
        var link = await check.AuditEntries.SingleAsync(a => a.EntityType == "IdentityUserRole");
        var status = await check.AuditEntries.SingleAsync(a => a.EntityType == nameof(Edition) && a.Action == AuditAction.Updated);
        Assert.Contains("\"RoleId\":[null,\"role-viewer\"]", link.Changes);
        Assert.Equal("{\"Status\":[\"Past\",\"Current\"]}", status.Changes);
    }

    [Fact]
    public void An_unknown_provider_is_rejected_with_a_clear_message()
    {
        var error = Assert.Throws<CrmConfigurationException>(() =>
            DependencyInjection.Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { Provider = "Oracle" }));
        Assert.Contains("Unknown database provider 'Oracle'", error.Message);
    }

    [Fact]
    public void Sql_server_without_its_server_assembly_stops_with_a_clear_message()
    {
        var hasAssembly = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.SqlServer.Server")
                          || File.Exists(Path.Combine(AppContext.BaseDirectory, "Microsoft.SqlServer.Server.dll"));
        var options = new DatabaseOptions { Provider = "SqlServer", ConnectionString = "Server=x;Database=y" };
        if (hasAssembly)
        {
            // Built from the full package source: SQL Server is configured normally.
            var builder = DependencyInjection.Configure(new DbContextOptionsBuilder<CrmDbContext>(), options);
            Assert.True(builder.IsConfigured);
            return;
        }
        var error = Assert.Throws<CrmConfigurationException>(() => DependencyInjection.Configure(new DbContextOptionsBuilder<CrmDbContext>(), options));
        Assert.Contains("Microsoft.SqlServer.Server", error.Message);
        _ = typeof(SqlConnection);
    }
}
