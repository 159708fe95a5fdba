using System.Globalization;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Seeding;
using Crm.Matching;
using Crm.Matching.Data;
using Crm.Matching.Evaluation;
using Crm.Matching.Native;
using Crm.Web.Features.Matching;
using Crm.Web.Setup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Cli;

/// <summary>
/// <c>match train [--editions a-b] [--kind procurement|investment]</c>, <c>match evaluate --train-editions a-b
/// --test-edition c [--data DIR] [--json]</c> and <c>match score --edition n</c>: the engine from the command line,
/// over the same service the background jobs use. <c>match read [--samples n]</c> times the pages' read of stored proposals.
/// </summary>
internal static class MatchCommand
{
    public static async Task<int> RunAsync(SystemContextFactory contexts, CliArguments args, TextWriter output, TextWriter errors)
    {
        var verb = args.Positional.ElementAtOrDefault(1)?.ToLowerInvariant();
        var known = verb switch
        {
            "train" => new[] { "db", "lang", "kind", "editions", "json" },
            "evaluate" => ["db", "lang", "kind", "train-editions", "test-edition", "data", "json"],
            "score" => ["db", "lang", "kind", "edition", "json"],
            "read" => ["db", "lang", "kind", "samples", "json"],
            _ => null,
        };
        if (known is null)
        {
            return await Usage(errors, "UnknownVerb", "match " + verb);
        }
        if (args.Unknown(known) is { } unknown)
        {
            return await Usage(errors, "UnknownOption", unknown);
        }
        if (!TryKind(args.Option("kind"), out var kind))
        {
            return await Usage(errors, "BadMatchKind", args.Option("kind"));
        }
        try
        {
            XGBoostLibrary.EnsureLoaded();
            var service = new MatchingService(contexts);
            var actor = new MatchingActor(null, "cli:" + Environment.UserName);
            var progress = new ConsoleProgress(errors);
            return verb switch
            {
                "train" => await Train(service, kind, args, actor, progress, output, errors),
                "evaluate" => await Evaluate(service, kind, args, progress, output, errors),
                "read" => await Read(contexts, kind, args, output, errors),
                _ => await Score(service, kind, args, actor, progress, output, errors),
            };
        }
        catch (XGBoostLibraryMissingException ex)
        {
            await errors.WriteLineAsync(ex.Message);
            return ExitCode.DatabaseError;
        }
        catch (Exception ex) when (ex is InsufficientTrainingDataException or NoActiveModelException or EditionNotFoundException or MatchingDataException)
        {
            await errors.WriteLineAsync(CliText.Get("MatchRefused", MatchMessage(ex)));
            return ExitCode.NothingImported;
        }
    }

    private static async Task<int> Train(MatchingService service, PairKind kind, CliArguments args, MatchingActor actor, ConsoleProgress progress, TextWriter output, TextWriter errors)
    {
        IReadOnlyList<int>? editions = null;
        if (args.Option("editions") is { } text && !TryRange(text, out editions))
        {
            return await Usage(errors, "BadEditionRange", "--editions", text);
        }
        var model = await service.TrainAsync(kind, editions, actor, activate: true, progress, CancellationToken.None);
        var metrics = JsonSerializer.Deserialize<MethodComparison>(model.Metrics, MatchingService.Json)!;
        if (args.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                model.Version, model.FeatureSchemaVersion, model.TrainEditionFrom, model.TrainEditionTo, model.TrainingPairs, model.TrainingQueries,
                model.ValidationQueries, model.TrainingSeconds, model.BeatsBaseline, model.IsActive, validation = metrics,
            }, MatchingService.Json));
            return ExitCode.Done;
        }
        await output.WriteLineAsync(CliText.Get("ModelTrained", model.Version, model.TrainEditionFrom, model.TrainEditionTo,
            model.TrainingPairs, model.TrainingQueries, model.TrainingSeconds));
        await WriteMetrics(output, metrics);
        await output.WriteLineAsync(CliText.Get(model.IsActive ? "ModelActivated" : "ModelNotActivated", model.Version));
        return ExitCode.Done;
    }

    private static async Task<int> Evaluate(MatchingService service, PairKind kind, CliArguments args, ConsoleProgress progress, TextWriter output, TextWriter errors)
    {
        if (args.Option("train-editions") is not { } trainText || !TryRange(trainText, out var trainEditions))
        {
            return await Usage(errors, "BadEditionRange", "--train-editions", args.Option("train-editions") ?? "");
        }
        if (args.Option("test-edition") is not { } testText || !int.TryParse(testText, NumberStyles.None, CultureInfo.InvariantCulture, out var testEdition))
        {
            return await Usage(errors, "MissingArgument", "match evaluate", "--test-edition N");
        }
        if (trainEditions.Contains(testEdition))
        {
            return await Usage(errors, "TestInTraining", testEdition);
        }
        MatchingData data;
        if (args.Option("data") is { } folder)
        {
            if (!Directory.Exists(folder))
            {
                return await Usage(errors, "FileNotFound", folder);
            }
            data = await LoadFolderAsync(folder, errors);
        }
        else
        {
            data = await service.LoadAsync(CancellationToken.None);
        }
        var report = MatchingService.Evaluate(data, kind, trainEditions, testEdition, progress, CancellationToken.None);
        if (args.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, MatchingService.Json));
            return ExitCode.Done;
        }
        await output.WriteLineAsync(CliText.Get("Evaluated", report.Kind, string.Join(",", report.TrainEditions), report.TestEdition,
            report.TrainingPairs, report.TrainingSeconds));
        await WriteMetrics(output, new MethodComparison(report.Model, report.Baseline, report.Random));
        return ExitCode.Done;
    }

    private static async Task<int> Score(MatchingService service, PairKind kind, CliArguments args, MatchingActor actor, ConsoleProgress progress, TextWriter output, TextWriter errors)
    {
        if (args.Option("edition") is not { } text || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var edition))
        {
            return await Usage(errors, "MissingArgument", "match score", "--edition N");
        }
        var summary = await service.ScoreAsync(kind, edition, null, actor, progress, CancellationToken.None);
        if (args.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(summary, MatchingService.Json));
            return ExitCode.Done;
        }
        await output.WriteLineAsync(CliText.Get("Scored", summary.Edition, summary.ModelVersion, summary.Queries, summary.PairsScored,
            summary.ScoringSeconds, summary.PairsPerSecond, summary.Proposals, summary.WritingSeconds, summary.Kept));
        return ExitCode.Done;
    }

    /// <summary>
    /// Times the read the pages make for one buyer's (or team's) proposals with their reasons (<see cref="ListProposals"/>,
    /// the same handler) for a seeded random sample of those holding proposals; the first read warms up and is not counted.
    /// </summary>
    private static async Task<int> Read(SystemContextFactory contexts, PairKind kind, CliArguments args, TextWriter output, TextWriter errors)
    {
        var samples = 200;
        if (args.Option("samples") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out samples) || samples < 1))
        {
            return await Usage(errors, "MissingArgument", "match read", "--samples N");
        }
        var matchKind = MatchingDataLoader.Kind(kind);
        List<int> holders;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            holders = await (kind == PairKind.Procurement
                    ? db.Matches.Where(m => m.Kind == matchKind && m.BuyerId != null).Select(m => m.BuyerId!.Value)
                    : db.Matches.Where(m => m.Kind == matchKind && m.PromotionTeamId != null).Select(m => m.PromotionTeamId!.Value))
                .Distinct().OrderBy(id => id).ToListAsync();
        }
        if (holders.Count == 0)
        {
            await errors.WriteLineAsync(CliText.Get("MatchRefused", CliText.Get("NoProposalsToRead")));
            return ExitCode.NothingImported;
        }
        using var localization = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var handler = new ListProposals.Handler(contexts, localization.GetRequiredService<IStringLocalizer<MatchingText>>(), TimeProvider.System);
        var random = new Random(20181105);
        var times = new List<double>(samples);
        var proposals = 0;
        for (var i = 0; i <= samples; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var rows = await handler.Handle(new ListProposals.Query(matchKind, holders[random.Next(holders.Count)]), CancellationToken.None);
            if (i > 0)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                proposals += rows.Count;
            }
        }
        times.Sort();
        var median = times[times.Count / 2];
        var p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)];
        if (args.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                kind = kind.ToString(), holders = holders.Count, samples, proposalsPerRead = Math.Round((double)proposals / samples, 1),
                medianMs = Math.Round(median, 2), p95Ms = Math.Round(p95, 2), maxMs = Math.Round(times[^1], 2),
            }, MatchingService.Json));
            return ExitCode.Done;
        }
        await output.WriteLineAsync(CliText.Get("ReadTimed", samples, holders.Count, median, p95, times[^1]));
        return ExitCode.Done;
    }

    /// <summary>A folder of CSVs in the import format, loaded through the same importer into a throw-away SQLite file.</summary>
    private static async Task<MatchingData> LoadFolderAsync(string folder, TextWriter errors)
    {
        var file = Path.Combine(Path.GetTempPath(), $"crm-evaluate-{Guid.NewGuid():N}.db");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = nameof(DatabaseProvider.Sqlite),
                ["Database:ConnectionString"] = file,
            }).Build();
            await using var services = new ServiceCollection().AddCrmData(configuration).BuildServiceProvider();
            var contexts = services.GetRequiredService<SystemContextFactory>();
            await DatabaseSetup.MigrateAsync(contexts);
            await new SeedLoader(contexts).LoadAsync(folder, new Progress<SeedStep>(s => errors.WriteLine(CliText.Get("SeedStep", s.Kind, s.Rows, s.Elapsed.TotalSeconds))));
            await using var db = contexts.CreateDbContext();
            return await MatchingDataLoader.LoadAsync(db);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
    }

    private static async Task WriteMetrics(TextWriter output, MethodComparison c)
    {
        await output.WriteLineAsync(CliText.Get("MetricsHeader"));
        await output.WriteLineAsync(CliText.Get("MetricsRow", CliText.Get("MethodModel"), c.Model.Ndcg5, c.Model.Ndcg10, c.Model.Map, c.Model.Queries));
        await output.WriteLineAsync(CliText.Get("MetricsRow", CliText.Get("MethodBaseline"), c.Baseline.Ndcg5, c.Baseline.Ndcg10, c.Baseline.Map, c.Baseline.Queries));
        await output.WriteLineAsync(CliText.Get("MetricsRow", CliText.Get("MethodRandom"), c.Random.Ndcg5, c.Random.Ndcg10, c.Random.Map, c.Random.Queries));
    }

    private static string MatchMessage(Exception ex) => ex switch
    {
        InsufficientTrainingDataException e => CliText.Get("NoOutcomes", string.Join(", ", e.Editions)),
        NoActiveModelException => CliText.Get("NoActiveModel"),
        EditionNotFoundException e => CliText.Get("NoSuchEdition", e.Number),
        _ => ex.Message,
    };

    internal static bool TryKind(string? text, out PairKind kind)
    {
        kind = PairKind.Procurement;
        return text is null || Enum.TryParse(text, ignoreCase: true, out kind) && !int.TryParse(text, out _);
    }

    /// <summary>"3-7" → 3, 4, 5, 6, 7; "5" → 5.</summary>
    internal static bool TryRange(string text, out IReadOnlyList<int> editions)
    {
        editions = [];
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is < 1 or > 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var to)
            || from < 1 || to < from)
        {
            return false;
        }
        editions = Enumerable.Range(from, to - from + 1).ToList();
        return true;
    }

    internal static async Task<int> Usage(TextWriter errors, string key, params object?[] args)
    {
        await errors.WriteLineAsync(CliText.Get(key, args));
        return ExitCode.Usage;
    }
}
