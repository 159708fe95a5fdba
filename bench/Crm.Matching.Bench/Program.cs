using System.Diagnostics;
using System.Globalization;
using Crm.Matching;
using Crm.Matching.Data;
using Crm.Matching.Native;
using Crm.Matching.Tests;
using Crm.Matching.Training;
using Crm.Seed;

// Usage: Crm.Matching.Bench [--seed N] [--runs N] [--quick] [--exact]
//        Crm.Matching.Bench --schedule [--seed N] [--runs N] [--tables N] [--slots N]   (the schedule optimiser, issue 6)
//        Crm.Matching.Bench forecast [--seed N]   (the realisation forecast, issue 10)
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var seed = Arg("--seed", SeedGenerator.DefaultSeed);
if (args.Contains("forecast"))
{
    ForecastBench.Run(seed);
    return;
}
var runs = Arg("--runs", 3);
if (args.Contains("--schedule"))
{
    ScheduleBench.Run(seed, runs, OptionalArg("--tables"), OptionalArg("--slots"));
    return;
}
var quick = args.Contains("--quick");
Console.WriteLine($"explanations: {(args.Contains("--exact") ? "exact TreeSHAP" : "approximate (Saabas)")}");
Console.WriteLine($"XGBoost {XGBoostLibrary.Version}; {Environment.ProcessorCount} cores; seed {seed}; {runs} runs");

var clock = Stopwatch.StartNew();
var data = SeedMatchingData.From(SeedGenerator.Build(SeedSize.Full, seed));
Console.WriteLine($"seed built in {clock.Elapsed.TotalSeconds:F1} s");
var engine = new MatchingEngine(data) { ExactExplanations = args.Contains("--exact") };
var past = data.EditionsWithOutcomes(PairKind.Procurement);
var current = data.Editions().Max();
var heldOut = past.Max();
var options = new TrainingOptions { Editions = past.Where(e => e != heldOut).ToList() };
if (quick) { options = options with { Rounds = 50 }; }

// 1. Evaluation on the held-out edition.
var held = engine.Train(PairKind.Procurement, options);
using (var model = RankerModel.Load(PairKind.Procurement, held.Schema.Version, held.Model))
{
    var c = engine.Evaluate(model, heldOut);
    Console.WriteLine($"held-out edition {heldOut}: {c.Model.Queries} queries");
    Console.WriteLine($"  model    NDCG@5 {c.Model.Ndcg5:F4}  NDCG@10 {c.Model.Ndcg10:F4}  MAP {c.Model.Map:F4}");
    Console.WriteLine($"  baseline NDCG@5 {c.Baseline.Ndcg5:F4}  NDCG@10 {c.Baseline.Ndcg10:F4}  MAP {c.Baseline.Map:F4}");
    Console.WriteLine($"  random   NDCG@5 {c.Random.Ndcg5:F4}  NDCG@10 {c.Random.Ndcg10:F4}  MAP {c.Random.Map:F4}");
    Console.WriteLine($"  validation NDCG@10 model {held.Validation.Model.Ndcg10:F4} baseline {held.Validation.Baseline.Ndcg10:F4}");
    Console.WriteLine("  importance: " + string.Join(", ", held.Importance.Take(8).Select(i => $"{i.Feature} {i.Share:P0}")));
}

// 2. Training on every past edition.
var all = options with { Editions = past };
var trainTimes = new List<double>();
TrainingResult? final = null;
for (var r = 0; r < runs; r++)
{
    var t = Stopwatch.StartNew();
    final = engine.Train(PairKind.Procurement, all);
    trainTimes.Add(t.Elapsed.TotalSeconds);
    Console.WriteLine($"train run {r + 1}: {t.Elapsed.TotalSeconds:F1} s total (features {final.FeatureTime.TotalSeconds:F1} s, boosting {final.TrainingTime.TotalSeconds:F1} s, validation and importance {final.ValidationTime.TotalSeconds:F1} s), {final.TrainingPairs:N0} pairs, {final.TrainingQueries:N0} queries");
}
Console.WriteLine($"TRAIN median {Median(trainTimes):F1} s over {final!.TrainingPairs:N0} labelled pairs");

// 3. Scoring the current edition, and the library's own predict rate on the same pairs.
using var active = RankerModel.Load(PairKind.Procurement, final.Schema.Version, final.Model);
var scoreTimes = new List<double>();
EditionScoring? scoring = null;
for (var r = 0; r < runs; r++)
{
    scoring = engine.ScoreEdition(active, current, 10, Environment.ProcessorCount);
    scoreTimes.Add(scoring.Elapsed.TotalSeconds);
    Console.WriteLine($"score run {r + 1}: {scoring.Elapsed.TotalSeconds:F1} s, {scoring.PairsScored:N0} pairs, {scoring.PairsScored / scoring.Elapsed.TotalSeconds:N0} pairs/s");
}
var scoreMedian = Median(scoreTimes);
Console.WriteLine($"SCORE median {scoreMedian:F1} s for {scoring!.PairsScored:N0} pairs = {scoring.PairsScored / scoreMedian:N0} pairs/s ({scoring.Queries:N0} buyers, {scoring.Proposals.Count:N0} proposals with reasons)");

// The limit: the library predicting a ready matrix of the same width, one native thread per .NET thread.
var columns = final.Schema.Count;
const int limitRows = 1_000_000;
var block = new float[limitRows * columns];
var rng = new Random(1);
for (var i = 0; i < block.Length; i++)
{
    block[i] = (float)rng.NextDouble();
}
var limits = new List<double>();
for (var r = 0; r < runs; r++)
{
    var t = Stopwatch.StartNew();
    var threads = Environment.ProcessorCount;
    var per = limitRows / threads;
    Parallel.For(0, threads, k => active.Predict(block.AsSpan(k * per * columns, per * columns), per));
    limits.Add(limitRows / t.Elapsed.TotalSeconds);
}
Console.WriteLine($"LIMIT library predict median {Median(limits):N0} pairs/s on {Environment.ProcessorCount} threads (scoring reaches {scoring.PairsScored / scoreMedian / Median(limits):P0} of it)");

// 4. One buyer's top 10 with explanations.
var buyers = data.Buyers.Where(b => b.Edition == current).Select(b => b.Id).ToList();
var pick = new Random(7);
var latencies = new List<double>();
for (var r = 0; r < 200; r++)
{
    var id = buyers[pick.Next(buyers.Count)];
    var t = Stopwatch.StartNew();
    var top = engine.ScoreQueries(active, current, [id], 10);
    latencies.Add(t.Elapsed.TotalMilliseconds);
    if (top.Proposals.Count == 0 && r == 0)
    {
        Console.WriteLine("(a buyer without candidates)");
    }
}
latencies.Sort();
Console.WriteLine($"TOP10 one buyer with reasons: median {Median(latencies):F2} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:F2} ms over {latencies.Count} buyers");

int Arg(string name, int fallback) => OptionalArg(name) ?? fallback;

int? OptionalArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
