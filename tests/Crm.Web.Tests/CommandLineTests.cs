using Crm.Data;
using Crm.Web.Cli;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests;

/// <summary>The app's verbs, run as an operator runs them, against a real SQLite file.</summary>
public sealed class CommandLineTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crm-cli-");

    private string Db => Path.Combine(_folder.FullName, "crm.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private Task<(int Code, string Output, string Errors)> Run(params string[] args) => CommandLine.RunAsync([.. args, "--db", Db]);

    private string File(string name, string content)
    {
        var path = Path.Combine(_folder.FullName, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private async Task WithReferenceData()
    {
        Assert.Equal(0, (await Run("import", "sectors", File("sectors.csv", "code,name_en,name_zh\nFOOD,Food,食品\n"), "--lang", "en")).Code);
        Assert.Equal(0, (await Run("import", "countries", File("countries.csv", "code,name_en,name_zh,region,language\nDE,Germany,德国,Europe,de\n"), "--lang", "en")).Code);
    }

    private const string CompaniesWithOneBadRow =
        "code,name,name_zh,country_code,sector_code\nC1,Alpen Milch GmbH,阿尔卑斯乳业,DE,FOOD\nC2,Nowhere Ltd,无名公司,XX,FOOD\n";

    private async Task<int> Companies()
    {
        var options = new DatabaseOptions { ConnectionString = Db };
        await using var db = new CrmDbContext((DbContextOptions<CrmDbContext>)DependencyInjection.Configure(new DbContextOptionsBuilder<CrmDbContext>(), options).Options);
        return await db.Companies.CountAsync();
    }

    [Fact]
    public async Task Importing_a_file_with_a_bad_row_writes_the_good_rows_reports_the_bad_one_and_exits_2()
    {
        await WithReferenceData();

        var (code, _, errors) = await Run("import", "companies", File("companies.csv", CompaniesWithOneBadRow), "--lang", "en");

        Assert.Equal(ExitCode.ImportedWithRejections, code);
        Assert.Contains("2 rows; 1 created, 0 updated, 0 unchanged, 1 rejected", errors);
        Assert.Contains("line 3, column country_code: No country or region with code 'XX'.", errors);
        Assert.Equal(1, await Companies());
        var audit = await ImportAuditAsync();
        Assert.Equal(("cli:" + Environment.UserName, "import companies", "companies.csv"), (audit.UserName, audit.Operation, audit.EntityKey));
    }

    private async Task<Crm.Data.Entities.AuditEntry> ImportAuditAsync()
    {
        var options = new DatabaseOptions { ConnectionString = Db };
        await using var db = new CrmDbContext((DbContextOptions<CrmDbContext>)DependencyInjection.Configure(new DbContextOptionsBuilder<CrmDbContext>(), options).Options);
        return await db.AuditEntries.SingleAsync(a => a.Action == Crm.Data.Entities.AuditAction.Imported && a.EntityType == "companies");
    }

    [Fact]
    public async Task An_import_tells_its_stages_on_standard_error_and_reaches_100_percent_only_once_written()
    {
        await WithReferenceData();
        var rows = string.Join("", Enumerable.Range(0, 9000).Select(i => $"P{i:0000},Probe {i} GmbH,探测{i},DE,FOOD\n"));

        var (code, output, errors) = await Run("import", "companies", File("companies.csv", "code,name,name_zh,country_code,sector_code\n" + rows), "--lang", "en");

        Assert.Equal(ExitCode.Done, code);
        Assert.Contains("9,000 rows; 9,000 created", output);
        var stages = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // 9,000 rows are saved in three chunks of at most 4,000, inside the one transaction: the bar moves while writing.
        Assert.Equal(["reading 0%", "checking 30%", "writing 60%", "writing 78%", "writing 96%", "writing 100%"], stages);
        Assert.Equal(9000, await Companies());
    }

    [Fact]
    public async Task All_or_nothing_with_a_bad_row_writes_nothing_exits_3_and_says_so_in_Chinese()
    {
        await WithReferenceData();

        var (code, _, errors) = await Run("import", "companies", File("companies.csv", CompaniesWithOneBadRow), "--all-or-nothing", "--lang", "zh-CN");

        Assert.Equal(ExitCode.NothingImported, code);
        Assert.Contains("第 3 行，列 country_code：找不到代码为“XX”的国家或地区。", errors);
        Assert.Contains("未写入任何数据。", errors);
        Assert.Equal(0, await Companies());
    }

    [Fact]
    public async Task Export_writes_the_import_format_and_importing_it_again_changes_nothing()
    {
        await WithReferenceData();
        await Run("import", "companies", File("companies.csv", CompaniesWithOneBadRow), "--lang", "en");
        var exported = Path.Combine(_folder.FullName, "out.csv");

        var export = await Run("export", "companies", exported, "--lang", "en");
        var again = await Run("import", "companies", exported, "--lang", "en");

        Assert.Equal(ExitCode.Done, export.Code);
        Assert.StartsWith("code,name,name_zh,country_code,sector_code,fortune500,website\r\nC1,Alpen Milch GmbH,阿尔卑斯乳业,DE,FOOD,false,", System.IO.File.ReadAllText(exported));
        Assert.Equal(ExitCode.Done, again.Code);
        Assert.Contains("1 rows; 0 created, 0 updated, 1 unchanged, 0 rejected", again.Output);
    }

    [Fact]
    public async Task Seeding_twice_loads_the_seed_once()
    {
        var first = await Run("db", "seed", "--size", "small", "--lang", "en");
        var second = await Run("db", "seed", "--size", "small", "--lang", "en");

        Assert.Equal(ExitCode.Done, first.Code);
        Assert.Contains("Seed (small) loaded", first.Output);
        Assert.Contains("Expo#2026", first.Output);
        Assert.Equal(ExitCode.Done, second.Code);
        Assert.Contains("already has data", second.Output);
    }

    [Theory]
    [InlineData(ExitCode.Usage, "frobnicate")]
    [InlineData(ExitCode.Usage, "import", "planets", "x.csv")]
    [InlineData(ExitCode.Usage, "db", "seed", "--size", "huge")]
    [InlineData(ExitCode.Usage, "import", "companies")]
    [InlineData(ExitCode.Usage, "export", "companies", "x.csv", "--colour", "red")]
    [InlineData(ExitCode.FileNotFound, "import", "companies", "/no/such/file.csv")]
    public async Task Wrong_usage_is_refused_with_its_own_exit_code_and_a_message(int expected, params string[] args)
    {
        var (code, _, errors) = await Run([.. args, "--lang", "en"]);

        Assert.Equal(expected, code);
        Assert.False(string.IsNullOrWhiteSpace(errors));
    }

    [Theory]
    [InlineData("en", "The database SQLite {0} cannot be opened or read")]
    [InlineData("zh-CN", "无法打开或读取数据库 SQLite {0}")]
    public async Task A_database_that_cannot_be_opened_is_reported_plainly_in_the_users_language_with_exit_code_5(string culture, string expected)
    {
        var errors = new StringWriter();

        var code = await CrmCommandLine.RunAsync(["db", "migrate", "--db", _folder.FullName, "--lang", culture], new StringWriter(), errors);

        Assert.Equal(ExitCode.DatabaseError, code);
        Assert.StartsWith(string.Format(expected, _folder.FullName), errors.ToString());
    }
}
