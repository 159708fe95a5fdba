using System.Text;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests;

/// <summary>The issue list (问题清单) in and out as CSV: edition 8 has exhibitor C1 and buyer C2; li.ming writes, viewer.li only reads.</summary>
public class ServiceIssueImportTests : IAsyncLifetime
{
    private const string Header = "code,edition,company,raised_as,category,severity,title,description,owner,status,resolution,raised_at,resolved_at\n";

    private static readonly string[] _columns = Header.TrimEnd('\n').Split(',');

    /// <summary>A valid resolved exhibitor issue; the theory below breaks one field of it at a time.</summary>
    private static readonly string[] _goodRow =
        ["SI08-00001", "8", "C1", "Exhibitor", "Customs", "High", "展品清关延误", "一批乳制品在外高桥等待查验", "li.ming", "Resolved",
         "协调海关加急查验，已放行进馆", "2025-10-20T09:30", "2025-10-22T16:00"];

    private SqliteDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync();
        await _database.AddBasicsAsync();
        await Import("exhibitors", "edition,company_code,area_code,booth_area_sqm,categories\n8,C1,FA,36,FA-DAIRY\n");
        await Import("buyers", "edition,company_code,province,city,sector_code,wanted_categories,budget_usd\n8,C2,上海,上海,FOOD,FA-DAIRY,100\n");
        await Import("users", "user_name,display_name,email,roles\nli.ming,李明,li.ming@expo-crm.example.com,TeamMember\n"
            + "viewer.li,李只读,viewer.li@expo-crm.example.com,Viewer\n");
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<ImportResult> Import(string kind, string csv, ImportMode mode = ImportMode.ValidRowsOnly) =>
        new CsvImporter(_database).ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), kind + ".csv", mode);

    private static string Line(params string[] fields) =>
        string.Join(',', fields.Select(f => f.Contains(',') || f.Contains('"') ? "\"" + f.Replace("\"", "\"\"") + "\"" : f)) + "\n";

    private static string GoodWith(string column, string value)
    {
        var fields = (string[])_goodRow.Clone();
        fields[Array.IndexOf(_columns, column)] = value;
        return Line(fields);
    }

    [Fact]
    public async Task Issues_raised_by_an_exhibitor_and_a_buyer_import_with_their_owner_status_and_dates()
    {
        var result = await Import("service-issues", Header
            + Line(_goodRow)
            + "SI08-00002,8,C2,Buyer,Badges,Medium,采购商证件未收到,,,Open,,2025-11-04T18:05,\n");

        Assert.True(result.Errors.Count == 0, string.Join("; ", result.Errors));
        Assert.Equal((2, 0), (result.Created, result.Updated));
        await using var db = _database.CreateDbContext();
        var resolved = await db.ServiceIssues.Include(i => i.Company).Include(i => i.Owner).SingleAsync(i => i.Code == "SI08-00001");
        Assert.Equal(("C1", ServiceIssueParty.Exhibitor, ServiceIssueCategory.Customs, ServiceIssueSeverity.High, "li.ming"),
            (resolved.Company!.Code, resolved.RaisedAs, resolved.Category, resolved.Severity, resolved.Owner!.UserName));
        Assert.Equal((ServiceIssueStatus.Resolved, "协调海关加急查验，已放行进馆"), (resolved.Status, resolved.Resolution));
        // The file says Shanghai time; the database keeps UTC (eight hours earlier).
        Assert.Equal((new DateTime(2025, 10, 20, 1, 30, 0), new DateTime(2025, 10, 22, 8, 0, 0)), (resolved.RaisedAt, resolved.ResolvedAt!.Value));
        var open = await db.ServiceIssues.Include(i => i.Company).SingleAsync(i => i.Code == "SI08-00002");
        Assert.Equal(("C2", ServiceIssueParty.Buyer, ServiceIssueStatus.Open), (open.Company!.Code, open.RaisedAs, open.Status));
        Assert.Null(open.OwnerUserId);
        Assert.Null(open.ResolvedAt);
    }

    [Theory]
    [InlineData("company", "NOPE", "company", "NOPE")]
    [InlineData("company", "C2", "company", "C2")] // C2 is a buyer, not an exhibitor, of edition 8
    [InlineData("raised_as", "Buyer", "company", "C1")] // C1 exhibits but does not buy
    [InlineData("raised_as", "Visitor", "raised_as", "Visitor")]
    [InlineData("edition", "7", "edition", "7")]
    [InlineData("category", "Parking", "category", "Parking")]
    [InlineData("severity", "Urgent", "severity", "Urgent")]
    [InlineData("status", "Done", "status", "Done")]
    [InlineData("title", "", "title", "")]
    [InlineData("owner", "nobody", "owner", "nobody")]
    [InlineData("owner", "viewer.li", "owner", "viewer.li")] // a read-only user cannot work on an issue
    [InlineData("resolution", "", "resolution", "resolution")] // resolved without saying how
    [InlineData("resolved_at", "", "resolved_at", "resolved_at")] // resolved without saying when
    [InlineData("status", "InProgress", "resolved_at", "InProgress")] // not resolved, yet a resolution date
    [InlineData("resolved_at", "2025-10-19T09:30", "resolved_at", "raised_at")] // resolved before it was raised
    [InlineData("raised_at", "20.10.2025", "raised_at", "20.10.2025")]
    [InlineData("raised_at", "", "raised_at", "")]
    public async Task A_row_breaking_a_rule_is_refused_on_the_right_column_with_a_reason(string column, string value, string errorColumn, string inReason)
    {
        var result = await Import("service-issues", Header + GoodWith(column, value));

        Assert.False(result.Written);
        var error = Assert.Single(result.Errors, e => e.Column == errorColumn);
        Assert.Equal(2, error.Line);
        Assert.Contains(inReason, error.Reason);
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.ServiceIssues.CountAsync());
    }

    [Fact]
    public async Task A_title_over_200_or_a_description_over_4000_characters_is_refused()
    {
        var result = await Import("service-issues", Header
            + GoodWith("title", new string('证', 201))
            + GoodWith("code", "SI08-00002").Replace("一批乳制品在外高桥等待查验", new string('描', 4001)));

        Assert.Contains(result.Errors, e => e is { Line: 2, Column: "title" } && e.Reason.Contains("200"));
        Assert.Contains(result.Errors, e => e is { Line: 3, Column: "description" } && e.Reason.Contains("4000"));
    }

    private static string OneGoodOneBad => Header + Line(_goodRow) + GoodWith("code", "SI08-00002").Replace(",C1,", ",C9,");

    [Fact]
    public async Task All_or_nothing_writes_no_issue_when_one_row_is_bad()
    {
        var result = await Import("service-issues", OneGoodOneBad, ImportMode.AllOrNothing);

        Assert.False(result.Written);
        Assert.Contains(result.Errors, e => e is { Line: 3, Column: "company" } && e.Reason.Contains("C9"));
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.ServiceIssues.CountAsync());
    }

    [Fact]
    public async Task Valid_rows_only_writes_the_good_issue_and_reports_the_bad_one()
    {
        var result = await Import("service-issues", OneGoodOneBad);

        Assert.True(result.Written);
        Assert.Equal((2, 1, 1), (result.Rows, result.Created, result.Rejected));
        await using var db = _database.CreateDbContext();
        Assert.Equal("SI08-00001", (await db.ServiceIssues.SingleAsync()).Code);
    }

    [Fact]
    public async Task Reimporting_a_changed_row_updates_the_issue_and_raises_its_version()
    {
        var open = GoodWith("status", "InProgress").Replace(",2025-10-22T16:00\n", ",\n");
        await Import("service-issues", Header + open);

        var result = await Import("service-issues", Header + Line(_goodRow));

        Assert.Equal((0, 1), (result.Created, result.Updated));
        await using var db = _database.CreateDbContext();
        var issue = await db.ServiceIssues.SingleAsync();
        Assert.Equal((ServiceIssueStatus.Resolved, 1L), (issue.Status, issue.Version));
    }

    [Fact]
    public async Task An_exported_issue_list_is_the_imported_file_and_imports_back_unchanged()
    {
        var file = Header
            + Line(_goodRow)
            + Line("SI08-00002", "8", "C2", "Buyer", "Accommodation", "Low", "酒店预订确认单有误", "入住日期写成 11 月 6 日, 实为 11 月 4 日 \"提前\"",
                "", "Closed", "已联系协议酒店更正", "2025-10-28T11:00", "2025-10-28T15:20")
            + Line("SI08-00003", "8", "C1", "Exhibitor", "Booth", "Critical", "展位电箱跳闸", "", "li.ming", "InProgress", "", "2025-11-05T08:10", "");
        var imported = await Import("service-issues", file, ImportMode.AllOrNothing);
        Assert.True(imported.Errors.Count == 0, string.Join("; ", imported.Errors));

        using var buffer = new MemoryStream();
        await new CsvExporter(_database).ExportAsync(CsvKinds.Find("service-issues")!, buffer);
        var again = await new CsvImporter(_database).ImportAsync("service-issues", new MemoryStream(buffer.ToArray()), "export.csv", ImportMode.AllOrNothing);

        Assert.Equal(file.Replace("\n", "\r\n"), Encoding.UTF8.GetString(buffer.ToArray())); // exports end lines with CRLF
        Assert.Equal((0, 0, 3), (again.Created, again.Updated, again.Unchanged));
    }
}
