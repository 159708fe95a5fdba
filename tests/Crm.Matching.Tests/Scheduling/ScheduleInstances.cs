using Crm.Matching.Scheduling;

namespace Crm.Matching.Tests.Scheduling;

/// <summary>The size and tightness of a generated session.</summary>
public sealed record SessionShape(int Buyers, int Exhibitors, int Pairs, int Tables, int Slots)
{
    public int MinCapacity { get; init; } = 4;
    public int MaxCapacity { get; init; } = 12;
    /// <summary>Share of buyers who need an interpreter (each in one of three languages).</summary>
    public double InterpreterShare { get; init; } = 0.1;
    /// <summary>Interpreters per language.</summary>
    public int InterpretersPerLanguage { get; init; } = 4;

    /// <summary>The target of issue 6: 3,000 accepted pairs among 1,000 buyers and 600 exhibitors, 300 tables, 12 slots.</summary>
    public static SessionShape Target => new(Buyers: 1_000, Exhibitors: 600, Pairs: 3_000, Tables: 300, Slots: 12);
}

/// <summary>
/// Generated matchmaking sessions, the same for the same shape and seed (used by the tests and the benchmark). Like a
/// real session: a few exhibitors are wanted by many buyers (popularity falls off as a power of rank), so their
/// capacity, 4–12 meetings, cannot take every pair; values are skewed like model scores (log-normal, higher for the
/// popular exhibitors); exhibitors have gaps of 0–3 slots; four buyers in ten arrive late, leave early or have one
/// other appointment; a tenth of the buyers need an interpreter, of whom there are few and each misses a slot or two;
/// pairs arrive in an order unrelated to their value.
/// </summary>
public static class ScheduleInstances
{
    private static readonly string[] Languages = ["ru", "es", "ar"];

    public static ScheduleProblem Generate(SessionShape shape, int seed)
    {
        var random = new Random(seed);
        var slots = shape.Slots;
        var allSlots = Enumerable.Range(0, slots).ToArray();

        var popularity = Enumerable.Range(0, shape.Exhibitors).Select(rank => Math.Pow(rank + 20, -0.8)).ToArray();
        Shuffle(popularity, random);
        var popularityCumulative = Cumulative(popularity);
        var activity = Enumerable.Range(0, shape.Buyers).Select(_ => Math.Exp(0.6 * Normal(random))).ToArray();
        var activityCumulative = Cumulative(activity);
        var topPopularity = popularity.Max();

        var exhibitors = Enumerable.Range(0, shape.Exhibitors).Select(e =>
        {
            var capacity = random.Next(shape.MinCapacity, shape.MaxCapacity + 1);
            var gaps = random.Next(0, 4);
            var away = allSlots.OrderBy(_ => random.Next()).Take(gaps).ToHashSet();
            return new ExhibitorSlots(ExhibitorId(e), capacity, allSlots.Where(s => !away.Contains(s)).ToArray());
        }).ToList();

        var languageOf = new string?[shape.Buyers];
        var buyers = new List<BuyerSlots>();
        for (var b = 0; b < shape.Buyers; b++)
        {
            languageOf[b] = random.NextDouble() < shape.InterpreterShare ? Languages[random.Next(Languages.Length)] : null;
            var kind = random.NextDouble();
            IEnumerable<int> available = allSlots;
            if (kind < 0.15)
            {
                var late = random.Next(1, 5);
                available = allSlots.Where(s => s >= late);
            }
            else if (kind < 0.30)
            {
                var leave = slots - random.Next(1, 5);
                available = allSlots.Where(s => s < leave);
            }
            else if (kind < 0.40)
            {
                var busy = random.Next(slots);
                available = allSlots.Where(s => s != busy);
            }
            buyers.Add(new BuyerSlots(BuyerId(b), available.ToArray()));
        }

        var interpreters = new List<Interpreter>();
        foreach (var language in Languages)
        {
            for (var i = 0; i < shape.InterpretersPerLanguage; i++)
            {
                var away = allSlots.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToHashSet();
                interpreters.Add(new Interpreter(interpreters.Count + 1, language, allSlots.Where(s => !away.Contains(s)).ToArray()));
            }
        }

        var pairs = new List<MeetingPair>();
        var met = new HashSet<(int, int)>();
        while (pairs.Count < shape.Pairs && met.Count < (long)shape.Buyers * shape.Exhibitors)
        {
            var b = Pick(activityCumulative, random);
            var e = Pick(popularityCumulative, random);
            if (!met.Add((b, e)))
            {
                continue;
            }
            var value = Math.Round(10 * Math.Exp(0.7 * Normal(random)) * (1 + popularity[e] / topPopularity), 3);
            pairs.Add(new MeetingPair(pairs.Count + 1, BuyerId(b), ExhibitorId(e), value)
            {
                Arrival = random.NextInt64(1_000_000_000),
                Language = languageOf[b],
            });
        }
        return new ScheduleProblem(slots, shape.Tables, pairs) { Exhibitors = exhibitors, Buyers = buyers, Interpreters = interpreters };
    }

    private static int BuyerId(int b) => 100_000 + b;

    private static int ExhibitorId(int e) => 500_000 + e;

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double[] Cumulative(double[] weights)
    {
        var sum = 0.0;
        return weights.Select(w => sum += w).ToArray();
    }

    private static int Pick(double[] cumulative, Random random)
    {
        var i = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return Math.Min(i < 0 ? ~i : i, cumulative.Length - 1);
    }

    private static void Shuffle(double[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
