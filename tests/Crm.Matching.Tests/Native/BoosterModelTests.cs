using Crm.Matching.Native;

namespace Crm.Matching.Tests.Native;

/// <summary>Serving: saving and loading, the column check, contributions, disposal and predicting from many threads.</summary>
public class BoosterModelTests
{
    private const int Columns = TinyRegression.Columns;

    [Fact]
    public void A_saved_and_reloaded_model_predicts_exactly_the_same()
    {
        var features = TinyRegression.Features();
        using var model = TinyRegression.Model();

        using var reloaded = BoosterModel.Load(model.Save());
        using var twice = BoosterModel.Load(reloaded.Save());

        var expected = model.Predict(features, TinyRegression.Rows);
        Assert.Equal(expected, reloaded.Predict(features, TinyRegression.Rows));
        Assert.Equal(expected, twice.Predict(features, TinyRegression.Rows));
        Assert.Equal(model.Save(), reloaded.Save());
        Assert.Contains("\"reg:squarederror\"", model.DumpJson());
    }

    [Theory]
    [InlineData(Columns - 1)]
    [InlineData(Columns + 1)]
    public void Predicting_from_a_matrix_of_another_width_than_the_model_throws(int columns)
    {
        using var model = TinyRegression.Model();
        using var matrix = DMatrix.FromDense(new float[5 * columns], 5, columns);

        var scores = Assert.Throws<ArgumentException>(() => model.Predict(matrix));
        var contributions = Assert.Throws<ArgumentException>(() => model.PredictContributions(matrix));

        Assert.Contains($"expects {Columns} features per row; the matrix has {columns} columns", scores.Message);
        Assert.Equal(scores.Message, contributions.Message);
    }

    [Fact]
    public void Predicting_from_values_that_are_not_whole_rows_of_the_model_throws()
    {
        using var model = TinyRegression.Model();

        Assert.Throws<ArgumentException>(() => model.Predict(new float[2 * Columns - 1], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Predict([], 0));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Contributions_and_the_bias_add_up_to_each_rows_prediction(bool approximate)
    {
        using var model = TinyRegression.Model();
        using var matrix = TinyRegression.Matrix();

        var predictions = model.Predict(matrix);
        var contributions = model.PredictContributions(matrix, approximate);

        Assert.Equal(TinyRegression.Rows * (Columns + 1), contributions.Length);
        for (var row = 0; row < TinyRegression.Rows; row++)
        {
            var sum = 0.0;
            foreach (var value in contributions.AsSpan(row * (Columns + 1), Columns + 1))
            {
                sum += value;
            }
            Assert.True(Math.Abs(sum - predictions[row]) <= 1e-4, $"Row {row}: contributions add up to {sum}, the prediction is {predictions[row]}.");
        }
        // The bias (last column) is the same for every row.
        Assert.Single(Enumerable.Range(0, TinyRegression.Rows).Select(r => contributions[r * (Columns + 1) + Columns]).Distinct());
    }

    [Fact]
    public void Disposing_twice_is_harmless_and_using_after_dispose_throws()
    {
        var model = TinyRegression.Model();
        var matrix = TinyRegression.Matrix();
        using var live = TinyRegression.Model();

        model.Dispose();
        model.Dispose();
        matrix.Dispose();
        matrix.Dispose();

        using var other = DMatrix.FromDense(new float[Columns], 1, Columns);
        Assert.Throws<ObjectDisposedException>(() => model.Predict(other));
        Assert.Throws<ObjectDisposedException>(() => model.PredictContributions(other));
        Assert.Throws<ObjectDisposedException>(() => model.Predict(new float[Columns], 1));
        Assert.Throws<ObjectDisposedException>(() => model.Save());
        Assert.Throws<ObjectDisposedException>(() => model.DumpJson());
        Assert.Throws<ObjectDisposedException>(() => matrix.SetLabels(new float[TinyRegression.Rows]));
        Assert.Throws<ObjectDisposedException>(() => matrix.SetGroups([TinyRegression.Rows]));
        Assert.Throws<ObjectDisposedException>(() => live.Predict(matrix));
        Assert.Throws<ObjectDisposedException>(() => BoosterTrainer.Train(matrix, TinyRegression.Parameters, 1));
    }

    [Fact]
    public void Eight_threads_predicting_at_once_from_one_model_get_the_sequential_results()
    {
        using var train = RankingSample.Matrix();
        var bytes = BoosterTrainer.Train(train, RankingSample.Parameters(), 30);
        var (features, labels, _) = RankingSample.Build(seed: 99);
        var rows = labels.Length;
        using var matrix = DMatrix.FromDense(features, rows, RankingSample.Columns);
        float[] expectedScores, expectedContributions;
        using (var sequential = BoosterModel.Load(bytes))
        {
            expectedScores = sequential.Predict(matrix);
            expectedContributions = sequential.PredictContributions(matrix);
        }
        // A fresh model, so that its first calls after Load come from the eight threads at once.
        using var model = BoosterModel.Load(bytes);

        var scores = new float[8][];
        var contributions = new float[8][];
        using var start = new Barrier(8);
        var threads = Enumerable.Range(0, 8).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            for (var repeat = 0; repeat < 20; repeat++)
            {
                // Each thread alternates a shared matrix with one of its own.
                scores[i] = repeat % 2 == 0 ? model.Predict(matrix) : model.Predict(features, rows);
                contributions[i] = model.PredictContributions(matrix);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.All(scores, s => Assert.Equal(expectedScores, s));
        Assert.All(contributions, c => Assert.Equal(expectedContributions, c));
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_refused_with_the_library_message()
    {
        Assert.Throws<ArgumentException>(() => BoosterModel.Load([]));
        var error = Assert.Throws<XGBoostException>(() => BoosterModel.Load("{\"not\": \"a model\"}"u8));

        Assert.Equal("XGBoosterLoadModelFromBuffer", error.Function);
        Assert.False(string.IsNullOrWhiteSpace(error.NativeMessage));
    }
}
