using System.Globalization;
using Crm.Data;
using Crm.Data.Auditing;
using Crm.Data.Csv;
using Crm.Data.Seeding;
using Crm.Seed;
using Crm.Web.Features.Imports;
using Crm.Web.Setup;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Cli;

/// <summary>
/// The verbs the app's executable takes besides serving: db migrate, db seed, import, export (see --help).
/// Every message is in the user's language; exit codes are documented in <see cref="ExitCode"/>.
/// </summary>
public static class CrmCommandLine
{
    private static readonly string[] _verbs = ["db", "import", "export", "users", "match", "forecast", "help", "--help", "-h"];

    public static bool Handles(string[] args) => args.Length > 0 && _verbs.Contains(args[0], StringComparer.OrdinalIgnoreCase);

    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? errors = null, TextReader? input = null)
    {
        input ??= Console.In;
        output ??= Console.Out;
        errors ??= Console.Error;
        var parsed = CliArguments.Parse(args);
        ApplyLanguage(parsed.Option("lang"));
        if (parsed.Positional.Count == 0 || parsed.Positional[0] is "help" or "--help" or "-h" || parsed.Flag("help"))
        {
            await output.WriteLineAsync(CliText.Get("Usage", CsvKinds.Names));
            return ExitCode.Done;
        }
        var target = "";
        try
        {
            var configuration = Configuration(parsed.Option("db"));
            var contexts = new ServiceCollection().AddCrmData(configuration).BuildServiceProvider()
                .GetRequiredService<SystemContextFactory>();
            target = Describe(configuration);
            // What the command line writes is audited as the operator's account on this machine and the verb they ran.
            using var actor = AuditScope.Begin(new AuditActor(null, "cli:" + Environment.UserName, string.Join(' ', parsed.Positional.Take(2))));
            return (parsed.Positional[0].ToLowerInvariant(), parsed.Positional.ElementAtOrDefault(1)?.ToLowerInvariant()) switch
            {
                ("db", "migrate") => await Migrate(contexts, target, parsed, output, errors),
                ("db", "seed") => await Seed(contexts, target, parsed, output, errors),
                ("db", "backup") => await BackupCommand.BackupAsync(DatabaseOptionsOf(configuration), parsed, output, errors),
                ("db", "restore") => await BackupCommand.RestoreAsync(DatabaseOptionsOf(configuration), parsed, output, errors),
                ("import", _) => await Import(contexts, parsed, output, errors),
                ("export", _) => await Export(contexts, parsed, output, errors),
                ("users", "add-admin") => await UsersCommand.AddAdminAsync(configuration, parsed, input, output, errors),
                ("users", "token") => await UsersCommand.TokenAsync(contexts, parsed, output, errors),
                ("match", _) => await MatchCommand.RunAsync(contexts, parsed, output, errors),
                ("forecast", _) => await ForecastCommand.RunAsync(contexts, parsed, output, errors),
                _ => await Usage(errors, "UnknownVerb", string.Join(' ', parsed.Positional.Take(2))),
            };
        }
        catch (Exception ex) when (StorageFaults.Classify(ex) is { } fault)
        {
            // Busy, disk full, read-only, cannot open: said plainly, with the provider's own words for the operator.
            await errors.WriteLineAsync(CliText.Get("Database_" + fault, target, Innermost(ex).Message));
            return ExitCode.DatabaseError;
        }
        catch (Exception ex) when (ex is InvalidOperationException or DbUpdateException or Microsoft.Data.Sqlite.SqliteException or InvalidDataException)
        {
            await errors.WriteLineAsync(CliText.Get("DatabaseError", ex.Message));
            return ExitCode.DatabaseError;
        }
    }

    private static async Task<int> Migrate(IDbContextFactory<CrmDbContext> contexts, string target, CliArguments args, TextWriter output, TextWriter errors)
    {
        if (args.Unknown(["db", "lang"]) is { } unknown)
        {
            return await Usage(errors, "UnknownOption", unknown);
        }
        var applied = await DatabaseSetup.MigrateAsync(contexts);
        await output.WriteLineAsync(CliText.Get("Migrated", applied, target));
        return ExitCode.Done;
    }

    private static async Task<int> Seed(IDbContextFactory<CrmDbContext> contexts, string target, CliArguments args, TextWriter output, TextWriter errors)
    {
        if (args.Unknown(["db", "lang", "size", "seed"]) is { } unknown)
        {
            return await Usage(errors, "UnknownOption", unknown);
        }
        var sizeText = args.Option("size") ?? "full";
        if (!Enum.TryParse<SeedSize>(sizeText, ignoreCase: true, out var size) || int.TryParse(sizeText, out _))
        {
            return await Usage(errors, "BadSize", sizeText);
        }
        var seedText = args.Option("seed");
        var randomSeed = SeedGenerator.DefaultSeed;
        if (seedText is not null && !int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out randomSeed))
        {
            return await Usage(errors, "BadSeed", seedText);
        }
        var outcome = await DatabaseSetup.SeedAsync(contexts, size, randomSeed,
            new SynchronousProgress(step => output.WriteLine(CliText.Get("SeedStep", step.Kind, step.Rows, step.Elapsed.TotalSeconds))));
        if (outcome.AlreadySeeded)
        {
            await output.WriteLineAsync(CliText.Get("AlreadySeeded", target));
            return ExitCode.Done;
        }
        await output.WriteLineAsync(CliText.Get("Seeded", size.ToString().ToLowerInvariant(), target, outcome.Steps.Sum(s => s.Rows),
            outcome.Generated.TotalSeconds, outcome.Loaded.TotalSeconds));
        await output.WriteLineAsync(CliText.Get("SeededUsers", SeedLoader.DevelopmentPassword));
        return ExitCode.Done;
    }

    private static async Task<int> Import(IDbContextFactory<CrmDbContext> contexts, CliArguments args, TextWriter output, TextWriter errors)
    {
        if (args.Unknown(["db", "lang", "all-or-nothing"]) is { } unknown)
        {
            return await Usage(errors, "UnknownOption", unknown);
        }
        if (args.Positional.Count < 3)
        {
            return await Usage(errors, "MissingArgument", "import", "KIND FILE");
        }
        var (kindName, file) = (args.Positional[1], args.Positional[2]);
        if (CsvKinds.Find(kindName) is null)
        {
            return await Usage(errors, "UnknownKind", kindName, CsvKinds.Names);
        }
        if (!File.Exists(file))
        {
            await errors.WriteLineAsync(CliText.Get("FileNotFound", file));
            return ExitCode.FileNotFound;
        }
        await DatabaseSetup.MigrateAsync(contexts);
        var mode = args.Flag("all-or-nothing") ? ImportMode.AllOrNothing : ImportMode.ValidRowsOnly;
        ImportResult result;
        await using (var stream = File.OpenRead(file))
        {
            // An Excel workbook's first sheet goes through the same importer as a CSV file.
            try
            {
                await using Stream csv = Path.GetExtension(file).Equals(".xlsx", StringComparison.OrdinalIgnoreCase) ? ExcelSheet.ToCsv(stream) : stream;
                result = await new CsvImporter(contexts).ImportAsync(kindName, csv, file, mode, new ConsoleProgress(errors));
            }
            catch (InvalidDataException)
            {
                await errors.WriteLineAsync(ImportText.Get("NotAWorkbook"));
                return ExitCode.NothingImported;
            }
        }
        var report = result.HasErrors ? errors : output;
        await report.WriteLineAsync(CliText.Get("ImportSummary", result.Kind, file, result.Rows, result.Created, result.Updated, result.Unchanged, result.Rejected));
        foreach (var error in result.Errors)
        {
            await report.WriteLineAsync(error.Line == 0
                ? CliText.Get("ImportFileError", error.Reason)
                : CliText.Get("ImportLine", error.Line, error.Column, error.Reason));
        }
        if (!result.Written)
        {
            await report.WriteLineAsync(CliText.Get("ImportNothingWritten"));
            return ExitCode.NothingImported;
        }
        return result.HasErrors ? ExitCode.ImportedWithRejections : ExitCode.Done;
    }

    private static async Task<int> Export(IDbContextFactory<CrmDbContext> contexts, CliArguments args, TextWriter output, TextWriter errors)
    {
        if (args.Unknown(["db", "lang"]) is { } unknown)
        {
            return await Usage(errors, "UnknownOption", unknown);
        }
        if (args.Positional.Count < 3)
        {
            return await Usage(errors, "MissingArgument", "export", "KIND FILE");
        }
        var (kindName, file) = (args.Positional[1], args.Positional[2]);
        if (CsvKinds.Find(kindName) is not { } kind)
        {
            return await Usage(errors, "UnknownKind", kindName, CsvKinds.Names);
        }
        await DatabaseSetup.MigrateAsync(contexts);
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null && !Directory.Exists(folder))
        {
            await errors.WriteLineAsync(CliText.Get("FileNotFound", folder));
            return ExitCode.FileNotFound;
        }
        // Written beside the target and moved into place, so a failed export leaves no partial file.
        var partial = file + ".partial";
        await using (var stream = File.Create(partial))
        {
            await new CsvExporter(contexts).ExportAsync(kind, stream);
        }
        File.Move(partial, file, overwrite: true);
        await output.WriteLineAsync(CliText.Get("Exported", kind.Name, file));
        return ExitCode.Done;
    }

    private static async Task<int> Usage(TextWriter errors, string key, params object?[] args)
    {
        await errors.WriteLineAsync(CliText.Get(key, args));
        return ExitCode.Usage;
    }

    /// <summary>appsettings.json beside the executable, then environment variables (Database__Provider …), then --db.</summary>
    private static IConfiguration Configuration(string? sqliteFile)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables();
        if (sqliteFile is not null)
        {
            builder.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
                ["Database:ConnectionString"] = Path.GetFullPath(sqliteFile),
            });
        }
        return builder.Build();
    }

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;

    private static DatabaseOptions DatabaseOptionsOf(IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        options.ConnectionString ??= configuration.GetConnectionString("Crm");
        return options;
    }

    private static string Describe(IConfiguration configuration)
    {
        var options = DatabaseOptionsOf(configuration);
        return options.ParsedProvider == DatabaseProvider.Sqlite
            ? "SQLite " + new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(DependencyInjection.SqliteConnectionString(options.ConnectionString)).DataSource
            : "SQL Server";
    }

    /// <summary>--lang wins; otherwise the environment's language when it is Chinese, else English.</summary>
    private static void ApplyLanguage(string? lang)
    {
        var culture = lang ?? Environment.GetEnvironmentVariable("CRM_LANG") ?? CultureInfo.CurrentUICulture.Name;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(
            culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "zh-CN" : "en");
    }

    private sealed class SynchronousProgress(Action<SeedStep> report) : IProgress<SeedStep>
    {
        public void Report(SeedStep value) => report(value);
    }
}

/// <summary>The exit codes of the command line.</summary>
public static class ExitCode
{
    public const int Done = 0;
    public const int Usage = 1;
    public const int ImportedWithRejections = 2;
    public const int NothingImported = 3;
    public const int FileNotFound = 4;
    public const int DatabaseError = 5;
    /// <summary>A backup or restore refused, nothing changed: the target exists (no --force), the file is not a CRM database, damaged or from a newer version, the database is in use, or SQL Server.</summary>
    public const int Refused = 6;
}
