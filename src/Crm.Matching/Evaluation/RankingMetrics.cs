namespace Crm.Matching.Evaluation;

/// <summary>The quality of one ranking method over a set of queries.</summary>
/// <param name="Queries">Queries with at least one relevant candidate (the others have no ideal ranking and are left out).</param>
public sealed record MethodMetrics(double Ndcg5, double Ndcg10, double Map, int Queries);

/// <summary>The model beside the rule-based baseline (weighted category overlap) and random order, on the same queries.</summary>
public sealed record MethodComparison(MethodMetrics Model, MethodMetrics Baseline, MethodMetrics Random)
{
    /// <summary>The gate for activation: the model ranks better than the rule by NDCG@10.</summary>
    public bool ModelBeatsBaseline => Model.Ndcg10 > Baseline.Ndcg10;
}

/// <summary>
/// Ranking metrics with graded relevance (0–3). NDCG@k uses the gain 2^rel − 1 and the discount log2(rank + 1) of
/// Järvelin and Kekäläinen (the form XGBoost and ML.NET use); MAP counts a candidate as relevant when its grade is
/// above 0 and averages precision over the whole list. Candidates are ordered by score, highest first; equal scores are
/// ordered by a tie-break key so that a method with many ties (the overlap rule) is neither helped nor hurt by input order.
/// </summary>
public static class RankingMetrics
{
    /// <summary>NDCG@k of one query; NaN when no candidate is relevant.</summary>
    public static double Ndcg(ReadOnlySpan<float> scores, ReadOnlySpan<float> grades, ReadOnlySpan<float> tieBreak, int k)
    {
        var order = Order(scores, tieBreak);
        var ideal = grades.ToArray();
        Array.Sort(ideal, (a, b) => b.CompareTo(a));
        var idcg = Dcg(ideal, k);
        if (idcg <= 0)
        {
            return double.NaN;
        }
        var ranked = new float[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            ranked[i] = grades[order[i]];
        }
        return Dcg(ranked, k) / idcg;
    }

    /// <summary>Average precision of one query (relevant = grade above 0); NaN when none is relevant.</summary>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<float> grades, ReadOnlySpan<float> tieBreak)
    {
        var order = Order(scores, tieBreak);
        var hits = 0;
        var sum = 0.0;
        for (var i = 0; i < order.Length; i++)
        {
            if (grades[order[i]] > 0)
            {
                hits++;
                sum += (double)hits / (i + 1);
            }
        }
        return hits == 0 ? double.NaN : sum / hits;
    }

    /// <summary>Mean NDCG@5, NDCG@10 and MAP over the queries (given by their sizes, in row order) that have a relevant candidate.</summary>
    public static MethodMetrics Evaluate(ReadOnlySpan<float> scores, ReadOnlySpan<float> grades, ReadOnlySpan<float> tieBreak, ReadOnlySpan<int> groupSizes)
    {
        double ndcg5 = 0, ndcg10 = 0, map = 0;
        var queries = 0;
        var start = 0;
        foreach (var size in groupSizes)
        {
            var s = scores.Slice(start, size);
            var g = grades.Slice(start, size);
            var t = tieBreak.Slice(start, size);
            start += size;
            var n10 = Ndcg(s, g, t, 10);
            if (double.IsNaN(n10))
            {
                continue;
            }
            ndcg10 += n10;
            ndcg5 += Ndcg(s, g, t, 5);
            map += AveragePrecision(s, g, t);
            queries++;
        }
        return queries == 0
            ? new MethodMetrics(double.NaN, double.NaN, double.NaN, 0)
            : new MethodMetrics(ndcg5 / queries, ndcg10 / queries, map / queries, queries);
    }

    private static double Dcg(ReadOnlySpan<float> gradesInRankOrder, int k)
    {
        var dcg = 0.0;
        var n = Math.Min(k, gradesInRankOrder.Length);
        for (var i = 0; i < n; i++)
        {
            dcg += (Math.Pow(2, gradesInRankOrder[i]) - 1) / Math.Log2(i + 2);
        }
        return dcg;
    }

    /// <summary>Candidate indices by score descending, then by tie-break key descending, then by index.</summary>
    internal static int[] Order(ReadOnlySpan<float> scores, ReadOnlySpan<float> tieBreak)
    {
        if (scores.Length != tieBreak.Length)
        {
            throw new ArgumentException("Scores and tie-break keys differ in length.");
        }
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var s = scores.ToArray();
        var t = tieBreak.ToArray();
        Array.Sort(order, (a, b) =>
        {
            var c = s[b].CompareTo(s[a]);
            if (c != 0)
            {
                return c;
            }
            c = t[b].CompareTo(t[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        return order;
    }
}
