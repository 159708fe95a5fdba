using System.Text;
using Crm.Data.Csv;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

/// <summary>The people at companies in and out as CSV: companies C1 (German exhibitor) and C2 (Shanghai buyer) exist.</summary>
public class ContactImportTests : IAsyncLifetime
{
    private const string Header = "code,company,name,name_zh,job_title,email,phone,primary,notes\n";

    private SqliteDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync();
        await _database.AddBasicsAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<ImportResult> Import(string csv, ImportMode mode = ImportMode.ValidRowsOnly) =>
        new CsvImporter(_database).ImportAsync("contacts", new MemoryStream(Encoding.UTF8.GetBytes(csv)), "contacts.csv", mode);

    [Fact]
    public async Task People_import_at_their_companies_and_export_the_same_rows()
    {
        var file = Header
            + "P000001,C1,Lukas Weber,,Head of Export,lukas.weber@alpenmilch.de,,false,\n"
            + "P000002,C1,Zhang Wei,张伟,中国区首席代表,zhang.wei@alpenmilch.de,+86 138 0000 1111,true,负责进博会\n"
            + "P000003,C2,Li Fang,李芳,采购经理,,+86 139 1234 5678,true,\n";

        var result = await Import(file);

        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
        Assert.Equal(3, result.Created);
        await using var db = _database.CreateDbContext();
        var zhang = await db.Contacts.Include(c => c.Company).SingleAsync(c => c.Code == "P000002");
        Assert.Equal(("C1", "张伟", "中国区首席代表", true, "负责进博会"), (zhang.Company!.Code, zhang.NameZh, zhang.JobTitle, zhang.IsPrimary, zhang.Notes));
        using var buffer = new MemoryStream();
        await new CsvExporter(_database).ExportAsync(CsvKinds.Find("contacts")!, buffer);
        // A phone number with a leading + would be a formula in a spreadsheet: the export puts a quote before it.
        Assert.Equal(file.Replace(",+86 ", ",'+86 "), Encoding.UTF8.GetString(buffer.ToArray()).Replace("\r\n", "\n"));
    }

    [Fact]
    public async Task A_row_marked_primary_takes_the_flag_from_the_companys_present_primary_contact()
    {
        await Import(Header + "P000001,C1,Lukas Weber,,,,,true,\n");

        var result = await Import(Header + "P000002,C1,Zhang Wei,张伟,,,,true,\n");

        Assert.Empty(result.Errors);
        await using var db = _database.CreateDbContext();
        Assert.Equal(["P000002"], await db.Contacts.Where(c => c.CompanyId == db.Companies.Single(x => x.Code == "C1").Id && c.IsPrimary)
            .Select(c => c.Code).ToListAsync());
    }

    [Fact]
    public async Task Two_primaries_for_one_company_a_bad_email_and_an_unknown_company_are_reported_by_line_and_column_and_nothing_is_written()
    {
        var result = await Import(Header
            + "P000001,C1,Lukas Weber,,,,,true,\n"
            + "P000002,C1,Zhang Wei,张伟,,,,true,\n"
            + "P000003,C2,Li Fang,李芳,,li.fang at 163.com,,false,\n"
            + "P000004,C9,Nobody,,,,,false,\n"
            + "P000005,C2,,,,,,false,\n", ImportMode.AllOrNothing);

        Assert.Equal([(3, "primary"), (4, "email"), (5, "company"), (6, "name")], result.Errors.Select(e => (e.Line, e.Column)));
        Assert.Contains("line 2", result.Errors[0].Reason, StringComparison.OrdinalIgnoreCase);
        Assert.False(result.Written);
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.Contacts.CountAsync());
    }
}
