using System.Globalization;
using System.Text.Json;
using Crm.Data;
using Crm.Matching.Data;
using Crm.Matching.Evaluation;
using Crm.Matching.Forecast;
using Crm.Matching.Native;
using Crm.Web.Features.Forecast;
using Crm.Web.Features.Matching;

namespace Crm.Web.Cli;

/// <summary>
/// <c>forecast train [--json]</c> and <c>forecast evaluate --test-edition n [--kind k] [--train-editions a-b] [--json]</c>:
/// the realisation forecast from the command line, over the same service the background jobs use.
/// </summary>
internal static class ForecastCommand
{
    public static async Task<int> RunAsync(SystemContextFactory contexts, CliArguments args, TextWriter output, TextWriter errors)
    {
        var verb = args.Positional.ElementAtOrDefault(1)?.ToLowerInvariant();
        var known = verb switch
        {
            "train" => new[] { "db", "lang", "json" },
            "evaluate" => ["db", "lang", "kind", "train-editions", "test-edition", "json"],
            _ => null,
        };
        if (known is null)
        {
            return await MatchCommand.Usage(errors, "UnknownVerb", "forecast " + verb);
        }
        if (args.Unknown(known) is { } unknown)
        {
            return await MatchCommand.Usage(errors, "UnknownOption", unknown);
        }
        if (!MatchCommand.TryKind(args.Option("kind"), out var kind))
        {
            return await MatchCommand.Usage(errors, "BadMatchKind", args.Option("kind"));
        }
        try
        {
            XGBoostLibrary.EnsureLoaded();
            var service = new ForecastService(contexts, TimeProvider.System);
            var progress = new ConsoleProgress(errors);
            return verb == "train"
                ? await Train(service, args, progress, output)
                : await Evaluate(service, kind, args, progress, output, errors);
        }
        catch (XGBoostLibraryMissingException ex)
        {
            await errors.WriteLineAsync(ex.Message);
            return ExitCode.DatabaseError;
        }
        catch (Exception ex) when (ex is InsufficientForecastDataException or MatchingDataException)
        {
            await errors.WriteLineAsync(CliText.Get("MatchRefused",
                ex is InsufficientForecastDataException e ? CliText.Get("NoForecastData", string.Join(", ", e.Editions)) : ex.Message));
            return ExitCode.NothingImported;
        }
    }

    private static async Task<int> Train(ForecastService service, CliArguments args, ConsoleProgress progress, TextWriter output)
    {
        var models = await service.TrainAsync(new MatchingActor(null, "cli:" + Environment.UserName), progress, CancellationToken.None);
        var reports = models.Select(m => (Model: m, Report: JsonSerializer.Deserialize<ForecastReport>(m.Metrics, MatchingService.Json)!)).ToList();
        if (args.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(reports.Select(r => new
            {
                r.Model.Version, r.Model.Kind, r.Model.FeatureSchemaVersion, r.Model.TrainEditionFrom, r.Model.TrainEditionTo, rows = r.Model.TrainingPairs,
                deals = r.Model.TrainingQueries, r.Model.TrainingSeconds, r.Model.BeatsBaseline, r.Model.IsActive, heldOut = r.Report,
            }), MatchingService.Json));
            return ExitCode.Done;
        }
        foreach (var (model, report) in reports)
        {
            await output.WriteLineAsync(CliText.Get("ForecastTrained", model.Version, model.Kind, model.TrainEditionFrom, model.TrainEditionTo,
                model.TrainingPairs, model.TrainingQueries, model.TrainingSeconds));
            await WriteReport(output, report);
            await output.WriteLineAsync(model.IsActive
                ? CliText.Get("ForecastActivated", model.Version, await service.CountForecastsAsync(model.Kind, CancellationToken.None))
                : CliText.Get("ForecastNotActivated", model.Version));
        }
        return ExitCode.Done;
    }

    private static async Task<int> Evaluate(ForecastService service, PairKind kind, CliArguments args, ConsoleProgress progress, TextWriter output, TextWriter errors)
    {
        if (args.Option("test-edition") is not { } testText || !int.TryParse(testText, NumberStyles.None, CultureInfo.InvariantCulture, out var testEdition))
        {
            return await MatchCommand.Usage(errors, "MissingArgument", "forecast evaluate", "--test-edition N");
        }
        IReadOnlyList<int>? trainEditions = null;
        if (args.Option("train-editions") is { } trainText && !MatchCommand.TryRange(trainText, out trainEditions))
        {
            return await MatchCommand.Usage(errors, "BadEditionRange", "--train-editions", trainText);
        }
        if (trainEditions?.Contains(testEdition) == true)
        {
            return await MatchCommand.Usage(errors, "TestInTraining", testEdition);
        }
        var report = await service.EvaluateAsync(kind, trainEditions, testEdition, progress, CancellationToken.None);
        if (args.Flag("json"))
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(report, MatchingService.Json));
            return ExitCode.Done;
        }
        await WriteReport(output, report);
        return ExitCode.Done;
    }

    private static async Task WriteReport(TextWriter output, ForecastReport report)
    {
        await output.WriteLineAsync(CliText.Get("ForecastHeldOut", report.TestEdition, report.Deals, report.Rows, report.Positives, report.HorizonDays));
        await WriteComparison(output, report.AllDays);
        await output.WriteLineAsync(CliText.Get("ForecastAtIntent"));
        await WriteComparison(output, report.AtIntent);
    }

    private static async Task WriteComparison(TextWriter output, ForecastComparison comparison)
    {
        await output.WriteLineAsync(CliText.Get("ForecastMetricsHeader", CliText.Get("ForecastColumns").Split('|')));
        foreach (var (key, m) in new[] { ("Model", comparison.Model), ("BaseRate", comparison.BaseRate), ("StageProbabilities", comparison.StageProbabilities) })
        {
            await output.WriteLineAsync(CliText.Get("ForecastMetricsHeader", CliText.Get("ForecastMethod_" + key), F(m.Brier), F(m.LogLoss), F(m.Auc),
                F(m.CalibrationError), F(m.MaxDecileError)));
        }
    }

    private static string F(double value) => double.IsNaN(value) ? "–" : value.ToString("0.0000", CultureInfo.CurrentCulture);
}
