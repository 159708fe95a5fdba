using System.Globalization;
using System.Text;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

public class ImportTests : IAsyncLifetime
{
    private SqliteDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync();
        await _database.AddBasicsAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<ImportResult> Import(string kind, string csv, ImportMode mode = ImportMode.ValidRowsOnly) =>
        new CsvImporter(_database).ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), kind + ".csv", mode);

    private const string BuyersWithTwoBadRows =
        "edition,company_code,province,city,sector_code,wanted_categories,budget_usd\n" +
        "8,C2,上海,上海,FOOD,FA-DAIRY,2500000\n" +
        "8,NOPE,北京,北京,FOOD,FA-DAIRY,1000000\n" +
        "8,C1,德国,慕尼黑,FOOD,FA-DAIRY,\"1,000\"\n";

    [Fact]
    public async Task Bad_rows_are_reported_with_line_column_and_reason_and_all_or_nothing_writes_nothing()
    {
        var result = await Import("buyers", BuyersWithTwoBadRows, ImportMode.AllOrNothing);

        Assert.False(result.Written);
        Assert.Equal(2, result.Rejected);
        Assert.Contains(result.Errors, e => e is { Line: 3, Column: "company_code" } && e.Reason.Contains("NOPE"));
        Assert.Contains(result.Errors, e => e is { Line: 4, Column: "budget_usd" } && e.Reason.Contains("1,000"));
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.Buyers.CountAsync());
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Imported));
    }

    [Fact]
    public async Task Valid_rows_only_writes_the_good_rows_and_reports_the_bad_ones()
    {
        var result = await Import("buyers", BuyersWithTwoBadRows);

        Assert.True(result.Written);
        Assert.Equal((3, 1, 2), (result.Rows, result.Created, result.Rejected));
        await using var db = _database.CreateDbContext();
        var buyer = await db.Buyers.Include(b => b.Company).SingleAsync();
        Assert.Equal(("C2", 2_500_000m), (buyer.Company!.Code, buyer.BudgetUsd));
        Assert.Equal(["FA-DAIRY"], buyer.WantedCategories);
        var audit = await db.AuditEntries.SingleAsync(a => a.Action == AuditAction.Imported);
        Assert.Equal(("buyers", "buyers.csv"), (audit.EntityType, audit.EntityKey));
    }

    [Fact]
    public async Task Reasons_are_given_in_the_users_language()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            var result = await Import("buyers", BuyersWithTwoBadRows, ImportMode.AllOrNothing);
            Assert.Contains(result.Errors, e => e.Line == 3 && e.Reason == "找不到代码为“NOPE”的企业。");
            Assert.Contains(result.Errors, e => e.Line == 4 && e.Reason.StartsWith("“1,000”不是数字"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public async Task Reimporting_the_same_file_duplicates_nothing_and_changes_nothing()
    {
        const string companies = "code,name,name_zh,country_code,sector_code,fortune500\nC10,Nordic Fish AS,北欧鱼业,DE,FOOD,false\nC11,\"Dairy, Cheese & Co\",乳酪公司,DE,FOOD,true\n";
        var first = await Import("companies", companies);
        var second = await Import("companies", companies);

        Assert.Equal((2, 0, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 2), (second.Created, second.Updated, second.Unchanged));
        await using var db = _database.CreateDbContext();
        Assert.Equal(4, await db.Companies.CountAsync());
        Assert.Equal("Dairy, Cheese & Co", (await db.Companies.SingleAsync(c => c.Code == "C11")).Name);
    }

    [Fact]
    public async Task A_changed_row_updates_the_existing_record()
    {
        await Import("companies", "code,name,name_zh,country_code,sector_code\nC10,Nordic Fish AS,北欧鱼业,DE,FOOD\n");
        var result = await Import("companies", "code,name,name_zh,country_code,sector_code,fortune500\nC10,Nordic Fish ASA,北欧鱼业,DE,FOOD,true\n");

        Assert.Equal((0, 1), (result.Created, result.Updated));
        await using var db = _database.CreateDbContext();
        var company = await db.Companies.SingleAsync(c => c.Code == "C10");
        Assert.Equal(("Nordic Fish ASA", true), (company.Name, company.IsFortune500));
    }

    [Fact]
    public async Task A_header_with_an_unknown_or_missing_column_is_refused_before_any_row()
    {
        var result = await Import("companies", "code,name,name_zh,country,sector_code\nC10,A,甲,DE,FOOD\n");

        Assert.False(result.Written);
        Assert.Contains(result.Errors, e => e is { Line: 1, Column: "country" });
        Assert.Contains(result.Errors, e => e is { Line: 1, Column: "country_code" });
    }

    [Fact]
    public async Task Duplicate_keys_inside_one_file_are_reported()
    {
        var result = await Import("companies", "code,name,name_zh,country_code,sector_code\nC10,A,甲,DE,FOOD\nC10,B,乙,DE,FOOD\n");

        Assert.Equal(1, result.Created);
        Assert.Contains(result.Errors, e => e is { Line: 3, Column: "code" } && e.Reason.Contains('2'));
    }

    [Fact]
    public async Task Double_booking_in_a_meetings_file_is_reported_on_the_second_booking()
    {
        await Import("exhibitors", "edition,company_code,area_code,booth_area_sqm,categories\n8,C1,FA,36,FA-DAIRY\n");
        await Import("buyers", "edition,company_code,province,city,sector_code,wanted_categories,budget_usd\n8,C2,上海,上海,FOOD,FA-DAIRY,100\n");
        await Import("teams", "code,name,name_zh,district_code\nT1,Team,团队,PD\n".Replace("PD", "PD"));

        var result = await Import("meetings",
            "code,edition,exhibitor,buyer,team,starts_at,ends_at,place,table_code,status\n" +
            "M1,8,C1,C2,,2025-11-06T10:00,2025-11-06T10:30,VenueTable,A-001,Held\n" +
            "M2,8,C1,C2,,2025-11-06T10:00,2025-11-06T10:30,VenueTable,A-002,Held\n" +
            "M3,8,C1,C2,,2025-11-06T11:00,2025-11-06T10:30,VenueTable,A-002,Held\n");

        Assert.Equal(1, result.Created);
        Assert.Contains(result.Errors, e => e is { Line: 3, Column: "exhibitor" });
        Assert.Contains(result.Errors, e => e is { Line: 3, Column: "buyer" });
        Assert.Contains(result.Errors, e => e is { Line: 4, Column: "ends_at" });
    }

    [Fact]
    public async Task A_deal_gets_its_stage_history_from_its_dates_and_contradictions_are_refused()
    {
        await Import("exhibitors", "edition,company_code,area_code,booth_area_sqm,categories\n8,C1,FA,36,FA-DAIRY\n");
        await Import("buyers", "edition,company_code,province,city,sector_code,wanted_categories,budget_usd\n8,C2,上海,上海,FOOD,FA-DAIRY,100\n");

        var result = await Import("deals",
            "code,edition,kind,exhibitor,buyer,stage,met_on,intended_value_usd,intent_signed_on,contract_signed_on\n" +
            "D1,8,Procurement,C1,C2,ContractSigned,2025-11-06,1200000,2025-11-08,2026-02-01\n" +
            "D2,8,Procurement,C1,C2,IntentSigned,2025-11-06,,2025-11-08,\n" +
            "D3,8,Procurement,C1,C2,Landed,2025-11-06,1,2025-11-08,2025-11-01\n");

        Assert.Equal(1, result.Created);
        Assert.Contains(result.Errors, e => e is { Line: 3, Column: "intended_value_usd" });
        Assert.Contains(result.Errors, e => e is { Line: 4, Column: "stage" });
        Assert.Contains(result.Errors, e => e is { Line: 4, Column: "contract_signed_on" });
        await using var db = _database.CreateDbContext();
        var history = await db.DealStageChanges.OrderBy(c => c.ChangedAt).Select(c => new { c.FromStage, c.ToStage }).ToListAsync();
        Assert.Equal([DealStage.Met, DealStage.IntentSigned, DealStage.ContractSigned], history.Select(h => h.ToStage));
        Assert.Equal([null, DealStage.Met, DealStage.IntentSigned], history.Select(h => h.FromStage));
    }

    [Fact]
    public async Task A_failure_while_writing_leaves_nothing_half_written()
    {
        var rows = string.Concat(Enumerable.Range(1, 9000).Select(i => $"X{i:D5},Company {i},公司{i},DE,FOOD\n"));
        await using (var db = _database.CreateDbContext())
        {
            // The database refuses one row deep in the third chunk, after two chunks have been saved.
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse_one BEFORE INSERT ON Companies WHEN NEW.Code = 'X08500' BEGIN SELECT RAISE(ABORT, 'refused by test'); END;");
        }

        var result = await Import("companies", "code,name,name_zh,country_code,sector_code\n" + rows);

        Assert.False(result.Written);
        Assert.Contains(result.Errors, e => e.Line == 0 && e.Reason.Contains("refused by test"));
        await using var check = _database.CreateDbContext();
        Assert.Equal(0, await check.Companies.CountAsync(c => c.Code.StartsWith("X")));
    }

    [Fact]
    public async Task An_export_imports_back_unchanged()
    {
        await Import("companies", "code,name,name_zh,country_code,sector_code,fortune500,website\nC10,\"Quote \"\"Q\"\" AG\",引号公司,DE,FOOD,true,https://q.example\n");
        await Import("exhibitors", "edition,company_code,area_code,hall,booth,booth_area_sqm,categories,interested_in_investing\n8,C1,FA,1.1,A-12,36.5,FA-DAIRY,true\n");

        foreach (var kind in CsvKinds.All)
        {
            using var buffer = new MemoryStream();
            await new CsvExporter(_database).ExportAsync(kind, buffer);
            var again = await new CsvImporter(_database).ImportAsync(kind.Name, new MemoryStream(buffer.ToArray()), "export.csv", ImportMode.AllOrNothing);
            Assert.True(again.Errors.Count == 0, $"{kind.Name}: {string.Join("; ", again.Errors)}");
            Assert.Equal((0, 0), (again.Created, again.Updated));
        }
    }

    [Fact]
    public async Task A_stray_quote_is_reported_on_its_line_and_the_rows_after_it_still_import()
    {
        var result = await Import("companies", "code,name,name_zh,country_code,sector_code\nC10,A,甲,DE,FOOD\nC11,B\"乙,乙,DE,FOOD\nC12,C,丙,DE,FOOD\n");

        Assert.Contains(result.Errors, e => e.Line == 3);
        Assert.Equal((3, 2, 1), (result.Rows, result.Created, result.Rejected));
    }

    [Fact]
    public async Task A_quote_never_closed_is_reported_on_its_line_and_nothing_is_written()
    {
        // The open quote takes every line after it into one field: which of them were rows nobody can tell.
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        var result = await Import("companies", "code,name,name_zh,country_code,sector_code\nC10,A,甲,DE,FOOD\nC11,\"B,乙,DE,FOOD\nC12,C,丙,DE,FOOD\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(3, error.Line);
        Assert.Equal("Nothing was imported: line 3 cannot be read. A quoted field is never closed.", error.Reason);
        Assert.False(result.Written);
        await using var db = _database.CreateDbContext();
        Assert.False(await db.Companies.AnyAsync(c => c.Code == "C10" || c.Code == "C11" || c.Code == "C12"));
    }
}
