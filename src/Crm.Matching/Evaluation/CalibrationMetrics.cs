namespace Crm.Matching.Evaluation;

/// <summary>One bin of a reliability diagram: how many forecasts fell in it, what they said on average, what happened.</summary>
/// <param name="MeanPredicted">The mean forecast probability of the bin's rows.</param>
/// <param name="Observed">The share of the bin's rows whose event happened.</param>
public sealed record ReliabilityBin(int Rows, double MeanPredicted, double Observed)
{
    /// <summary>|observed − predicted|: how far the bin's forecasts were from what happened.</summary>
    public double Error => Math.Abs(Observed - MeanPredicted);
}

/// <summary>How good one set of probability forecasts is, on the same rows as the others it is compared with.</summary>
/// <param name="Brier">Mean squared error of the probability (0 is perfect; a constant p scores p(1−p) at a base rate p).</param>
/// <param name="LogLoss">Mean negative log-likelihood, probabilities clipped to [1e-15, 1 − 1e-15].</param>
/// <param name="Auc">Area under the ROC curve (ties count half); NaN when every row has the same outcome.</param>
/// <param name="Deciles">The reliability diagram: the rows sorted by forecast and cut into ten groups of (nearly) equal size.</param>
/// <param name="CalibrationError">The expected calibration error: the deciles' errors weighted by their rows.</param>
public sealed record ProbabilityMetrics(int Rows, double Brier, double LogLoss, double Auc, IReadOnlyList<ReliabilityBin> Deciles, double CalibrationError)
{
    /// <summary>The largest error of any decile (the target is 0.05 or less).</summary>
    public double MaxDecileError => Deciles.Count == 0 ? double.NaN : Deciles.Max(d => d.Error);
}

/// <summary>
/// Scores of probability forecasts against binary outcomes: Brier score, log loss, AUC and a reliability diagram by
/// deciles of the forecast. Pure functions, checked on hand-computed cases in the tests.
/// </summary>
public static class CalibrationMetrics
{
    /// <summary>The clip of log loss, so that a forecast of exactly 0 or 1 that turned out wrong costs ln(1e15) ≈ 34.5, not infinity.</summary>
    public const double LogLossEpsilon = 1e-15;

    public static ProbabilityMetrics Evaluate(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> outcomes, int bins = 10)
    {
        var diagram = Reliability(probabilities, outcomes, bins);
        return new ProbabilityMetrics(probabilities.Length, Brier(probabilities, outcomes), LogLoss(probabilities, outcomes),
            Auc(probabilities, outcomes), diagram, ExpectedCalibrationError(diagram, probabilities.Length));
    }

    public static double Brier(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> outcomes)
    {
        Check(probabilities, outcomes);
        var sum = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var error = probabilities[i] - (outcomes[i] ? 1 : 0);
            sum += error * error;
        }
        return probabilities.Length == 0 ? double.NaN : sum / probabilities.Length;
    }

    public static double LogLoss(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> outcomes)
    {
        Check(probabilities, outcomes);
        var sum = 0.0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = Math.Clamp(probabilities[i], LogLossEpsilon, 1 - LogLossEpsilon);
            sum -= outcomes[i] ? Math.Log(p) : Math.Log(1 - p);
        }
        return probabilities.Length == 0 ? double.NaN : sum / probabilities.Length;
    }

    /// <summary>
    /// The probability that a random row whose event happened has a higher forecast than a random row whose event did
    /// not (Mann–Whitney, equal forecasts counting half); NaN when there are no rows of one of the two outcomes.
    /// </summary>
    public static double Auc(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> outcomes)
    {
        Check(probabilities, outcomes);
        var order = Enumerable.Range(0, probabilities.Length).ToArray();
        var keys = probabilities.ToArray();
        Array.Sort(keys, order);
        long positives = 0;
        foreach (var o in outcomes)
        {
            positives += o ? 1 : 0;
        }
        long negatives = probabilities.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }
        // Sum of the positives' ranks (1-based, ties given their mean rank).
        var rankSum = 0.0;
        for (var start = 0; start < keys.Length;)
        {
            var end = start;
            while (end + 1 < keys.Length && keys[end + 1] == keys[start])
            {
                end++;
            }
            var meanRank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
            {
                if (outcomes[order[i]])
                {
                    rankSum += meanRank;
                }
            }
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>
    /// The reliability diagram: rows sorted by forecast (stable, so equal forecasts keep their order) and cut into
    /// <paramref name="bins"/> groups of sizes differing by at most one; empty groups (fewer rows than bins) are left out.
    /// </summary>
    public static IReadOnlyList<ReliabilityBin> Reliability(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> outcomes, int bins = 10)
    {
        Check(probabilities, outcomes);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var p = probabilities.ToArray();
        var o = outcomes.ToArray();
        var order = Enumerable.Range(0, p.Length).OrderBy(i => p[i]).ToArray();
        var result = new List<ReliabilityBin>(bins);
        for (var b = 0; b < bins; b++)
        {
            var from = (int)((long)p.Length * b / bins);
            var to = (int)((long)p.Length * (b + 1) / bins);
            if (to == from)
            {
                continue;
            }
            double predicted = 0, observed = 0;
            for (var i = from; i < to; i++)
            {
                predicted += p[order[i]];
                observed += o[order[i]] ? 1 : 0;
            }
            result.Add(new ReliabilityBin(to - from, predicted / (to - from), observed / (to - from)));
        }
        return result;
    }

    private static double ExpectedCalibrationError(IReadOnlyList<ReliabilityBin> bins, int rows) =>
        rows == 0 ? double.NaN : bins.Sum(b => b.Rows * b.Error) / rows;

    private static void Check(ReadOnlySpan<double> probabilities, ReadOnlySpan<bool> outcomes)
    {
        if (probabilities.Length != outcomes.Length)
        {
            throw new ArgumentException($"{probabilities.Length} forecasts for {outcomes.Length} outcomes.", nameof(outcomes));
        }
        foreach (var p in probabilities)
        {
            if (!(p >= 0 && p <= 1))
            {
                throw new ArgumentOutOfRangeException(nameof(probabilities), p, "A probability is between 0 and 1.");
            }
        }
    }
}
