using System.Globalization;
using System.Text;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

/// <summary>
/// The deals file with the pipeline's later fields (values as signed and their currency, counterpart, registered entity,
/// district, actual jobs and investment, next step): company C1 exhibits and C2 buys at the 8th edition (2025, 7.18 yuan
/// per dollar), team T1 promotes Minhang (SH-MH).
/// </summary>
public class DealImportTests : IAsyncLifetime
{
    private static readonly string[] _columns =
    [
        "code", "edition", "kind", "exhibitor", "buyer", "team", "stage", "lost_reason", "met_on", "intended_value_usd", "intent_signed_on",
        "contract_value_usd", "contract_signed_on", "landed_on", "registered_capital_usd", "capex_usd", "jobs", "start_of_works_on",
        "counterpart", "intended_value", "intended_currency", "contract_value", "contract_currency", "registered_entity", "district",
        "actual_jobs", "actual_investment_usd", "next_step", "next_step_due_on",
    ];

    private static readonly string _header = string.Join(',', _columns) + "\n";

    private SqliteDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PrepareAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static async Task<SqliteDatabase> PrepareAsync()
    {
        var database = await SqliteDatabase.CreateAsync();
        await database.AddBasicsAsync();
        await using (var db = database.CreateDbContext())
        {
            db.Districts.Add(new District { Code = "SH-MH", NameEn = "Minhang District", NameZh = "闵行区" });
            await db.SaveChangesAsync();
        }
        await Import(database, "exhibitors", "edition,company_code,area_code,booth_area_sqm,categories,interested_in_investing\n8,C1,FA,36,FA-DAIRY,true\n");
        await Import(database, "buyers", "edition,company_code,province,city,sector_code,wanted_categories,budget_usd\n8,C2,上海,上海,FOOD,FA-DAIRY,100\n");
        var team = await Import(database, "teams", "code,name,name_zh,district_code\nT1,Minhang Promotion Team,闵行区招商团队,SH-MH\n");
        Assert.Equal(1, team.Created);
        return database;
    }

    private static Task<ImportResult> Import(SqliteDatabase database, string kind, string csv, ImportMode mode = ImportMode.ValidRowsOnly) =>
        new CsvImporter(database).ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), kind + ".csv", mode);

    private Task<ImportResult> ImportDeals(string csv, ImportMode mode = ImportMode.ValidRowsOnly) => Import(_database, "deals", csv, mode);

    private static async Task<string> ExportDeals(SqliteDatabase database)
    {
        using var buffer = new MemoryStream();
        await new CsvExporter(database).ExportAsync(CsvKinds.Find("deals")!, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// A line of the full header: a procurement deal of C1 with C2 at Met unless <paramref name="fields"/> say otherwise
    /// (an investment deal is T1's).
    /// </summary>
    private static string Line(string code, params (string Column, string Value)[] fields)
    {
        var values = new Dictionary<string, string>
        {
            ["code"] = code, ["edition"] = "8", ["kind"] = "Procurement", ["exhibitor"] = "C1", ["buyer"] = "C2", ["stage"] = "Met", ["met_on"] = "2025-11-06",
        };
        foreach (var (column, value) in fields)
        {
            values[column] = value;
        }
        if (values["kind"] == "Investment")
        {
            (values["buyer"], values["team"]) = ("", values.GetValueOrDefault("team", "T1"));
        }
        return string.Join(',', _columns.Select(c => values.GetValueOrDefault(c, "")).Select(v => v.Contains(',') ? $"\"{v}\"" : v)) + "\n";
    }

    /// <summary>A landed investment deal signed in yuan (US$ left to the rate), an operating one, and a procurement intent.</summary>
    private static readonly string _full = _header
        + Line("D1", ("kind", "Investment"), ("stage", "Landed"), ("intent_signed_on", "2025-11-08"), ("contract_value_usd", "9500000"),
            ("contract_signed_on", "2026-02-01"), ("landed_on", "2026-05-01"), ("registered_capital_usd", "5000000"), ("capex_usd", "8000000"),
            ("jobs", "120"), ("start_of_works_on", "2026-09-01"), ("counterpart", "闵行区人民政府"), ("intended_value", "71800000"),
            ("intended_currency", "CNY"), ("contract_value", "9500000"), ("contract_currency", "USD"), ("registered_entity", "阿尔卑斯乳业（上海）有限公司"),
            ("district", "SH-MH"), ("next_step", "跟进开工, 落实用工"), ("next_step_due_on", "2026-08-15"))
        + Line("D2", ("kind", "Investment"), ("stage", "Operational"), ("intended_value_usd", "3000000"), ("intent_signed_on", "2025-11-08"),
            ("contract_value_usd", "3000000"), ("contract_signed_on", "2025-12-01"), ("landed_on", "2026-01-10"), ("start_of_works_on", "2026-03-01"),
            ("intended_value", "3000000"), ("intended_currency", "usd"), ("registered_entity", "Alpen Milch (Shanghai) Co., Ltd."), ("district", "sh-mh"),
            ("actual_jobs", "95"), ("actual_investment_usd", "2750000.5"))
        + Line("D3", ("stage", "IntentSigned"), ("intended_value_usd", "10100000"), ("intent_signed_on", "2025-11-08"), ("counterpart", "上海食品集团"),
            ("intended_value", "71800000"), ("intended_currency", "CNY"), ("next_step", "准备合同"), ("next_step_due_on", "2025-12-15"));

    [Fact]
    public async Task The_pipelines_fields_import_with_yuan_converted_at_the_editions_rate()
    {
        var result = await ImportDeals(_full, ImportMode.AllOrNothing);

        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
        Assert.Equal(3, result.Created);
        await using var db = _database.CreateDbContext();
        var landed = await db.Deals.SingleAsync(d => d.Code == "D1");
        Assert.Equal((71_800_000m, DealCurrency.Cny, 10_000_000m), (landed.IntendedValue, landed.IntendedCurrency, landed.IntendedValueUsd));
        Assert.Equal((9_500_000m, DealCurrency.Usd, 9_500_000m), (landed.ContractValue, landed.ContractCurrency, landed.ContractValueUsd));
        Assert.Equal(("闵行区人民政府", "阿尔卑斯乳业（上海）有限公司", "SH-MH"), (landed.Counterpart, landed.RegisteredEntity, landed.DistrictCode));
        Assert.Equal(("跟进开工, 落实用工", new DateOnly(2026, 8, 15)), (landed.NextStep, landed.NextStepDueOn));
        var operating = await db.Deals.SingleAsync(d => d.Code == "D2");
        Assert.Equal((95, 2_750_000.5m, "SH-MH", DealCurrency.Usd), (operating.ActualJobs, operating.ActualInvestmentUsd, operating.DistrictCode, operating.IntendedCurrency));
        // Within 1 % of 71.8 million yuan at 7.18: the dollars as written are kept.
        var intent = await db.Deals.SingleAsync(d => d.Code == "D3");
        Assert.Equal((71_800_000m, DealCurrency.Cny, 10_100_000m), (intent.IntendedValue, intent.IntendedCurrency, intent.IntendedValueUsd));
    }

    [Fact]
    public async Task An_export_with_the_pipelines_fields_imports_into_another_database_with_the_same_values()
    {
        await ImportDeals(_full, ImportMode.AllOrNothing);
        var exported = await ExportDeals(_database);
        Assert.Contains("71800000,CNY,9500000,USD", exported);
        Assert.Contains("\"跟进开工, 落实用工\",2026-08-15", exported);

        await using var other = await PrepareAsync();
        var result = await Import(other, "deals", exported, ImportMode.AllOrNothing);

        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
        Assert.Equal(3, result.Created);
        Assert.Equal(exported, await ExportDeals(other));
        await using var db = other.CreateDbContext();
        var landed = await db.Deals.SingleAsync(d => d.Code == "D1");
        Assert.Equal((71_800_000m, DealCurrency.Cny, 10_000_000m, "SH-MH", "闵行区人民政府"),
            (landed.IntendedValue, landed.IntendedCurrency, landed.IntendedValueUsd, landed.DistrictCode, landed.Counterpart));
        var again = await Import(other, "deals", exported, ImportMode.AllOrNothing);
        Assert.Equal((0, 0, 3), (again.Created, again.Updated, again.Unchanged));
    }

    [Fact]
    public async Task A_file_without_the_later_columns_still_imports_and_leaves_those_fields_as_they_are()
    {
        await ImportDeals(_full, ImportMode.AllOrNothing);
        const string old = "code,edition,kind,exhibitor,buyer,stage,met_on,intended_value_usd,intent_signed_on\n";

        var same = await ImportDeals(old + "D3,8,Procurement,C1,C2,IntentSigned,2025-11-06,10100000,2025-11-08\n", ImportMode.AllOrNothing);

        Assert.True(same.Errors.Count == 0, string.Join("; ", same.Errors));
        Assert.Equal(1, same.Unchanged);
        await using (var db = _database.CreateDbContext())
        {
            var intent = await db.Deals.SingleAsync(d => d.Code == "D3");
            Assert.Equal(("上海食品集团", 71_800_000m, DealCurrency.Cny, "准备合同"), (intent.Counterpart, intent.IntendedValue, intent.IntendedCurrency, intent.NextStep));
        }

        // A new US$ value without the value as signed: the yuan figure no longer describes it and is dropped; the rest stays.
        var changed = await ImportDeals(old + "D3,8,Procurement,C1,C2,IntentSigned,2025-11-06,12000000,2025-11-08\n", ImportMode.AllOrNothing);

        Assert.Equal(1, changed.Updated);
        await using (var db = _database.CreateDbContext())
        {
            var intent = await db.Deals.SingleAsync(d => d.Code == "D3");
            Assert.Equal((12_000_000m, null, null, "上海食品集团"), (intent.IntendedValueUsd, intent.IntendedValue, intent.IntendedCurrency, intent.Counterpart));
        }
    }

    [Fact]
    public async Task Values_that_disagree_unknown_codes_and_next_steps_on_closed_deals_are_refused_and_nothing_is_written()
    {
        await using (var db = _database.CreateDbContext())
        {
            db.Editions.Add(new Edition { Number = 10, Year = 2027, StartsOn = new(2027, 11, 5), EndsOn = new(2027, 11, 10), Status = EditionStatus.Planned });
            await db.SaveChangesAsync();
        }
        await Import(_database, "exhibitors", "edition,company_code,area_code,booth_area_sqm,categories\n10,C1,FA,36,FA-DAIRY\n");

        var result = await ImportDeals(_header
            + Line("E1", ("intended_value", "71800000"), ("intended_currency", "CNY"), ("intended_value_usd", "10600000"))
            + Line("E2", ("intended_value", "5000000"), ("intended_currency", "USD"), ("intended_value_usd", "5000001"))
            + Line("E3", ("intended_value", "100"))
            + Line("E4", ("intended_value", "100"), ("intended_currency", "EUR"))
            + Line("E5", ("district", "XX"))
            + Line("E6", ("stage", "Lost"), ("lost_reason", "no budget"), ("next_step", "call again"), ("next_step_due_on", "2025-12-01"))
            + Line("E7", ("next_step_due_on", "2025-12-01"))
            + Line("E8", ("kind", "Investment"), ("actual_jobs", "-3"))
            + Line("E9", ("edition", "10"), ("buyer", ""), ("kind", "Investment"), ("contract_value", "1000"), ("contract_currency", "CNY"))
            + Line("G1", ("counterpart", "fine")), ImportMode.AllOrNothing);

        Assert.False(result.Written);
        Assert.Contains(result.Errors, e => e is { Line: 2, Column: "intended_value_usd" } && e.Reason.Contains("10000000"));
        Assert.Contains(result.Errors, e => e is { Line: 3, Column: "intended_value_usd" });
        Assert.Contains(result.Errors, e => e is { Line: 4, Column: "intended_currency" });
        Assert.Contains(result.Errors, e => e is { Line: 5, Column: "intended_currency" } && e.Reason.Contains("EUR"));
        Assert.Contains(result.Errors, e => e is { Line: 6, Column: "district" } && e.Reason.Contains("XX"));
        Assert.Contains(result.Errors, e => e is { Line: 7, Column: "next_step" } && e.Reason.Contains("Lost"));
        Assert.Contains(result.Errors, e => e is { Line: 8, Column: "next_step" });
        Assert.Contains(result.Errors, e => e is { Line: 9, Column: "actual_jobs" });
        Assert.Contains(result.Errors, e => e is { Line: 10, Column: "contract_currency" } && e.Reason.Contains("2027"));
        Assert.DoesNotContain(result.Errors, e => e.Line == 11);
        Assert.Equal(9, result.Rejected);
        await using var check = _database.CreateDbContext();
        Assert.Equal(0, await check.Deals.CountAsync());
    }

    [Fact]
    public async Task A_dollar_value_off_the_yuan_rate_is_explained_in_chinese()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            var result = await ImportDeals(_header + Line("E1", ("intended_value", "71800000"), ("intended_currency", "CNY"), ("intended_value_usd", "10600000")));

            var error = Assert.Single(result.Errors);
            Assert.Equal("intended_value_usd 为 10600000，但 intended_value（71800000 元人民币）按 2025 年汇率（1 美元兑 7.18 元）折合 10000000 美元：两者相差不得超过 1%。",
                error.Reason);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
