using System.Globalization;
using System.IO.Compression;
using System.Text;
using Crm.Data;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Jobs;
using Crm.Web.Infrastructure.Lists;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using FsCheck;
using FsCheck.Fluent;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.Web.Tests.BadInput;

/// <summary>
/// Bad uploads on the import page: generated CSV and Excel files (random bytes, GBK text, broken rows, truncated and
/// crafted workbooks) go through StartImport and the background job as an administrator's upload does. Every job ends
/// with a report (never a failed job), its reasons clear and in the administrator's language; a refused file writes
/// nothing; the upload is deleted.
/// </summary>
public sealed class ImportJobFuzzTests : IAsyncLifetime
{
    /// <summary>Generated uploads per run (see docs/reliability-badinput.md).</summary>
    public const int UploadCases = 24;
    public const int CommandCases = 30;

    private const int MaxFileBytes = 200_000;

    private const string Header = "code,name,name_zh,country_code,sector_code";

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;

    static ImportJobFuzzTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(withSampleData: true);
        var admin = await _database.AddUserAsync("fuzz.admin", Roles.Administrator);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(_database.Settings)
        {
            ["Imports:MaxFileBytes"] = MaxFileBytes.ToString(CultureInfo.InvariantCulture),
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCrmData(configuration)
            .AddCrmWeb()
            .AddCrmImports()
            .AddScoped<ICurrentUser>(_ => new FixedUser(new CurrentUserInfo(admin.Id, admin.UserName)))
            .BuildServiceProvider();
        foreach (var runner in _services.GetServices<IHostedService>().OfType<JobRunner>())
        {
            await runner.StartAsync(CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>What a generated upload is, and whether the job must refuse it as no workbook.</summary>
    private sealed record Upload(string What, string FileName, byte[] Content, bool NotAWorkbook, string Culture)
    {
        public override string ToString() => $"{What} ({FileName}, {Content.Length} bytes, {Culture})";
    }

    [Fact]
    public void Every_bad_upload_ends_in_a_report_in_the_administrators_language_and_a_refused_one_writes_nothing()
    {
        var uploads = from culture in Gen.Elements("en", "zh-CN")
                      from upload in Gen.OneOf(RandomBytes(), GbkText(), BrokenRows(), TruncatedWorkbook(), CraftedWorkbook(), ZipOfText())
                      select upload with { Culture = culture };

        Check.One(Fuzz.Config(UploadCases), Prop.ForAll(uploads.ToArbitrary(), upload => Task.Run(async () =>
        {
            var before = await CountsAsync();
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(upload.Culture);

            var job = await SendAsync(new StartImport.Command("companies", ImportMode.ValidRowsOnly, upload.FileName, upload.Content));
            var (status, error) = await FinishedAsync(job);

            Assert.True(status == JobStatus.Succeeded, $"{upload}: the job {status}: {error}");
            var report = (await SendAsync(new GetImportReport.Query(job)))!.Summary;
            Assert.All(report.Errors, e =>
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Reason));
                if (upload.Culture == "zh-CN")
                {
                    Assert.Matches("[\u4e00-\u9fff]", e.Reason);
                }
            });
            if (upload.NotAWorkbook)
            {
                Assert.Equal([ImportTextIn(upload.Culture, "NotAWorkbook")], report.Errors.Select(e => e.Reason));
            }
            if (!report.Written)
            {
                Assert.True(report.Errors.Count > 0 || report.Rows == 0, $"{upload}: nothing written and no reason");
                Assert.Equal(before, await CountsAsync());
            }
            await using var db = _database.CreateDbContext();
            Assert.False(await db.ImportUploads.AnyAsync()); // deleted once imported, never stored when refused
            await db.Companies.Where(c => c.Code.StartsWith("Z")).ExecuteDeleteAsync();
        }).GetAwaiter().GetResult()));
    }

    [Fact]
    public void StartImport_with_random_fields_queues_a_job_or_is_refused_in_the_users_language_and_queues_nothing()
    {
        var commands =
            from kind in Gen.Elements<string?>("companies", "Companies", "service-issues", null, "", "planets", "companies\0", new string('k', 10_000), "<script>")
            from mode in Gen.Frequency((5, Gen.Elements(Enum.GetValues<ImportMode>())), (1, Gen.Elements((ImportMode)99, (ImportMode)(-1))))
            from name in Gen.Elements<string?>("companies.csv", "公司.XLSX", "../../etc/passwd.csv", "C:\\temp\\x.csv", "a\0b.csv", "notes.txt", "csv", null, "",
                new string('n', 5_000) + ".csv", "con.csv")
            from size in Gen.Elements(-1, 0, 1, 100, MaxFileBytes, MaxFileBytes + 1)
            from culture in Gen.Elements("en", "zh-CN")
            select (Kind: kind, Mode: mode, Name: name, Content: size < 0 ? null : Encoding.UTF8.GetBytes(Header + "\n").Concat(new byte[size]).Take(size).ToArray(),
                Culture: culture);

        Check.One(Fuzz.Config(CommandCases), Prop.ForAll(commands.ToArbitrary(), c => Task.Run(async () =>
        {
            var description = $"StartImport({c.Kind?.Length}, {c.Mode}, {c.Name?.Length}, {c.Content?.Length}) {c.Culture}";
            var jobs = await JobCountAsync();
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(c.Culture);
            try
            {
                var job = await SendAsync(new StartImport.Command(c.Kind!, c.Mode, c.Name!, c.Content!));

                Assert.True(job > 0, description);
                Assert.Equal(JobStatus.Succeeded, (await FinishedAsync(job)).Status);
            }
            catch (RequestValidationException refused)
            {
                Assert.NotEmpty(refused.Failures);
                Assert.All(refused.Failures, f =>
                {
                    Assert.False(string.IsNullOrWhiteSpace(f.ErrorMessage), description);
                    Assert.DoesNotMatch(@"\{\d", f.ErrorMessage);
                    if (c.Culture == "zh-CN")
                    {
                        Assert.Matches("[\u4e00-\u9fff]", f.ErrorMessage);
                    }
                });
                Assert.Equal(jobs, await JobCountAsync());
            }
            await using var db = _database.CreateDbContext();
            Assert.False(await db.ImportUploads.AnyAsync()); // deleted once imported, never stored when refused
            await db.Companies.Where(x => x.Code.StartsWith("Z")).ExecuteDeleteAsync();
        }).GetAwaiter().GetResult()));
    }

    private async Task<int> JobCountAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.BackgroundJobs.CountAsync();
    }

    private static Gen<Upload> RandomBytes() =>
        from bytes in ArbMap.Default.GeneratorFor<byte[]>().Where(b => b.Length > 0)
        from name in Gen.Elements("random.csv", "random.xlsx")
        select new Upload("random bytes", name, bytes, name.EndsWith(".xlsx"), "");

    private static Gen<Upload> GbkText() =>
        from rows in Gen.NonEmptyListOf(Gen.Elements("上海食品集团", "阿尔卑斯乳业", "进博会", "虹桥"))
        let text = Header + "\n" + string.Concat(rows.Select((n, i) => $"ZG{i},{n},{n},CN,FOOD\n"))
        select new Upload("GBK text", "gbk.csv", Encoding.GetEncoding("GBK").GetBytes(text), false, "");

    private static Gen<Upload> BrokenRows() =>
        from rows in Gen.NonEmptyListOf(Gen.Elements("ZB{0},Name,名称,DE,FOOD", "ZB{0},\"Name,名称,DE,FOOD", "ZB{0},Na\"me,名称,DE,FOOD",
            "ZB{0},Name,名称,XX,FOOD", "ZB{0},Name,名称,DE", "ZB{0},Na\0me,名称,DE,FOOD", "ZB{0}," + new string('n', 300) + ",名称,DE,FOOD"))
        select new Upload("broken rows", "broken.csv",
            Encoding.UTF8.GetBytes(Header + "\n" + string.Concat(rows.Select((r, i) => string.Format(CultureInfo.InvariantCulture, r, i) + "\n"))), false, "");

    private static Gen<Upload> TruncatedWorkbook() =>
        from cut in Gen.Choose(1, 99)
        let workbook = Workbook()
        select new Upload($"a workbook cut at {cut}%", "cut.xlsx", workbook[..(workbook.Length * cut / 100)], true, "");

    private static Gen<Upload> ZipOfText() =>
        Gen.Constant(new Upload("a zip of a text file", "zip.xlsx", ZipOf("notes.txt", "hello"), true, ""));

    /// <summary>Workbooks Excel would never write: each crafted to take a path the reader must not throw on.</summary>
    private static Gen<Upload> CraftedWorkbook() =>
        from craft in Gen.Elements("sheet part missing", "first sheet not a worksheet", "cell beyond XFD", "row beyond 1048576", "rows out of order",
            "date serial beyond DateTime", "shared string index beyond the table")
        from big in Gen.Choose(1, int.MaxValue)
        select new Upload(craft, "crafted.xlsx", Crafted(craft, big), craft is not ("date serial beyond DateTime" or "shared string index beyond the table"), "");

    private static byte[] Workbook()
    {
        var rows = new[] { new[] { "ZX1", "Name", "名称", "DE", "FOOD" } };
        var columns = Header.Split(',').Select((h, i) => new TableColumn<string[]>(h, h, r => r[i])).ToList();
        using var file = new MemoryStream();
        TableFile.Write(file, TableFormat.Xlsx, "companies", columns, rows, CultureInfo.InvariantCulture);
        return file.ToArray();
    }

    private static byte[] Crafted(string craft, int big)
    {
        using var file = new MemoryStream();
        file.Write(Workbook());
        using (var document = SpreadsheetDocument.Open(file, isEditable: true))
        {
            var workbook = document.WorkbookPart!;
            var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().First();
            var data = workbook.WorksheetParts.First().Worksheet;
            var rows = data.Descendants<Row>().ToList();
            var cell = rows[1].Elements<Cell>().First();
            switch (craft)
            {
                case "sheet part missing":
                    sheet.Id = "rId" + big;
                    break;
                case "first sheet not a worksheet":
                    sheet.Id = workbook.GetIdOfPart(workbook.WorkbookStylesPart!);
                    break;
                case "cell beyond XFD":
                    cell.CellReference = new string('Z', 4 + big % 20) + "2";
                    break;
                case "row beyond 1048576":
                    rows[1].RowIndex = 1_048_577u + (uint)big;
                    break;
                case "rows out of order":
                    (rows[0].RowIndex, rows[1].RowIndex) = (2u, 1u);
                    break;
                case "date serial beyond DateTime":
                    (cell.DataType, cell.InlineString, cell.StyleIndex) = (CellValues.Number, null, 1u); // style 1: a date
                    cell.CellValue = new CellValue(((double)big * 1e6).ToString("R", CultureInfo.InvariantCulture));
                    break;
                default:
                    (cell.DataType, cell.InlineString) = (CellValues.SharedString, null);
                    cell.CellValue = new CellValue(big.ToString(CultureInfo.InvariantCulture));
                    break;
            }
            data.Save();
            workbook.Workbook.Save();
        }
        return file.ToArray();
    }

    private static byte[] ZipOf(string name, string text)
    {
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        using (var entry = new StreamWriter(zip.CreateEntry(name).Open()))
        {
            entry.Write(text);
        }
        return file.ToArray();
    }

    private static string ImportTextIn(string culture, string key)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return ImportText.Get(key);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private async Task<(JobStatus Status, string? Error)> FinishedAsync(int job)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = _database.CreateDbContext();
            var row = await db.BackgroundJobs.AsNoTracking().Where(j => j.Id == job).Select(j => new { j.Status, j.Error }).SingleAsync();
            if (row.Status is not (JobStatus.Queued or JobStatus.Running))
            {
                return (row.Status, row.Error);
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"import {job} did not finish");
    }

    private async Task<(int Companies, int Audit)> CountsAsync()
    {
        await using var db = _database.CreateDbContext();
        return (await db.Companies.CountAsync(), await db.AuditEntries.CountAsync(a => a.Action == AuditAction.Imported));
    }

    private async Task<T> SendAsync<T>(IRequest<T> request)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private sealed class FixedUser(CurrentUserInfo user) : ICurrentUser
    {
        public Task<CurrentUserInfo> GetAsync() => Task.FromResult(user);
    }
}
