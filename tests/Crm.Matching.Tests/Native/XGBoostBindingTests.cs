using Crm.Matching.Native;

namespace Crm.Matching.Tests.Native;

/// <summary>The owned binding over Debian's libxgboost0, against the real library.</summary>
public class XGBoostBindingTests
{
    private const int Rows = 40;
    private const int Columns = 3;

    /// <summary>A fixed regression problem: y = 2·x0 − x1 + (x2 > 0.5), x from a fixed generator.</summary>
    private static (float[] X, float[] Y) TinyData()
    {
        var random = new Random(12345);
        var x = new float[Rows * Columns];
        var y = new float[Rows];
        for (var r = 0; r < Rows; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                x[r * Columns + c] = (float)Math.Round(random.NextDouble(), 3);
            }
            y[r] = 2 * x[r * Columns] - x[r * Columns + 1] + (x[r * Columns + 2] > 0.5f ? 1 : 0);
        }
        return (x, y);
    }

    private static readonly KeyValuePair<string, string>[] TinyParameters =
    [
        new("objective", "reg:squarederror"), new("max_depth", "2"), new("eta", "0.5"), new("nthread", "1"), new("seed", "0"),
        new("base_score", "0.5"), new("tree_method", "exact"),
    ];

    private static byte[] TrainTiny()
    {
        var (x, y) = TinyData();
        using var matrix = DMatrix.FromDense(x, Rows, Columns);
        matrix.SetLabels(y);
        return BoosterTrainer.Train(matrix, TinyParameters, rounds: 3);
    }

    [Fact]
    public void Library_version_is_the_one_debian_ships()
    {
        Assert.Equal("1.7.4", XGBoostLibrary.Version);
    }

    [Fact]
    public void A_fixed_tiny_model_predicts_the_golden_values()
    {
        using var model = BoosterModel.Load(TrainTiny());
        var predictions = model.Predict([0.1f, 0.2f, 0.3f, 0.9f, 0.1f, 0.8f, 0.5f, 0.5f, 0.5f], 3);
        // Golden values, recorded from this binding over libxgboost0 1.7.4 (tree_method=exact, three rounds of depth 2).
        float[] golden = [Golden0, Golden1, Golden2];
        Assert.Equal(golden, predictions);
    }

    // Recorded once; a change means the library or the training path changed.
    private const float Golden0 = -0.237194717f;
    private const float Golden1 = 1.83555913f;
    private const float Golden2 = 0.653302252f;

    [Fact]
    public void Same_data_parameters_and_threads_give_the_same_model_bytes_whichever_thread_trains()
    {
        var first = TrainTiny();
        byte[]? second = null;
        var other = new Thread(() => second = TrainTiny());
        other.Start();
        other.Join();
        Assert.Equal(first, second);
    }

    [Fact]
    public void A_saved_and_reloaded_model_predicts_exactly_the_same()
    {
        var (x, _) = TinyData();
        using var model = BoosterModel.Load(TrainTiny());
        using var reloaded = BoosterModel.Load(model.Save());
        Assert.Equal(model.Predict(x, Rows), reloaded.Predict(x, Rows));
        Assert.Contains("\"learner\"", model.DumpJson());
    }

    [Fact]
    public void Groups_that_do_not_add_up_to_the_rows_are_refused_before_the_library_sees_them()
    {
        var (x, _) = TinyData();
        using var matrix = DMatrix.FromDense(x, Rows, Columns);
        var error = Assert.Throws<ArgumentException>(() => matrix.SetGroups([10, 10, 10]));
        Assert.Contains("add up to 30 rows, but the matrix has 40", error.Message);
        Assert.Throws<ArgumentException>(() => matrix.SetGroups([40, 0]));
        Assert.Throws<ArgumentException>(() => matrix.SetLabels(new float[39]));
    }

    [Fact]
    public void A_matrix_of_another_width_than_the_model_is_refused()
    {
        using var model = BoosterModel.Load(TrainTiny());
        using var narrow = DMatrix.FromDense(new float[10 * 2], 10, 2);
        using var wide = DMatrix.FromDense(new float[10 * 4], 10, 4);
        Assert.Contains("expects 3 features", Assert.Throws<ArgumentException>(() => model.Predict(narrow)).Message);
        Assert.Throws<ArgumentException>(() => model.PredictContributions(wide));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Contributions_with_the_bias_add_up_to_the_prediction(bool approximate)
    {
        var (x, _) = TinyData();
        using var model = BoosterModel.Load(TrainTiny());
        using var matrix = DMatrix.FromDense(x, Rows, Columns);
        var predictions = model.Predict(matrix);
        var contributions = model.PredictContributions(matrix, approximate);
        Assert.Equal(Rows * (Columns + 1), contributions.Length);
        for (var r = 0; r < Rows; r++)
        {
            var sum = contributions.AsSpan(r * (Columns + 1), Columns + 1).ToArray().Sum();
            Assert.Equal(predictions[r], sum, 4);
        }
    }

    [Fact]
    public void A_missing_library_says_what_to_install()
    {
        var error = Assert.Throws<XGBoostLibraryMissingException>(() => XGBoostLibrary.Resolve(null, _ => null));
        Assert.Contains("apt-get install libxgboost0", error.Message);
        Assert.Contains(XGBoostLibrary.PathVariable, error.Message);
    }

    [Fact]
    public void A_wrong_override_path_fails_loudly_instead_of_falling_back()
    {
        var tried = new List<string>();
        var error = Assert.Throws<XGBoostLibraryMissingException>(() =>
            XGBoostLibrary.Resolve("/nonexistent/libxgboost.so.0", path =>
            {
                tried.Add(path);
                return System.Runtime.InteropServices.NativeLibrary.TryLoad(path, out var h) ? h : null;
            }));
        Assert.Equal(["/nonexistent/libxgboost.so.0"], tried);
        Assert.Contains("/nonexistent/libxgboost.so.0", error.Message);
    }

    [Fact]
    public void Disposed_handles_are_refused_and_disposing_twice_is_harmless()
    {
        var model = BoosterModel.Load(TrainTiny());
        var matrix = DMatrix.FromDense(new float[Columns], 1, Columns);
        model.Dispose();
        model.Dispose();
        Assert.Throws<ObjectDisposedException>(() => model.Predict(matrix));
        matrix.Dispose();
        matrix.Dispose();
        Assert.Throws<ObjectDisposedException>(() => matrix.SetLabels([1f]));
    }

    [Fact]
    public void Predicting_from_many_threads_at_once_gives_the_sequential_results()
    {
        var (x, _) = TinyData();
        using var model = BoosterModel.Load(TrainTiny());
        var expected = model.Predict(x, Rows);
        var results = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            for (var repeat = 0; repeat < 50; repeat++)
            {
                results[i] = model.Predict(x, Rows);
            }
        });
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Training_reports_every_round_and_stops_when_cancelled()
    {
        var (x, y) = TinyData();
        using var matrix = DMatrix.FromDense(x, Rows, Columns);
        matrix.SetLabels(y);
        var rounds = new List<int>();
        BoosterTrainer.Train(matrix, TinyParameters, 4, matrix, p => rounds.Add(p.Round));
        Assert.Equal([1, 2, 3, 4], rounds);

        using var cancel = new CancellationTokenSource();
        Assert.ThrowsAny<OperationCanceledException>(() => BoosterTrainer.Train(matrix, TinyParameters, 50, null,
            p => { if (p.Round == 2) { cancel.Cancel(); } }, cancel.Token));
    }

    [Fact]
    public void Training_without_a_fixed_thread_count_is_refused()
    {
        var (x, y) = TinyData();
        using var matrix = DMatrix.FromDense(x, Rows, Columns);
        matrix.SetLabels(y);
        Assert.Throws<ArgumentException>(() => BoosterTrainer.Train(matrix, [new("objective", "reg:squarederror")], 1));
    }

    [Fact]
    public void Library_errors_carry_the_native_message()
    {
        var (x, y) = TinyData();
        using var matrix = DMatrix.FromDense(x, Rows, Columns);
        matrix.SetLabels(y);
        var error = Assert.Throws<XGBoostException>(() => BoosterTrainer.Train(matrix, [new("objective", "no:such"), new("nthread", "1")], 1));
        Assert.Contains("no:such", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
