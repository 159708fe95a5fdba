using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Csv;
using Crm.Data.Entities;
using Crm.Web.Features.Imports;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Jobs;
using Crm.Web.Infrastructure.Lists;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Crm.Web.Tests.Imports;

/// <summary>
/// Imports from the web as an administrator starts them: an upload becomes a background job that runs the command
/// line's importer, in the administrator's language, and leaves a report. Over the small seed in SQLite, with the
/// app's job runner.
/// </summary>
public sealed class ImportTests : IAsyncLifetime
{
    private const string CompaniesWithOneBadRow =
        "code,name,name_zh,country_code,sector_code\nX1,Nordic Salmon AS,北欧三文鱼,NO,FOOD\nX2,Nowhere Ltd,无名公司,XX,FOOD\n";

    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private string _admin = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateWithSmallSeedAsync();
        await using (var db = _database.CreateDbContext())
        {
            _admin = (await db.Users.SingleAsync(u => u.UserName == "admin")).Id;
            // The file's first row needs a country and a sector the seed has.
            if (!await db.Countries.AnyAsync(c => c.Code == "NO"))
            {
                db.Countries.Add(new Country { Code = "NO", NameEn = "Norway", NameZh = "挪威", Region = "Europe", Language = "no" });
            }
            if (!await db.Sectors.AnyAsync(s => s.Code == "FOOD"))
            {
                db.Sectors.Add(new Sector { Code = "FOOD", NameEn = "Food", NameZh = "食品" });
            }
            await db.SaveChangesAsync();
        }
        _services = await StartAppAsync();
    }

    /// <summary>The app's services with its job runner started, as at the app's start.</summary>
    private async Task<ServiceProvider> StartAppAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(_database.Settings)
        {
            ["Jobs:InstanceName"] = "import-tests",
            ["Imports:MaxFileBytes"] = "100000",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCrmData(configuration)
            .AddCrmWeb()
            .AddCrmImports()
            .AddScoped<ICurrentUser>(_ => new FixedUser(new CurrentUserInfo(_admin, "admin")))
            .BuildServiceProvider();
        foreach (var service in services.GetServices<IHostedService>().OfType<JobRunner>())
        {
            await service.StartAsync(CancellationToken.None);
        }
        return services;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Valid_rows_only_writes_the_good_rows_and_reports_the_bad_one_in_the_administrators_language()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var job = await Send(new StartImport.Command("companies", ImportMode.ValidRowsOnly, "公司.csv", Encoding.UTF8.GetBytes(CompaniesWithOneBadRow)));
        var report = await WaitForReportAsync(job);

        Assert.Equal((2, 1, 1, true), (report.Summary.Rows, report.Summary.Created, report.Summary.Rejected, report.Summary.Written));
        var error = Assert.Single(report.Summary.Errors);
        Assert.Equal((3, "country_code"), (error.Line, error.Column));
        Assert.Contains("XX", error.Reason);
        Assert.Matches("[\u4e00-\u9fff]", error.Reason); // in Chinese, as the administrator works
        await using var db = _database.CreateDbContext();
        Assert.True(await db.Companies.AnyAsync(c => c.Code == "X1"));
        Assert.False(await db.Companies.AnyAsync(c => c.Code == "X2"));
        Assert.False(await db.ImportUploads.AnyAsync()); // the upload is gone once imported
        var imports = await Send(new ListImports.Query());
        Assert.Equal(("公司.csv", "companies", JobStatus.Succeeded), (imports[0].FileName, imports[0].Kind, imports[0].Status));
    }

    [Fact]
    public async Task All_or_nothing_writes_nothing_when_a_row_is_bad()
    {
        var job = await Send(new StartImport.Command("companies", ImportMode.AllOrNothing, "companies.csv", Encoding.UTF8.GetBytes(CompaniesWithOneBadRow)));
        var report = await WaitForReportAsync(job);

        Assert.False(report.Summary.Written);
        Assert.Equal(1, report.Summary.Rejected);
        await using var db = _database.CreateDbContext();
        Assert.False(await db.Companies.AnyAsync(c => c.Code == "X1" || c.Code == "X2"));
    }

    [Fact]
    public async Task An_Excel_workbook_is_imported_by_the_same_importer_with_the_sheets_row_numbers_as_lines()
    {
        var rows = new[] { new[] { "X1", "Nordic Salmon AS", "北欧三文鱼", "NO", "FOOD" }, ["X2", "Nowhere Ltd", "无名公司", "XX", "FOOD"] };
        var headers = new[] { "code", "name", "name_zh", "country_code", "sector_code" };
        var columns = headers.Select((h, i) => new TableColumn<string[]>(h, h, r => r[i])).ToList();
        using var workbook = new MemoryStream();
        TableFile.Write(workbook, TableFormat.Xlsx, "companies", columns, rows, CultureInfo.InvariantCulture);

        var job = await Send(new StartImport.Command("companies", ImportMode.ValidRowsOnly, "companies.xlsx", workbook.ToArray()));
        var report = await WaitForReportAsync(job);

        Assert.Equal((1, 1), (report.Summary.Created, report.Summary.Rejected));
        Assert.Equal(3, Assert.Single(report.Summary.Errors).Line);
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_reported_and_nothing_is_written()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");

        var job = await Send(new StartImport.Command("companies", ImportMode.ValidRowsOnly, "companies.xlsx", Encoding.UTF8.GetBytes(CompaniesWithOneBadRow)));
        var report = await WaitForReportAsync(job);

        Assert.False(report.Summary.Written);
        Assert.Equal("The file is not an Excel workbook (.xlsx) with a sheet.", Assert.Single(report.Summary.Errors).Reason);
    }

    [Fact]
    public async Task An_import_of_more_rows_than_one_chunk_is_written_while_the_job_keeps_its_row_at_the_writing_stage()
    {
        // 4,100 rows: a chunk of 4,000 is saved inside the transaction before the rest. Its progress must not go to the
        // job's row then: on SQLite that write would wait for the import's own lock ("database is locked" after 30 s).
        var rows = string.Concat(Enumerable.Range(0, 4100).Select(i => $"ZQ{i:0000},N,名,NO,FOOD\n"));

        var job = await Send(new StartImport.Command("companies", ImportMode.AllOrNothing, "big.csv",
            Encoding.UTF8.GetBytes("code,name,name_zh,country_code,sector_code\n" + rows)));
        var report = await WaitForReportAsync(job);

        Assert.Equal((4100, 4100, true), (report.Summary.Rows, report.Summary.Created, report.Summary.Written));
        await using var db = _database.CreateDbContext();
        Assert.Equal(4100, await db.Companies.CountAsync(c => c.Code.StartsWith("ZQ")));
        var row = await db.BackgroundJobs.SingleAsync(j => j.Id == job);
        Assert.Equal((JobStatus.Succeeded, 1.0), (row.Status, row.Progress));
    }

    [Fact]
    public async Task An_import_whose_instance_died_is_taken_over_after_its_lease_and_imports_its_upload_once()
    {
        var job = await AddOrphanedImportAsync(attempts: 1);

        var report = await WaitForReportAsync(job);

        Assert.Equal((2, 1, 1), (report.Summary.Rows, report.Summary.Created, report.Summary.Rejected));
        await using var db = _database.CreateDbContext();
        var row = await db.BackgroundJobs.SingleAsync(j => j.Id == job);
        Assert.Equal((JobStatus.Succeeded, 2, "import-tests"), (row.Status, row.Attempts, row.LeaseOwner));
        Assert.Equal(1, await db.Companies.CountAsync(c => c.Code == "X1"));
        Assert.False(await db.ImportUploads.AnyAsync()); // the upload is gone once imported
    }

    [Fact]
    public async Task An_import_whose_instance_died_on_its_last_attempt_is_given_up_as_interrupted_and_its_upload_deleted()
    {
        var job = await AddOrphanedImportAsync(attempts: 2); // Jobs:MaxAttempts is 2 by default

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JobStatus status;
        do
        {
            await Task.Delay(50);
            await using var db = _database.CreateDbContext();
            status = await db.BackgroundJobs.Where(j => j.Id == job).Select(j => j.Status).SingleAsync();
        }
        while (status == JobStatus.Running && DateTime.UtcNow < deadline);
        Assert.Equal(JobStatus.Interrupted, status);
        await using (var db = _database.CreateDbContext())
        {
            Assert.False(await db.ImportUploads.AnyAsync()); // not left in the database for ever
            Assert.False(await db.Companies.AnyAsync(c => c.Code == "X1"));
        }
        var imports = await Send(new ListImports.Query());
        Assert.Equal(JobStatus.Interrupted, imports.Single(i => i.Id == job).Status);
    }

    [Fact]
    public async Task An_import_whose_upload_is_gone_fails_with_the_reason_in_the_administrators_language()
    {
        int job;
        await using (var db = _database.CreateDbContext())
        {
            var row = new BackgroundJob
            {
                Kind = ImportFileJob.Name, Status = JobStatus.Queued, CreatedBy = "admin", CreatedAt = DateTime.UtcNow,
                Parameters = JsonSerializer.Serialize(new ImportParameters("companies", ImportMode.AllOrNothing, "公司.csv", 424242, "zh-CN")),
            };
            db.BackgroundJobs.Add(row);
            await db.SaveChangesAsync();
            job = row.Id;
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        BackgroundJob failed;
        do
        {
            await Task.Delay(50);
            await using var db = _database.CreateDbContext();
            failed = await db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == job);
        }
        while (failed.Status is JobStatus.Queued or JobStatus.Running && DateTime.UtcNow < deadline);

        Assert.Equal((JobStatus.Failed, "上传的文件已不存在，请重新上传。"), (failed.Status, failed.Error));
    }

    /// <summary>An import another instance was running when it died: Running, its lease expired a minute ago, its upload waiting.</summary>
    private async Task<int> AddOrphanedImportAsync(int attempts)
    {
        await using var db = _database.CreateDbContext();
        var upload = new ImportUpload { FileName = "公司.csv", Content = Encoding.UTF8.GetBytes(CompaniesWithOneBadRow), CreatedAt = DateTime.UtcNow };
        db.ImportUploads.Add(upload);
        await db.SaveChangesAsync();
        var row = new BackgroundJob
        {
            Kind = ImportFileJob.Name, Status = JobStatus.Running, Stage = ImportProgress.Writing, Progress = 0.7, CreatedBy = "admin",
            CreatedAt = DateTime.UtcNow, StartedAt = DateTime.UtcNow, LeaseOwner = "dead-instance", LeaseExpiresAt = DateTime.UtcNow.AddMinutes(-1),
            Attempts = attempts,
            Parameters = JsonSerializer.Serialize(new ImportParameters("companies", ImportMode.ValidRowsOnly, "公司.csv", upload.Id, "zh-CN")),
        };
        db.BackgroundJobs.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    [Theory]
    [InlineData("en", "planets", "a.csv", 10, "There is no kind of data 'planets'.")]
    [InlineData("zh-CN", "companies", "a.txt", 10, "只能导入 .csv 或 .xlsx 文件。")]
    [InlineData("zh-CN", "companies", "a.csv", 0, "文件为空。")]
    [InlineData("en", "companies", "a.csv", 100_001, "The file is larger than 0.1 MB.")]
    public async Task An_upload_the_server_cannot_take_is_refused_and_queues_nothing(string culture, string kind, string file, int bytes, string message)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => Send(new StartImport.Command(kind, ImportMode.AllOrNothing, file, new byte[bytes])));

        Assert.Equal([message], refused.Failures.Select(f => f.ErrorMessage));
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.BackgroundJobs.CountAsync());
        Assert.False(await db.ImportUploads.AnyAsync());
    }

    [Fact]
    public async Task Only_an_administrator_may_import()
    {
        await using var db = _database.CreateDbContext();
        var manager = await db.Users.SingleAsync(u => u.UserName == "manager");
        _admin = manager.Id; // the fixed user is read per scope: from now on the manager sends

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            Send(new StartImport.Command("companies", ImportMode.AllOrNothing, "c.csv", Encoding.UTF8.GetBytes(CompaniesWithOneBadRow))));
        Assert.Equal(0, await db.BackgroundJobs.CountAsync());
    }

    private async Task<T> Send<T>(IRequest<T> request)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private async Task<GetImportReport.Report> WaitForReportAsync(int job)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            if (await Send(new GetImportReport.Query(job)) is { } report)
            {
                return report;
            }
            await Task.Delay(100);
        }
        await using var db = _database.CreateDbContext();
        var row = await db.BackgroundJobs.SingleAsync(j => j.Id == job);
        throw new TimeoutException($"import {job} did not finish: {row.Status} {row.Error}");
    }

    private sealed class FixedUser(CurrentUserInfo user) : ICurrentUser
    {
        public Task<CurrentUserInfo> GetAsync() => Task.FromResult(user);
    }
}

/// <summary>The downloadable report over HTTP: every reason with its line and column, to administrators only.</summary>
public sealed class ImportReportDownloadTests
{
    [Fact]
    public async Task An_administrator_downloads_every_reason_as_csv()
    {
        await using var app = await CrmWebApp.StartAsync();
        var job = await AddFinishedImportAsync(app);
        var browser = await app.SignedInBrowserAsync(Roles.Administrator, "test.admin");

        var response = await browser.GetAsync($"/imports/{job}/report.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]);
        Assert.Equal("行号,列,原因\r\n3,country_code,未知的国家代码“XX”\r\n3,name,\"名称含有\"\"引号\"\", 和逗号\"\r\n", text);
    }

    [Fact]
    public async Task A_manager_is_refused_the_report()
    {
        await using var app = await CrmWebApp.StartAsync();
        var job = await AddFinishedImportAsync(app);
        var browser = await app.SignedInBrowserAsync();

        var response = await browser.GetAsync($"/imports/{job}/report.csv");

        // Sent to the access-denied page (or refused outright), never the file.
        Assert.NotEqual("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("country_code", await response.Content.ReadAsStringAsync());
    }

    /// <summary>A finished import whose report has two reasons, one with a quote and a comma.</summary>
    private static async Task<int> AddFinishedImportAsync(CrmWebApp app)
    {
        await using var db = app.Database.CreateDbContext();
        var job = new BackgroundJob
        {
            Kind = ImportFileJob.Name, Status = JobStatus.Succeeded, CreatedBy = "admin", CreatedAt = DateTime.UtcNow, Progress = 1,
            Parameters = JsonSerializer.Serialize(new ImportParameters("companies", ImportMode.AllOrNothing, "公司.csv", 0, "zh-CN")),
            Result = JsonSerializer.Serialize(new ImportSummary("companies", 2, 0, 0, 0, 1, false, 2,
                [new ImportError(3, "country_code", "未知的国家代码“XX”"), new ImportError(3, "name", "名称含有\"引号\", 和逗号")])),
        };
        db.BackgroundJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    }
}
