using Crm.Matching.Data;
using Crm.Matching.Features;

namespace Crm.Matching.Training;

/// <summary>
/// Rows of (query, candidate) in query order, the shape a learning-to-rank trainer wants (ML.NET's features, label,
/// group id): a dense feature matrix, the graded label, the group sizes, and for evaluation the baseline's score and a
/// tie-break key per row.
/// </summary>
internal sealed class RankingDataset
{
    public required int Columns { get; init; }
    public required float[] Features { get; init; }
    public required float[] Labels { get; init; }
    public required float[] Baseline { get; init; }
    public required float[] TieBreak { get; init; }
    public required int[] GroupSizes { get; init; }
    /// <summary>Edition and buyer or team id of each group.</summary>
    public required (int Edition, int QueryId)[] Groups { get; init; }
    public required int[] ExhibitorIds { get; init; }

    public int Rows => Labels.Length;

    /// <summary>Salt of the tie-break keys shared by every method.</summary>
    public const int TieBreakSalt = 7_919;
}

/// <summary>Which queries and candidates go into a data set.</summary>
/// <param name="Editions">Editions whose queries are taken.</param>
/// <param name="IncludeQuery">Filter on (edition, query id), e.g. the validation split.</param>
/// <param name="NegativesPerQuery">Keep every candidate with a grade and at most this many without (sampled); null keeps all.</param>
/// <param name="OnlyQueriesWithOutcome">Leave out queries where no candidate has a grade (they teach and measure nothing).</param>
internal sealed record DatasetSpec(
    IReadOnlyList<int> Editions,
    Func<int, int, bool> IncludeQuery,
    int? NegativesPerQuery,
    bool OnlyQueriesWithOutcome,
    int Seed);

/// <summary>Builds <see cref="RankingDataset"/>s, in parallel over queries but always in the same order.</summary>
internal sealed class DatasetBuilder(PairSpace space, OutcomeLookup outcomes)
{
    private sealed record Block(int Edition, int QueryId, int[] Exhibitors, float[] Labels, float[] Features, float[] Baseline, float[] TieBreak);

    public RankingDataset Build(DatasetSpec spec, CancellationToken cancellationToken = default)
    {
        var columns = space.Schema.Count;
        var work = spec.Editions
            .SelectMany(edition => space.Queries(edition).Select(q => (Edition: edition, Query: q)))
            .Where(x => spec.IncludeQuery(x.Edition, space.QueryId(x.Query)))
            .ToArray();
        var blocks = new Block?[work.Length];
        Parallel.For(0, work.Length, new ParallelOptions { CancellationToken = cancellationToken },
            () => new List<int>(),
            (i, _, candidates) =>
            {
                blocks[i] = BuildBlock(spec, work[i].Edition, work[i].Query, candidates, columns);
                return candidates;
            },
            _ => { });

        var kept = blocks.OfType<Block>().ToArray();
        var rows = kept.Sum(b => b.Labels.Length);
        var dataset = new RankingDataset
        {
            Columns = columns,
            Features = new float[(long)rows * columns],
            Labels = new float[rows],
            Baseline = new float[rows],
            TieBreak = new float[rows],
            GroupSizes = kept.Select(b => b.Labels.Length).ToArray(),
            Groups = kept.Select(b => (b.Edition, b.QueryId)).ToArray(),
            ExhibitorIds = new int[rows],
        };
        var at = 0;
        foreach (var b in kept)
        {
            b.Features.CopyTo(dataset.Features, (long)at * columns);
            b.Labels.CopyTo(dataset.Labels, at);
            b.Baseline.CopyTo(dataset.Baseline, at);
            b.TieBreak.CopyTo(dataset.TieBreak, at);
            b.Exhibitors.CopyTo(dataset.ExhibitorIds, at);
            at += b.Labels.Length;
        }
        return dataset;
    }

    private Block? BuildBlock(DatasetSpec spec, int edition, int query, List<int> candidates, int columns)
    {
        candidates.Clear();
        space.Candidates(edition, query, candidates);
        if (candidates.Count == 0)
        {
            return null;
        }
        var index = space.Index;
        var queryId = space.QueryId(query);
        var grades = new float[candidates.Count];
        var graded = 0;
        for (var i = 0; i < grades.Length; i++)
        {
            grades[i] = outcomes.Grade(space.Schema.Kind, queryId, index.Exhibitors[candidates[i]].Id);
            if (grades[i] > 0)
            {
                graded++;
            }
        }
        if (spec.OnlyQueriesWithOutcome && graded == 0)
        {
            return null;
        }
        var chosen = Choose(spec, edition, queryId, grades, graded);
        var history = index.History.Before(edition);
        var features = new float[chosen.Length * columns];
        var labels = new float[chosen.Length];
        var baseline = new float[chosen.Length];
        var tieBreak = new float[chosen.Length];
        var exhibitors = new int[chosen.Length];
        for (var r = 0; r < chosen.Length; r++)
        {
            var e = candidates[chosen[r]];
            space.Compute(history, query, e, features.AsSpan(r * columns, columns));
            labels[r] = grades[chosen[r]];
            baseline[r] = space.Baseline(query, e);
            exhibitors[r] = index.Exhibitors[e].Id;
            tieBreak[r] = StableRandom.Unit(queryId, exhibitors[r], RankingDataset.TieBreakSalt + edition);
        }
        return new Block(edition, queryId, exhibitors, labels, features, baseline, tieBreak);
    }

    /// <summary>Every graded candidate, and up to N ungraded ones drawn without replacement; in candidate order.</summary>
    private static int[] Choose(DatasetSpec spec, int edition, int queryId, float[] grades, int graded)
    {
        var negatives = grades.Length - graded;
        if (spec.NegativesPerQuery is not { } limit || negatives <= limit)
        {
            return Enumerable.Range(0, grades.Length).ToArray();
        }
        var pool = new int[negatives];
        var n = 0;
        for (var i = 0; i < grades.Length; i++)
        {
            if (grades[i] == 0)
            {
                pool[n++] = i;
            }
        }
        var random = new Random((int)(StableRandom.Hash(edition, queryId, spec.Seed) & 0x7FFFFFFF));
        for (var i = 0; i < limit; i++)
        {
            var j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        var chosen = new List<int>(graded + limit);
        for (var i = 0; i < grades.Length; i++)
        {
            if (grades[i] > 0)
            {
                chosen.Add(i);
            }
        }
        chosen.AddRange(pool.AsSpan(0, limit));
        chosen.Sort();
        return chosen.ToArray();
    }
}

/// <summary>The best grade each (kind, buyer or team, exhibitor) reached.</summary>
internal sealed class OutcomeLookup
{
    private readonly Dictionary<(PairKind, int, int), byte> _grades = [];

    public OutcomeLookup(IEnumerable<OutcomeInput> outcomes)
    {
        foreach (var o in outcomes)
        {
            if (o.Grade is < Grades.Nothing or > Grades.ContractSigned)
            {
                throw new MatchingDataException($"Outcome grade {o.Grade} is outside 0–3.");
            }
            var key = (o.Kind, o.CounterpartId, o.ExhibitorId);
            if (!_grades.TryGetValue(key, out var grade) || o.Grade > grade)
            {
                _grades[key] = (byte)o.Grade;
            }
        }
    }

    public float Grade(PairKind kind, int counterpartId, int exhibitorId) =>
        _grades.TryGetValue((kind, counterpartId, exhibitorId), out var grade) ? grade : 0f;
}
