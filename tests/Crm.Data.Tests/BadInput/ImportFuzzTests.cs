using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Crm.Data.Csv;
using Crm.Data.Entities;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests.BadInput;

/// <summary>
/// Property tests of the importer <c>./crm import</c> and the import page's job run (<see cref="CsvImporter"/>) with
/// generated bad files: malformed CSV, random bytes, Chinese text in other encodings, out-of-range dates and amounts.
/// For every file the import either writes exactly the valid rows or gives clear reasons (in the user's language, en and
/// zh-CN alike), refused files and rows write nothing (row counts and audit rows unchanged), and nothing throws.
/// </summary>
public sealed class ImportFuzzTests(ImportFuzzTests.Fixture fixture) : IClassFixture<ImportFuzzTests.Fixture>
{
    /// <summary>Generated cases per run, per kind of bad input (see docs/reliability-badinput.md).</summary>
    public const int MalformedCases = 80;
    public const int RandomByteCases = 50;
    public const int EncodingCases = 40;
    public const int DateCases = 40;
    public const int AmountCases = 60;

    private const string CompaniesHeader = "code,name,name_zh,country_code,sector_code,fortune500,website";

    /// <summary>
    /// One database for the class (every case removes what it wrote): the basics, exhibitor C1 and buyer C2 of edition 8,
    /// and companies B01 and B02 that take part in nothing yet.
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public SqliteDatabase Sqlite { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Sqlite = await SqliteDatabase.CreateAsync();
            await Sqlite.AddBasicsAsync();
            await ImportAsync("exhibitors", "edition,company_code,area_code,booth_area_sqm,categories\n8,C1,FA,36,FA-DAIRY\n");
            await ImportAsync("buyers", "edition,company_code,province,city,sector_code,wanted_categories,budget_usd\n8,C2,上海,上海,FOOD,FA-DAIRY,100\n");
            await ImportAsync("companies", CompaniesHeader + "\nB01,Buyer One,买家一,CN,FOOD,,\nB02,Exhibitor Two,展商二,DE,FOOD,,\n");
        }

        public async Task DisposeAsync() => await Sqlite.DisposeAsync();

        private Task<ImportResult> ImportAsync(string kind, string csv) =>
            new CsvImporter(Sqlite).ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), kind + ".csv", ImportMode.AllOrNothing);
    }

    private SqliteDatabase Database => fixture.Sqlite;
    private static int _case;

    // ---- malformed CSV --------------------------------------------------------------------------------------------

    /// <summary>What a generated line of a companies file does to the import.</summary>
    private enum RowFault { None, ExtraField, MissingField, StrayQuote, TextAfterQuote, UnknownCountry, EmptyName, NameTooLong, QuotedComma, Blank, UnclosedQuote, Nul }

    private enum HeaderFault { None, Uppercase, Padded, MissingColumn, DuplicateColumn, UnknownColumn, StrayQuote, Empty }

    private sealed record MalformedCase(HeaderFault Header, RowFault[] Rows, string LineEnd, bool Bom, ImportMode Mode, string Culture)
    {
        public override string ToString() => $"{Header} [{string.Join(", ", Rows)}] {Mode} {Culture} {(Bom ? "BOM " : "")}{(LineEnd == "\n" ? "LF" : "CRLF")}";
    }

    [Fact]
    public void Malformed_csv_writes_exactly_the_readable_valid_rows_or_nothing_and_says_why_on_each_line()
    {
        var cases =
            from header in Gen.Frequency((6, Gen.Constant(HeaderFault.None)), (4, Gen.Elements(Enum.GetValues<HeaderFault>())))
            from rows in Gen.ListOf(Gen.Frequency((5, Gen.Constant(RowFault.None)), (5, Gen.Elements(Enum.GetValues<RowFault>()))))
            from lineEnd in Gen.Elements("\n", "\r\n")
            from bom in Gen.Elements(false, true)
            from mode in Gen.Elements(ImportMode.ValidRowsOnly, ImportMode.AllOrNothing)
            from culture in Gen.Elements("en", "zh-CN")
            select new MalformedCase(header, rows.Take(12).ToArray(), lineEnd, bom, mode, culture);

        Check.One(Fuzz.Config(MalformedCases), Prop.ForAll(cases.ToArbitrary(), c => Run(async () =>
        {
            var prefix = $"Z{++_case:000}-";
            var lines = new List<string> { Header(c.Header) };
            lines.AddRange(c.Rows.Select((fault, i) => Row(prefix + i, fault)));
            var text = string.Join(c.LineEnd, lines) + c.LineEnd;
            var file = (c.Bom ? Encoding.UTF8.GetPreamble() : []).Concat(Encoding.UTF8.GetBytes(text)).ToArray();

            await CheckedImportAsync("companies", file, c.Mode, c.Culture, async result =>
            {
                // The oracle: a file whose header or whose reading fails writes nothing; otherwise each line's fault decides.
                var headerRefused = c.Header is HeaderFault.MissingColumn or HeaderFault.DuplicateColumn or HeaderFault.UnknownColumn
                    or HeaderFault.StrayQuote or HeaderFault.Empty;
                var lost = Array.FindIndex(c.Rows, f => f is RowFault.UnclosedQuote or RowFault.Nul);
                var bad = c.Rows.Select((f, i) => (f, Line: i + 2))
                    .Where(r => r.f is not (RowFault.None or RowFault.QuotedComma or RowFault.Blank)).Select(r => r.Line).ToList();
                var good = c.Rows.Select((f, i) => (f, Code: prefix + i)).Where(r => r.f is RowFault.None or RowFault.QuotedComma).Select(r => r.Code).ToList();
                if (headerRefused)
                {
                    Assert.False(result.Written);
                    Assert.Contains(result.Errors, e => e.Line is 0 or 1);
                    return;
                }
                if (lost >= 0)
                {
                    Assert.False(result.Written);
                    // At the line of the open quote, or of a NUL it swallowed.
                    Assert.Contains(result.Errors, e => e.Line >= lost + 2);
                    return;
                }
                Assert.Equal(bad, result.Errors.Select(e => e.Line).Distinct().Order());
                var written = c.Mode == ImportMode.ValidRowsOnly || bad.Count == 0 ? good : [];
                Assert.Equal(written.Count > 0, result.Written);
                await using var db = Database.CreateDbContext();
                var stored = await db.Companies.Where(x => x.Code.StartsWith(prefix)).OrderBy(x => x.Code).Select(x => new { x.Code, x.Name }).ToListAsync();
                Assert.Equal(written.Order(StringComparer.Ordinal), stored.Select(s => s.Code));
                Assert.All(stored, s => Assert.Equal(NameOf(s.Code, c.Rows[int.Parse(s.Code[prefix.Length..])]), s.Name));
            });
        })));
    }

    private static string Header(HeaderFault fault) => fault switch
    {
        HeaderFault.None => CompaniesHeader,
        HeaderFault.Uppercase => CompaniesHeader.ToUpperInvariant(),
        HeaderFault.Padded => string.Join(',', CompaniesHeader.Split(',').Select(h => " " + h + " ")),
        HeaderFault.MissingColumn => CompaniesHeader.Replace("country_code,", ""),
        HeaderFault.DuplicateColumn => CompaniesHeader.Replace("website", "name"),
        HeaderFault.UnknownColumn => CompaniesHeader.Replace("website", "colour"),
        HeaderFault.StrayQuote => CompaniesHeader.Replace("name_zh", "name\"zh"),
        _ => "",
    };

    private static string NameOf(string code, RowFault fault) => fault == RowFault.QuotedComma ? $"Name \"{code}\", Ltd" : "Name " + code;

    private static string Row(string code, RowFault fault) => fault switch
    {
        RowFault.None => $"{code},{NameOf(code, fault)},名称,DE,FOOD,false,",
        RowFault.QuotedComma => $"{code},\"Name \"\"{code}\"\", Ltd\",名称,CN,FOOD,true,https://example.com",
        RowFault.ExtraField => $"{code},Name,名称,DE,FOOD,false,,extra",
        RowFault.MissingField => $"{code},Name,名称,DE,FOOD,false",
        RowFault.StrayQuote => $"{code},Na\"me,名称,DE,FOOD,false,",
        RowFault.TextAfterQuote => $"{code},\"Name\" Ltd,名称,DE,FOOD,false,",
        RowFault.UnknownCountry => $"{code},Name,名称,XX,FOOD,false,",
        RowFault.EmptyName => $"{code},,名称,DE,FOOD,false,",
        RowFault.NameTooLong => $"{code},{new string('n', 201)},名称,DE,FOOD,false,",
        RowFault.Blank => "   ",
        RowFault.UnclosedQuote => $"{code},\"Name,名称,DE,FOOD,false,",
        _ => $"{code},Na\0me,名称,DE,FOOD,false,",
    };

    // ---- random bytes ---------------------------------------------------------------------------------------------

    [Fact]
    public void Random_bytes_are_refused_with_a_reason_or_import_what_they_say_and_never_throw()
    {
        var valid = Encoding.UTF8.GetBytes(CompaniesHeader + "\nZR-1,Name,名称,DE,FOOD,false,\nZR-2,Name,名称,CN,FOOD,true,\n");
        var noise = ArbMap.Default.GeneratorFor<byte[]>();
        var spliced = from bytes in Gen.NonEmptyListOf(ArbMap.Default.GeneratorFor<byte>())
                      from at in Gen.Choose(0, valid.Length)
                      select valid[..at].Concat(bytes).Concat(valid[at..]).ToArray();
        var files = from file in Gen.OneOf(noise, spliced)
                    from mode in Gen.Elements(ImportMode.ValidRowsOnly, ImportMode.AllOrNothing)
                    from culture in Gen.Elements("en", "zh-CN")
                    select (File: file, Mode: mode, Culture: culture);

        Check.One(Fuzz.Config(RandomByteCases), Prop.ForAll(files.ToArbitrary(), f => Run(async () =>
        {
            await CheckedImportAsync("companies", f.File, f.Mode, f.Culture, result =>
            {
                if (!IsUtf8(f.File) && !HasByteOrderMark(f.File))
                {
                    // Refused: for its bytes, or for its header when that fails first.
                    Assert.False(result.Written);
                    Assert.NotEmpty(result.Errors);
                }
                return Task.CompletedTask;
            });
        })));
    }

    // ---- encodings ------------------------------------------------------------------------------------------------

    private static readonly string[] _chinese =
        ["上海食品集团", "江苏进口贸易有限公司", "阿尔卑斯乳业", "北欧三文鱼", "浦东新区招商中心", "中国国际进口博览会", "乳制品", "张江科学城", "虹桥", "进博会"];

    private static readonly Encoding[] _refused;
    private static readonly Encoding[] _accepted =
        [new UTF8Encoding(false), new UTF8Encoding(true), new UnicodeEncoding(false, true), new UnicodeEncoding(true, true), new UTF32Encoding(false, true)];

    static ImportFuzzTests()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        _refused = [Encoding.GetEncoding("GBK"), Encoding.GetEncoding("GB18030"), Encoding.GetEncoding("big5"), new UnicodeEncoding(false, false)];
    }

    [Fact]
    public void Chinese_text_in_GBK_or_another_code_page_is_refused_as_not_UTF8_and_UTF8_or_text_with_a_BOM_imports_exactly()
    {
        var names = Gen.NonEmptyListOf(Gen.ListOf(Gen.Elements(_chinese)).Select(p => string.Concat(p)).Where(n => n.Length is > 0 and <= 200));
        var cases = from rows in names
                    from encoding in Gen.Elements(_accepted.Concat(_refused).ToArray())
                    from culture in Gen.Elements("en", "zh-CN")
                    let text = CompaniesHeader + "\n" + string.Concat(rows.Take(8).Select((n, i) => $"ZE-{i},{n},{n},CN,FOOD,false,\n"))
                    let bytes = encoding.GetPreamble().Concat(encoding.GetBytes(text)).ToArray()
                    // A code-page file that happens to be valid UTF-8 cannot be told apart: such (rare) files are not generated.
                    where _accepted.Contains(encoding) || !IsUtf8(bytes) || bytes.Contains((byte)0)
                    select (Names: rows.Take(8).ToList(), Encoding: encoding, File: bytes, Culture: culture);

        Check.One(Fuzz.Config(EncodingCases), Prop.ForAll(cases.ToArbitrary(), c => Run(async () =>
        {
            await CheckedImportAsync("companies", c.File, ImportMode.AllOrNothing, c.Culture, async result =>
            {
                await using var db = Database.CreateDbContext();
                var stored = await db.Companies.Where(x => x.Code.StartsWith("ZE-")).OrderBy(x => x.Code).Select(x => x.Name).ToListAsync();
                if (_accepted.Contains(c.Encoding))
                {
                    Assert.True(result.Written, $"{c.Encoding.WebName}: {string.Join("; ", result.Errors)}");
                    Assert.Equal(c.Names, stored);
                }
                else
                {
                    var error = Assert.Single(result.Errors);
                    Assert.Contains("UTF-8", error.Reason);
                    Assert.Contains(c.Culture == "en" ? "Save it" : "保存", error.Reason); // and how to save it
                    Assert.Empty(stored);
                }
            });
        })));
    }

    // ---- out-of-range dates ---------------------------------------------------------------------------------------

    /// <summary>A one-row file of a kind with one date column set to a generated value; the rest of the row is valid.</summary>
    private sealed record DateCase(string Kind, string Column, string Value, bool IsDateTime, string Culture)
    {
        public override string ToString() => $"{Kind}.{Column} = '{Value}' ({Culture})";
    }

    private static readonly string[] _dates =
        ["2025-11-06", "2000-01-01", "2099-12-31", "0001-01-01", "9999-12-31", "0000-01-01", "1999-12-31", "2100-01-01", "2025-02-30",
         "2025-13-01", "10000-01-01", "-2025-01-01", "2025-1-1", "20251106", "NaN", "1e30", "2025-11-06T10:00", "２０２５-１１-０６"];

    private static readonly string[] _dateTimes =
        ["2025-11-06T10:00", "2000-01-01T00:00", "2099-12-31T23:59", "0001-01-01T00:00", "0001-01-01T07:59", "9999-12-31T23:59",
         "2025-11-06T25:00", "2025-11-06T10:00:61", "1999-12-31T23:59", "2100-01-01T00:00", "2025-11-06", "NaN", "2025-11-06 10:00"];

    [Fact]
    public void Out_of_range_dates_are_refused_on_their_row_and_column_and_write_nothing()
    {
        (string Kind, string Column, bool IsDateTime)[] columns =
        [
            ("deals", "met_on", false), ("deals", "next_step_due_on", false), ("editions", "starts_on", false), ("editions", "ends_on", false),
            ("signing-events", "held_on", false), ("meetings", "starts_at", true), ("meetings", "ends_at", true),
            ("service-issues", "raised_at", true),
        ];
        var cases = from column in Gen.Elements(columns)
                    from value in Gen.Elements(column.IsDateTime ? _dateTimes : _dates)
                    from culture in Gen.Elements("en", "zh-CN")
                    select new DateCase(column.Kind, column.Column, value, column.IsDateTime, culture);

        Check.One(Fuzz.Config(DateCases), Prop.ForAll(cases.ToArbitrary(), c => Run(async () =>
        {
            await CheckedImportAsync(c.Kind, Encoding.UTF8.GetBytes(OneRowFile(c.Kind, c.Column, c.Value)), ImportMode.ValidRowsOnly, c.Culture, result =>
            {
                if (IsInRange(c.Value, c.IsDateTime) && (c.Column != "ends_at" || string.CompareOrdinal(c.Value, "2000-01-01T00:00") > 0))
                {
                    Assert.DoesNotContain(result.Errors, e => e.Column == c.Column);
                }
                else
                {
                    Assert.False(result.Written);
                    Assert.Contains(result.Errors, e => e is { Line: 2 } && e.Column == c.Column);
                }
                return Task.CompletedTask;
            });
        })));
    }

    private static bool IsInRange(string value, bool isDateTime)
    {
        string[] formats = isDateTime ? ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"] : ["yyyy-MM-dd"];
        return DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            && parsed.Year is >= 2000 and <= 2099;
    }

    // ---- out-of-range amounts -------------------------------------------------------------------------------------

    private sealed record AmountCase(string Kind, string Column, string Value, decimal Max, bool Whole, bool Required, decimal? Default, string Culture)
    {
        public override string ToString() => $"{Kind}.{Column} = '{Value}' ({Culture})";
    }

    private static readonly string[] _amounts =
        ["2500000", "0", "0.01", "+5", "-1", "-0.01", "1e30", "1E+30", "NaN", "Infinity", "-Infinity", "∞", "79228162514264337593543950335",
         "79228162514264337593543950336", "1000000000000", "1000000000000.01", "999999999999.99", "1,000", "1 000", "１２３", "0x10",
         "12.5.3", ".5", "5.", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "", "200", "201", "1000000", "1000001"];

    [Fact]
    public void Out_of_range_amounts_are_refused_on_their_row_and_column_and_in_range_ones_are_stored_exactly()
    {
        (string Kind, string Column, decimal Max, bool Whole, bool Required, decimal? Default)[] columns =
        [
            ("buyers", "budget_usd", Deal.MaxAmount, false, true, null), ("deals", "intended_value_usd", Deal.MaxAmount, false, true, null),
            ("exhibitors", "booth_area_sqm", Exhibitor.MaxBoothAreaSqm, false, true, null),
            ("exhibitors", "meeting_capacity", Exhibitor.MaxMeetingCapacity, true, false, 8m), // left empty: eight meetings
            ("editions", "reported_intended_deal_value_usd_bn", Edition.MaxReportedValueUsdBn, false, false, null),
            ("editions", "reported_exhibitors", int.MaxValue, true, false, null),
        ];
        var cases = from column in Gen.Elements(columns)
                    from value in Gen.Elements(_amounts)
                    from culture in Gen.Elements("en", "zh-CN")
                    select new AmountCase(column.Kind, column.Column, value, column.Max, column.Whole, column.Required, column.Default, culture);

        Check.One(Fuzz.Config(AmountCases), Prop.ForAll(cases.ToArbitrary(), c => Run(async () =>
        {
            await CheckedImportAsync(c.Kind, Encoding.UTF8.GetBytes(OneRowFile(c.Kind, c.Column, c.Value)), ImportMode.ValidRowsOnly, c.Culture, async result =>
            {
                var expected = c.Default;
                var valid = c.Value.Length == 0 ? !c.Required : IsAmount(c, out expected);
                if (!valid)
                {
                    Assert.False(result.Written);
                    Assert.Contains(result.Errors, e => e is { Line: 2 } && e.Column == c.Column);
                    return;
                }
                Assert.True(result.Written, string.Join("; ", result.Errors));
                Assert.Equal(expected, await StoredAmountAsync(c.Kind, c.Column));
            });
        })));
    }

    private static bool IsAmount(AmountCase c, out decimal? value)
    {
        value = null;
        if (c.Whole)
        {
            var ok = int.TryParse(c.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) && whole >= 0 && whole <= c.Max;
            value = ok ? whole : null;
            return ok;
        }
        if (decimal.TryParse(c.Value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && number >= 0 && number <= c.Max)
        {
            value = number;
            return true;
        }
        return false;
    }

    private async Task<decimal?> StoredAmountAsync(string kind, string column)
    {
        await using var db = Database.CreateDbContext();
        return (kind, column) switch
        {
            ("buyers", _) => await db.Buyers.Where(b => b.Company!.Code == "B01").Select(b => (decimal?)b.BudgetUsd).SingleAsync(),
            ("deals", _) => await db.Deals.Where(d => d.Code == "ZD-1").Select(d => d.IntendedValueUsd).SingleAsync(),
            ("exhibitors", "booth_area_sqm") => await db.Exhibitors.Where(e => e.Company!.Code == "B02").Select(e => (decimal?)e.BoothAreaSqm).SingleAsync(),
            ("exhibitors", _) => await db.Exhibitors.Where(e => e.Company!.Code == "B02").Select(e => (decimal?)e.MeetingCapacity).SingleAsync(),
            ("editions", "reported_exhibitors") => await db.Editions.Where(e => e.Number == 50).Select(e => (decimal?)e.ReportedExhibitors).SingleAsync(),
            _ => await db.Editions.Where(e => e.Number == 50).Select(e => e.ReportedIntendedDealValueUsdBn).SingleAsync(),
        };
    }

    /// <summary>A valid one-row file of a kind, with <paramref name="column"/> set to <paramref name="value"/>.</summary>
    private static string OneRowFile(string kind, string column, string value)
    {
        var fields = kind switch
        {
            "buyers" => new Dictionary<string, string>
            {
                ["edition"] = "8", ["company_code"] = "B01", ["province"] = "上海", ["city"] = "上海", ["sector_code"] = "FOOD",
                ["wanted_categories"] = "FA-DAIRY", ["budget_usd"] = "2500000",
            },
            "exhibitors" => new() { ["edition"] = "8", ["company_code"] = "B02", ["area_code"] = "FA", ["booth_area_sqm"] = "36", ["categories"] = "FA-DAIRY", ["meeting_capacity"] = "8" },
            "deals" => new()
            {
                ["code"] = "ZD-1", ["edition"] = "8", ["kind"] = "Procurement", ["exhibitor"] = "C1", ["buyer"] = "C2", ["team"] = "", ["stage"] = "IntentSigned",
                ["met_on"] = "2025-11-06", ["intended_value_usd"] = "1500000", ["intent_signed_on"] = "2099-12-31", ["next_step"] = "Call back",
                ["next_step_due_on"] = "2025-12-01",
            },
            "editions" => new()
            {
                ["number"] = "50", ["year"] = "2030", ["starts_on"] = "2000-01-01", ["ends_on"] = "2099-12-31", ["status"] = "Planned",
                ["reported_intended_deal_value_usd_bn"] = "80.5", ["reported_exhibitors"] = "3000",
            },
            "signing-events" => new() { ["code"] = "ZS-1", ["edition"] = "8", ["name"] = "Signing", ["name_zh"] = "签约", ["held_on"] = "2025-11-06" },
            "meetings" => new()
            {
                ["code"] = "ZM-1", ["edition"] = "8", ["exhibitor"] = "C1", ["buyer"] = "C2", ["team"] = "", ["starts_at"] = "2000-01-01T00:00",
                ["ends_at"] = "2099-12-31T23:59", ["place"] = "VenueTable", ["table_code"] = "T-1", ["status"] = "Held",
            },
            _ => new()
            {
                ["code"] = "ZI-1", ["edition"] = "8", ["company"] = "C1", ["raised_as"] = "Exhibitor", ["category"] = "Customs", ["severity"] = "High",
                ["title"] = "展品清关延误", ["status"] = "Open", ["raised_at"] = "2025-10-20T09:30",
            },
        };
        fields[column] = value;
        return string.Join(',', fields.Keys) + "\n" + string.Join(',', fields.Values.Select(Quoted)) + "\n";
    }

    // ---- the checks every case shares ---------------------------------------------------------------------------

    /// <summary>
    /// Imports the file in <paramref name="culture"/> and checks what every import must do: no exception; every reason
    /// clear (not empty, no unfilled placeholder, Chinese in zh-CN); a refused file changes no row and writes no audit
    /// entry, and gives the same reasons, in the other language, when imported again; a written file adds one audit entry.
    /// Then checks what the case expects, and removes what it wrote, so the next case starts from the same database.
    /// </summary>
    private async Task CheckedImportAsync(string kind, byte[] file, ImportMode mode, string culture, Func<ImportResult, Task>? then = null)
    {
        var before = await CountsAsync();
        var result = await ImportInAsync(kind, file, mode, culture);
        try
        {
            AssertClear(result.Errors, culture);
            Assert.True(result.Written || result.Errors.Count > 0 || result.Rows == 0, "a file that writes nothing says why");
            Assert.False(result.Written && mode == ImportMode.AllOrNothing && result.Errors.Count > 0, "all-or-nothing wrote despite errors");
            var after = await CountsAsync();
            if (!result.Written)
            {
                Assert.Equal(before, after);
                var other = culture == "en" ? "zh-CN" : "en";
                var again = await ImportInAsync(kind, file, mode, other);
                Assert.False(again.Written);
                AssertClear(again.Errors, other);
                Assert.Equal(result.Errors.Select(e => (e.Line, e.Column)), again.Errors.Select(e => (e.Line, e.Column)));
                Assert.All(result.Errors.Zip(again.Errors), pair => Assert.NotEqual(pair.First.Reason, pair.Second.Reason));
                Assert.Equal(before, await CountsAsync());
            }
            else
            {
                Assert.Equal(before.Audit + 1, after.Audit);
            }
            if (then is not null)
            {
                await then(result);
            }
        }
        finally
        {
            await RemoveWrittenAsync();
        }
    }

    private static readonly Regex _placeholder = new(@"\{\d+(:[^}]*)?\}");

    private static void AssertClear(IReadOnlyList<ImportError> errors, string culture)
    {
        Assert.All(errors, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Reason));
            Assert.DoesNotMatch(_placeholder, e.Reason);
            if (culture == "zh-CN")
            {
                Assert.Matches("[\u4e00-\u9fff]", e.Reason);
            }
        });
    }

    private async Task<ImportResult> ImportInAsync(string kind, byte[] file, ImportMode mode, string culture)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return await new CsvImporter(Database).ImportAsync(kind, new MemoryStream(file), kind + ".csv", mode);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private sealed record Counts(int Companies, int Buyers, int Exhibitors, int Editions, int Deals, int StageChanges, int Meetings, int Issues,
        int Signings, int Audit);

    private async Task<Counts> CountsAsync()
    {
        await using var db = Database.CreateDbContext();
        return new Counts(await db.Companies.CountAsync(), await db.Buyers.CountAsync(), await db.Exhibitors.CountAsync(), await db.Editions.CountAsync(),
            await db.Deals.CountAsync(), await db.DealStageChanges.CountAsync(), await db.Meetings.CountAsync(), await db.ServiceIssues.CountAsync(),
            await db.SigningEvents.CountAsync(), await db.AuditEntries.CountAsync());
    }

    /// <summary>Everything a case may have written (its codes start with Z, its participations are B01's and B02's, its edition is 50).</summary>
    private async Task RemoveWrittenAsync()
    {
        await using var db = Database.CreateDbContext();
        await db.DealStageChanges.Where(s => s.Deal!.Code.StartsWith("Z")).ExecuteDeleteAsync();
        await db.Deals.Where(d => d.Code.StartsWith("Z")).ExecuteDeleteAsync();
        await db.Meetings.Where(m => m.Code.StartsWith("Z")).ExecuteDeleteAsync();
        await db.ServiceIssues.Where(i => i.Code.StartsWith("Z")).ExecuteDeleteAsync();
        await db.SigningEvents.Where(e => e.Code.StartsWith("Z")).ExecuteDeleteAsync();
        await db.Buyers.Where(b => b.Company!.Code.StartsWith("B0")).ExecuteDeleteAsync();
        await db.Exhibitors.Where(e => e.Company!.Code.StartsWith("B0")).ExecuteDeleteAsync();
        await db.Editions.Where(e => e.Number >= 50).ExecuteDeleteAsync();
        await db.Companies.Where(c => c.Code.StartsWith("Z")).ExecuteDeleteAsync();
    }

    private static string Quoted(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    private static readonly UTF8Encoding _strictUtf8 = new(false, throwOnInvalidBytes: true);

    private static bool HasByteOrderMark(byte[] bytes) =>
        bytes is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0xEF, 0xBB, 0xBF, ..] or [0, 0, 0xFE, 0xFF, ..];

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            _strictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Runs an async check to completion off the test's synchronization context (FsCheck properties are synchronous).</summary>
    private static void Run(Func<Task> check) => Task.Run(check).GetAwaiter().GetResult();
}
