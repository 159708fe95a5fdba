using System.Diagnostics;
using Crm.Matching.Data;
using Crm.Matching.Evaluation;
using Crm.Matching.Forecast;
using Crm.Matching.Native;
using Crm.Matching.Tests;
using Crm.Seed;

/// <summary>
/// The realisation forecast (issue 10) on the generated full seed in memory: for each kind and for test editions 6 and 7,
/// a model trained on every earlier edition with the default options is scored against the base rate and the fixed
/// stage probabilities, on every row of the test edition and at the intent; then the ground-truth ceiling, the AUC at the
/// intent of the seed's own noise-free utility of the pair, which is the best any forecast made at the intent can rank.
/// How to run it: docs/benchmarks.md; the figures: docs/forecast.md.
/// </summary>
internal static class ForecastBench
{
    private static readonly int[] TestEditions = [6, 7];

    public static void Run(int seed)
    {
        Console.WriteLine($"XGBoost {XGBoostLibrary.Version}; {Environment.ProcessorCount} cores; seed {seed}");
        var clock = Stopwatch.StartNew();
        var seedData = SeedGenerator.Build(SeedSize.Full, seed);
        var data = SeedForecastData.From(seedData);
        Console.WriteLine($"seed built in {clock.Elapsed.TotalSeconds:F1} s: {data.Deals.Count:N0} deals with an intent, outcomes known until {data.OutcomesKnownUntil:yyyy-MM-dd}");
        clock.Restart();
        var engine = new ForecastEngine(data);
        Console.WriteLine($"engine built in {clock.Elapsed.TotalSeconds:F1} s");

        var evaluations = new List<(RealisationEvaluation Evaluation, double Seconds)>();
        foreach (var kind in Enum.GetValues<PairKind>())
        {
            var complete = engine.CompleteEditions(kind);
            Console.WriteLine($"{kind}: editions with complete 365-day windows {string.Join(", ", complete)}");
            foreach (var test in TestEditions)
            {
                var options = new ForecastOptions { Editions = complete.Where(e => e < test).ToList() };
                clock.Restart();
                var evaluation = engine.Evaluate(kind, options, test);
                evaluations.Add((evaluation, clock.Elapsed.TotalSeconds));
            }
        }

        Console.WriteLine();
        Console.WriteLine("## Model against the baselines");
        Console.WriteLine();
        Console.WriteLine("| kind | test edition | trained on | rows of | rows | deals | positives | forecast | Brier | log loss | AUC | ECE | max decile error |");
        Console.WriteLine("|---|---:|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|");
        foreach (var (e, _) in evaluations)
        {
            var trained = $"{e.TrainEditions.Min()}–{e.TrainEditions.Max()}";
            foreach (var (subset, comparison, deals) in new[] { ("all days", e.AllDays, e.Deals), ("at intent", e.AtIntent, e.AtIntent.Model.Rows) })
            {
                var positives = Positives(comparison.Model);
                foreach (var (name, m) in new[] { ("model", comparison.Model), ("base rate", comparison.BaseRate), ("stage probabilities", comparison.StageProbabilities) })
                {
                    Console.WriteLine($"| {e.Kind} | {e.TestEdition} | {trained} | {subset} | {m.Rows:N0} | {deals:N0} | {positives:N0} | {name} | " +
                        $"{m.Brier:F4} | {m.LogLoss:F4} | {m.Auc:F4} | {m.CalibrationError:F4} | {m.MaxDecileError:F4} |");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("## Training");
        Console.WriteLine();
        foreach (var (e, seconds) in evaluations)
        {
            var t = e.Training;
            Console.WriteLine($"{e.Kind}, test edition {e.TestEdition}: {t.Rows:N0} training rows, {t.Deals:N0} deals, {t.Positives:N0} positives " +
                $"(base rate {t.Baselines.BaseRate:F4}; stage probabilities " +
                string.Join(", ", t.Baselines.StageRates.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value:F4}")) +
                $"); boosting {t.TrainingTime.TotalSeconds:F2} s, whole evaluation (features, boosting, importance, scoring) {seconds:F1} s; " +
                $"beats both baselines on Brier (all days): {e.AllDays.ModelBeatsBaselines}");
            Console.WriteLine("  top features (share of mean |SHAP| on the training rows): " +
                string.Join(", ", t.Importance.Take(10).Select(i => $"{i.Feature} {i.Share:P1}")));
        }

        Console.WriteLine();
        Console.WriteLine("## Reliability deciles of the model, test edition 7");
        foreach (var (e, _) in evaluations.Where(x => x.Evaluation.TestEdition == 7))
        {
            foreach (var (subset, m) in new[] { ("all days", e.AllDays.Model), ("at intent", e.AtIntent.Model) })
            {
                Console.WriteLine();
                Console.WriteLine($"{e.Kind}, {subset} ({m.Rows:N0} rows; ECE {m.CalibrationError:F4}, max decile error {m.MaxDecileError:F4})");
                Console.WriteLine();
                Console.WriteLine("| decile | rows | mean predicted | observed | error |");
                Console.WriteLine("|---:|---:|---:|---:|---:|");
                for (var i = 0; i < m.Deciles.Count; i++)
                {
                    var b = m.Deciles[i];
                    Console.WriteLine($"| {i + 1} | {b.Rows:N0} | {b.MeanPredicted:F4} | {b.Observed:F4} | {b.Error:F4} |");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("## Ground-truth ceiling at the intent");
        Console.WriteLine();
        Console.WriteLine("AUC of the seed's noise-free utility of the pair (SeedMeeting.Utility) for \"realised within 365 days of the intent\",");
        Console.WriteLine("on the test edition's intents whose 365 days are over; beside it the model's AUC at the intent (± Hanley–McNeil standard error).");
        Console.WriteLine();
        Console.WriteLine("| kind | test edition | intents | realised | utility AUC (ceiling) | model AUC at intent | model / ceiling |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (e, _) in evaluations)
        {
            var (intents, realised, ceiling) = Ceiling(seedData, e.Kind, e.TestEdition, e.HorizonDays);
            var model = e.AtIntent.Model;
            if (intents != model.Rows || realised != Positives(model))
            {
                Console.WriteLine($"(warning: the ceiling's {intents} intents / {realised} realised differ from the model's {model.Rows} rows / {Positives(model)} positives at the intent)");
            }
            Console.WriteLine($"| {e.Kind} | {e.TestEdition} | {intents:N0} | {realised:N0} | {ceiling:F4} ± {HanleyMcNeil(ceiling, realised, intents - realised):F3} | " +
                $"{model.Auc:F4} ± {HanleyMcNeil(model.Auc, realised, intents - realised):F3} | {model.Auc / ceiling:P0} |");
        }
        Console.WriteLine();
        Console.WriteLine("Share of intents realised within 365 days of the intent, by edition (what the model at the intent learns from, and how much it moves):");
        foreach (var kind in Enum.GetValues<PairKind>())
        {
            var shares = engine.CompleteEditions(kind).Select(edition =>
            {
                var (intents, realised, _) = Ceiling(seedData, kind, edition, 365);
                return $"{edition}: {realised}/{intents} = {(double)realised / intents:F3}";
            });
            Console.WriteLine($"  {kind}: {string.Join("; ", shares)}");
        }

        Console.WriteLine();
        Console.WriteLine("Mean forecast at the intent of the model tested on edition 7 (trained on 1–6), by edition, against the share realised within 365 days");
        Console.WriteLine("(editions 1–6 are its own training data; a gap there is in-sample miscalibration, a gap only at 7 is a shift):");
        foreach (var (e, _) in evaluations.Where(x => x.Evaluation.TestEdition == 7))
        {
            using var model = RealisationModel.Load(e.Kind, e.Training.Schema.Version, e.Training.Model, e.Training.LeadTimes);
            var shares = engine.CompleteEditions(e.Kind).Select(edition =>
            {
                var deals = data.Deals.Where(d => d.Kind == e.Kind && d.Edition == edition && d.IntentSignedOn.AddDays(e.HorizonDays) <= data.OutcomesKnownUntil).ToList();
                var forecasts = deals.Select(d => engine.Forecast(model, [d], d.IntentSignedOn).Single().Probability).ToList();
                var realised = deals.Count(d => d.RealisedBy(d.IntentSignedOn.AddDays(e.HorizonDays)));
                return $"{edition}: {forecasts.Average():F3} vs {(double)realised / deals.Count:F3}";
            });
            Console.WriteLine($"  {e.Kind}: {string.Join("; ", shares)}");
        }
    }

    /// <summary>
    /// The test edition's intents of a kind whose horizon after the intent is over, how many became real within it, and the
    /// AUC of the pair's noise-free utility (min-max scaled to [0, 1], which leaves the ranking, hence the AUC, unchanged).
    /// </summary>
    private static (int Intents, int Realised, double Auc) Ceiling(SeedData seed, PairKind kind, int edition, int horizonDays)
    {
        var deals = seed.Deals.Where(d => d.Edition == edition && d.IntentSignedOn is { } on && on.AddDays(horizonDays) <= SeedGenerator.AsOf
            && (kind == PairKind.Procurement ? d.Buyer is not null : d.Team is not null)).ToList();
        var outcomes = deals.Select(d =>
        {
            var realisedOn = kind == PairKind.Procurement ? d.ContractSignedOn : d.LandedOn;
            return realisedOn is { } r && r <= d.IntentSignedOn!.Value.AddDays(horizonDays);
        }).ToArray();
        var utilities = deals.Select(d => d.Meeting.Utility).ToArray();
        double min = utilities.Min(), max = utilities.Max();
        var scaled = utilities.Select(u => max > min ? (u - min) / (max - min) : 0.5).ToArray();
        return (deals.Count, outcomes.Count(o => o), CalibrationMetrics.Auc(scaled, outcomes));
    }

    /// <summary>Rows whose event happened, recovered from the deciles (each decile's rows × its observed share).</summary>
    private static int Positives(ProbabilityMetrics metrics) => (int)Math.Round(metrics.Deciles.Sum(d => d.Rows * d.Observed));

    /// <summary>The standard error of an AUC (Hanley and McNeil, 1982), to read differences against.</summary>
    private static double HanleyMcNeil(double auc, int positives, int negatives)
    {
        var q1 = auc / (2 - auc);
        var q2 = 2 * auc * auc / (1 + auc);
        var variance = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / ((double)positives * negatives);
        return Math.Sqrt(variance);
    }
}
