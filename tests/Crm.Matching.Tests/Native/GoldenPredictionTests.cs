using Crm.Matching.Native;

namespace Crm.Matching.Tests.Native;

/// <summary>A model built the same way always predicts the same numbers, through this binding as through XGBoost's own Python package.</summary>
public class GoldenPredictionTests
{
    /// <summary>
    /// Golden values: recorded once with this binding over Debian's libxgboost0 1.7.4, then cross-checked with Debian's
    /// python3-xgboost 1.7.4 (xgboost.train on the same float32 rows and parameters, 3 rounds, then Booster.predict):
    /// all four agree to the bit, and Python loading this binding's UBJ bytes predicts the same bits. Both use the same
    /// libxgboost.so.0, so the check covers the binding (row layout, missing values, parameters, training loop, saving
    /// and loading), not the library. The trees of the two models were identical; the UBJ bytes differ only by the
    /// best_iteration attributes Python's train() adds.
    /// </summary>
    private static readonly float[] Golden =
    [
        BitConverter.Int32BitsToSingle(0x3E620CA4), // 0.22075135
        BitConverter.Int32BitsToSingle(0x3FDDE728), // 1.7336168
        BitConverter.Int32BitsToSingle(0x3E945C8D), // 0.2897686
        BitConverter.Int32BitsToSingle(0x3EEC9F92), // 0.46215492
    ];

    [Fact]
    public void The_fixed_tiny_model_predicts_the_golden_values_cross_checked_with_python_xgboost()
    {
        using var model = TinyRegression.Model();
        float[] rows =
        [
            0.1f, 0.2f, 0.3f,
            0.9f, 0.1f, 0.8f,
            0.5f, float.NaN, 0.5f, // a missing value takes each split's default direction
            0f, 1f, 1f,
        ];

        var predictions = model.Predict(rows, 4);

        Assert.Equal(Golden, predictions);
    }
}
