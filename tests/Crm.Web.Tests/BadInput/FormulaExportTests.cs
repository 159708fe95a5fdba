using System.Globalization;
using System.Text.Json;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure.Lists;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.BadInput;

/// <summary>
/// Formula injection in the files the web app writes: a company, an issue or an import report reason that starts like a
/// formula (= + - @) comes out of the list exports and the import report behind a single quote in CSV, and as plain text
/// (never a formula) in Excel; numbers are written as numbers.
/// </summary>
public sealed class FormulaExportTests(BadInputApp crm) : IClassFixture<BadInputApp>
{
    private static readonly (string Code, string Name, string Cell)[] _companies =
    [
        ("FX1", "=HYPERLINK(\"http://evil.example\",\"Click\")", "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\""),
        ("FX2", "+1", "+1"), // a plain number: nothing for a spreadsheet to run
        ("FX3", "+1 cmd", "'+1 cmd"),
        ("FX4", "-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("FX5", "@SUM(A1)", "'@SUM(A1)"),
    ];

    [Fact]
    public async Task Companies_named_like_formulas_export_behind_a_quote_in_csv_and_as_text_in_excel()
    {
        await AddCompaniesAsync();
        try
        {
            var browser = await crm.BrowserAsync("en");

            var csv = await BadInputApp.CsvTextAsync(await browser.GetAsync("/exports/companies.csv?columns=code,company,exhibited"));
            var workbook = await browser.GetAsync("/exports/companies.xlsx?columns=code,company,exhibited");

            var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("Code,Company,Editions exhibited", lines[0]);
            Assert.Equal(_companies.Select(c => $"{c.Code},{c.Cell},0"), lines.Where(l => l.StartsWith("FX")).Order(StringComparer.Ordinal));
            using var document = SpreadsheetDocument.Open(new MemoryStream(await workbook.Content.ReadAsByteArrayAsync()), false);
            var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
            Assert.Empty(sheet.Descendants<CellFormula>());
            var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().ToList()).Where(r => r[0].InnerText.StartsWith("FX"))
                .OrderBy(r => r[0].InnerText, StringComparer.Ordinal).ToList();
            Assert.Equal(_companies.Select(c => c.Name), rows.Select(r => r[1].InnerText));
            Assert.All(rows, r => Assert.Equal(CellValues.InlineString, r[1].DataType!.Value));
            Assert.All(rows, r => Assert.Equal((CellValues.Number, "0"), (r[2].DataType!.Value, r[2].CellValue!.Text)));
        }
        finally
        {
            await using var db = crm.App.Database.CreateDbContext();
            await db.Companies.Where(c => c.Code.StartsWith("FX")).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task An_issue_titled_like_a_formula_exports_behind_a_quote()
    {
        await using var db = crm.App.Database.CreateDbContext();
        var issue = new ServiceIssue
        {
            Code = "SI09-09001", EditionId = await db.Editions.Where(e => e.Number == 9).Select(e => e.Id).SingleAsync(),
            CompanyId = await db.Companies.Where(c => c.Code == "C1").Select(c => c.Id).SingleAsync(), RaisedAs = ServiceIssueParty.Exhibitor,
            Category = ServiceIssueCategory.Booth, Severity = ServiceIssueSeverity.Low, Title = "=2+5+cmd|' /C calc'!A0", Status = ServiceIssueStatus.Open,
            RaisedAt = DateTime.UtcNow,
        };
        db.ServiceIssues.Add(issue);
        await db.SaveChangesAsync();
        try
        {
            var browser = await crm.BrowserAsync("zh-CN");

            var csv = await BadInputApp.CsvTextAsync(await browser.GetAsync("/exports/service-issues.csv?edition=9&columns=code,title"));

            Assert.Contains("\r\nSI09-09001,'=2+5+cmd|' /C calc'!A0\r\n", csv);
        }
        finally
        {
            db.ServiceIssues.Remove(issue);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task An_import_report_quoting_a_formula_header_writes_it_behind_a_quote()
    {
        await using var db = crm.App.Database.CreateDbContext();
        var job = new BackgroundJob
        {
            Kind = ImportFileJob.Name, Status = JobStatus.Succeeded, CreatedBy = "admin", CreatedAt = DateTime.UtcNow, Progress = 1,
            Parameters = JsonSerializer.Serialize(new ImportParameters("companies", ImportMode.AllOrNothing, "c.csv", 0, "en")),
            Result = JsonSerializer.Serialize(new ImportSummary("companies", 0, 0, 0, 0, 0, false, 1,
                [new ImportError(1, "=HYPERLINK(\"x\")", "Unknown column '=HYPERLINK(\"x\")'.")])),
        };
        db.BackgroundJobs.Add(job);
        await db.SaveChangesAsync();
        try
        {
            var browser = await crm.BrowserAsync("en", Roles.Administrator);

            var csv = await BadInputApp.CsvTextAsync(await browser.GetAsync($"/imports/{job.Id}/report.csv"));

            Assert.Equal("Line,Column,Reason\r\n1,\"'=HYPERLINK(\"\"x\"\")\",\"Unknown column '=HYPERLINK(\"\"x\"\")'.\"\r\n", csv);
        }
        finally
        {
            db.BackgroundJobs.Remove(job);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public void Numbers_stay_numbers_and_only_text_is_neutralised()
    {
        TableColumn<(decimal Amount, int Count, string Text)>[] columns =
            [new("amount", "amount", r => r.Amount), new("count", "count", r => r.Count), new("text", "text", r => r.Text)];
        using var file = new MemoryStream();

        TableFile.Write(file, TableFormat.Csv, "t", columns, [(-5m, -3, "-5"), (-1.5m, 0, "-x"), (2m, 7, "@x")], CultureInfo.InvariantCulture);

        Assert.Equal("amount,count,text\r\n-5,-3,-5\r\n-1.5,0,'-x\r\n2,7,'@x\r\n", System.Text.Encoding.UTF8.GetString(file.ToArray()[3..]));
    }

    private async Task AddCompaniesAsync()
    {
        await using var db = crm.App.Database.CreateDbContext();
        db.Companies.AddRange(_companies.Select(c => new Company { Code = c.Code, Name = c.Name, NameZh = c.Name, CountryCode = "DE", SectorCode = "FOOD" }));
        await db.SaveChangesAsync();
    }
}
