using Crm.Matching.Evaluation;

namespace Crm.Matching.Tests;

/// <summary>Brier score, log loss, AUC and the reliability diagram against cases worked out by hand.</summary>
public class CalibrationMetricsTests
{
    [Fact]
    public void Brier_score_is_the_mean_squared_error_of_the_probability()
    {
        // (0.9 − 1)² + (0.2 − 0)² + (0.6 − 0)² = 0.01 + 0.04 + 0.36 = 0.41, over 3.
        Assert.Equal(0.41 / 3, CalibrationMetrics.Brier([0.9, 0.2, 0.6], [true, false, false]), 12);
    }

    [Fact]
    public void Log_loss_is_the_mean_negative_log_likelihood_and_a_sure_mistake_costs_a_clipped_amount()
    {
        // −(ln 0.9 + ln 0.8 + ln 0.4) / 3
        Assert.Equal(-(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.4)) / 3, CalibrationMetrics.LogLoss([0.9, 0.2, 0.6], [true, false, false]), 12);
        Assert.Equal(-Math.Log(CalibrationMetrics.LogLossEpsilon), CalibrationMetrics.LogLoss([0.0], [true]), 6);
    }

    [Fact]
    public void Auc_counts_the_pairs_a_forecast_orders_right_and_ties_as_half()
    {
        // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 0.35 > 0.1, 0.35 < 0.4, 0.8 > both: 3 of 4 pairs.
        Assert.Equal(0.75, CalibrationMetrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 12);
        Assert.Equal(0.5, CalibrationMetrics.Auc([0.5, 0.5], [true, false]), 12);
        // Positive 0.5 ties one negative and beats the other: (1 + 0.5) / 2.
        Assert.Equal(0.75, CalibrationMetrics.Auc([0.5, 0.5, 0.2], [true, false, false]), 12);
        Assert.True(double.IsNaN(CalibrationMetrics.Auc([0.3, 0.6], [true, true])));
    }

    [Fact]
    public void The_reliability_diagram_cuts_sorted_forecasts_into_groups_of_equal_size()
    {
        double[] p = [0.8, 0.2, 0.8, 0.2, 0.8, 0.2, 0.8, 0.2];
        bool[] o = [true, true, true, false, true, false, false, false];
        var diagram = CalibrationMetrics.Reliability(p, o, bins: 2);
        Assert.Equal([new ReliabilityBin(4, 0.2, 0.25), new ReliabilityBin(4, 0.8, 0.75)], diagram);
        var metrics = CalibrationMetrics.Evaluate(p, o, bins: 2);
        Assert.Equal(0.05, metrics.CalibrationError, 12);
        Assert.Equal(0.05, metrics.MaxDecileError, 12);

        // Five rows in two groups: sizes 2 and 3; three rows in ten groups: three groups of one.
        Assert.Equal([2, 3], CalibrationMetrics.Reliability([0.1, 0.2, 0.3, 0.4, 0.5], [false, false, true, true, true], 2).Select(b => b.Rows));
        Assert.Equal(3, CalibrationMetrics.Reliability([0.1, 0.2, 0.3], [false, true, true]).Count);
    }

    [Fact]
    public void A_forecast_that_knows_every_outcome_scores_perfectly()
    {
        var metrics = CalibrationMetrics.Evaluate([1.0, 0.0, 1.0, 0.0], [true, false, true, false]);
        Assert.Equal(0, metrics.Brier);
        Assert.Equal(1, metrics.Auc);
        Assert.Equal(0, metrics.CalibrationError);
    }

    [Fact]
    public void A_probability_outside_zero_to_one_or_a_missing_outcome_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationMetrics.Brier([1.2], [true]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationMetrics.Brier([double.NaN], [true]));
        Assert.Throws<ArgumentException>(() => CalibrationMetrics.LogLoss([0.5, 0.5], [true]));
    }
}
