using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crm.Data.Csv;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Tests.BadInput;

/// <summary>Alone, so that the memory the importer takes is measured without other tests' allocations.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "Measured alone";
}

/// <summary>
/// Huge fields: a field longer than its column is refused on its row; a record longer than any row of any kind (a runaway
/// field, a quote never closed, a 50 MB file of one field) is refused for the whole file after reading at most
/// <see cref="CsvRecordReader.DefaultMaxRecordLength"/> characters of it, in bounded time and memory, and nothing is written.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class HugeFieldTests(HugeFieldTests.Fixture fixture) : IClassFixture<HugeFieldTests.Fixture>
{
    private const string Header = "code,name,name_zh,country_code,sector_code\n";
    private const long FiftyMegabytes = 50L * 1024 * 1024;

    /// <summary>One database with the basics for the class; each test removes what it wrote.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public SqliteDatabase Sqlite { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Sqlite = await SqliteDatabase.CreateAsync();
            await Sqlite.AddBasicsAsync();
        }

        public async Task DisposeAsync() => await Sqlite.DisposeAsync();
    }

    private SqliteDatabase Database => fixture.Sqlite;

    [Fact]
    public async Task A_name_of_a_million_characters_is_refused_on_its_row_and_the_other_rows_import()
    {
        var file = Header + "H1," + new string('n', 1_000_000) + ",名称,DE,FOOD\nH2,Name,名称,DE,FOOD\n";

        var (result, elapsed, _) = await MeasuredImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), ImportMode.ValidRowsOnly);

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "name", "Longer than 200 characters."), (error.Line, error.Column, error.Reason));
        Assert.Equal((2, 1, 1), (result.Rows, result.Created, result.Rejected));
        await using var db = Database.CreateDbContext();
        Assert.Equal(["H2"], await db.Companies.Where(c => c.Code.StartsWith("H")).Select(c => c.Code).ToListAsync());
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"took {elapsed}");
        await db.Companies.Where(c => c.Code.StartsWith("H")).ExecuteDeleteAsync();
    }

    [Fact]
    public async Task A_huge_value_that_is_no_number_is_quoted_shortened_in_its_reason()
    {
        var file = "edition,company_code,province,city,sector_code,wanted_categories,budget_usd\n8,C2,上海,上海,FOOD,FA-DAIRY," + new string('9', 99_999) + "x\n";

        var (result, _, _) = await MeasuredImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), ImportMode.AllOrNothing, "buyers");

        var error = Assert.Single(result.Errors);
        Assert.Equal((2, "budget_usd"), (error.Line, error.Column));
        Assert.StartsWith("'99999", error.Reason);
        Assert.True(error.Reason.Length < 200, error.Reason);
        Assert.False(result.Written);
    }

    public static TheoryData<string, string, byte> FiftyMegabyteFiles => new()
    {
        // what, the bytes before, the byte repeated to 50 MB
        { "one unquoted field", Header + "H1,", (byte)'x' },
        { "a quote never closed", Header + "H1,\"", (byte)'x' },
        { "a field of lines inside a quote never closed", Header + "H1,\"", (byte)'\n' },
        { "fifty million empty fields", Header + "H1", (byte)',' },
        { "a header without an end", "code", (byte)'x' },
    };

    [Theory]
    [MemberData(nameof(FiftyMegabyteFiles))]
    public async Task A_file_of_one_50_MB_field_is_refused_whole_after_a_bounded_read(string what, string before, byte repeated)
    {
        var file = new RepeatedByteStream(Encoding.UTF8.GetBytes(before), repeated, FiftyMegabytes);

        var (result, elapsed, allocated) = await MeasuredImportAsync(file, ImportMode.ValidRowsOnly);

        var error = Assert.Single(result.Errors);
        Assert.Contains("1,048,576", error.Reason);
        Assert.StartsWith("Nothing was imported", error.Reason);
        Assert.False(result.Written);
        Assert.True(file.Position < 8 * 1024 * 1024, $"{what}: read {file.Position:N0} bytes of {file.Length:N0}");
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"{what}: took {elapsed}");
        Assert.True(allocated < 96 * 1024 * 1024, $"{what}: allocated {allocated:N0} bytes");
        await using var db = Database.CreateDbContext();
        Assert.False(await db.Companies.AnyAsync(c => c.Code.StartsWith("H")));
    }

    private async Task<(ImportResult Result, TimeSpan Elapsed, long Allocated)> MeasuredImportAsync(Stream file, ImportMode mode, string kind = "companies")
    {
        var culture = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var result = await new CsvImporter(Database).ImportAsync(kind, file, kind + ".csv", mode);
            return (result, watch.Elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }

    /// <summary>A file made on the fly: some bytes, then one byte repeated up to a length; the test holds none of it.</summary>
    private sealed class RepeatedByteStream(byte[] before, byte repeated, long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = 0;
            for (; n < count && _position < length; n++, _position++)
            {
                buffer[offset + n] = _position < before.Length ? before[_position] : repeated;
            }
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
