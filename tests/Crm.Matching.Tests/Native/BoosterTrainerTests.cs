using Crm.Matching.Native;

namespace Crm.Matching.Tests.Native;

/// <summary>Training: reproducible, ranking with groups, progress, cancellation and the library's own errors.</summary>
public class BoosterTrainerTests
{
    private static byte[] TrainRanker(int seed, int rounds = 15)
    {
        using var matrix = RankingSample.Matrix();
        return BoosterTrainer.Train(matrix, RankingSample.Parameters(seed), rounds);
    }

    private static byte[] OnNewThread(Func<byte[]> train)
    {
        byte[]? result = null;
        var thread = new Thread(() => result = train());
        thread.Start();
        thread.Join();
        return result!;
    }

    [Fact]
    public async Task Training_twice_with_the_same_seed_and_threads_gives_identical_bytes_and_predictions_whichever_thread_calls()
    {
        var first = TrainRanker(seed: 7);
        var second = OnNewThread(() => TrainRanker(seed: 7));
        var third = await Task.Run(() => TrainRanker(seed: 7));

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        var (features, _, _) = RankingSample.Build();
        using var a = BoosterModel.Load(first);
        using var b = BoosterModel.Load(second);
        Assert.Equal(a.Predict(features, features.Length / RankingSample.Columns), b.Predict(features, features.Length / RankingSample.Columns));
    }

    [Fact]
    public void Another_seed_gives_another_model_so_the_sampling_really_depends_on_it()
    {
        Assert.NotEqual(TrainRanker(seed: 7), TrainRanker(seed: 8));
    }

    [Fact]
    public void A_ranker_trains_on_groups_and_reports_train_and_valid_ndcg_every_round()
    {
        using var train = RankingSample.Matrix(seed: 42);
        using var validation = RankingSample.Matrix(seed: 43, queries: 10);
        var reports = new List<TrainingProgress>();

        var model = BoosterTrainer.Train(train, RankingSample.Parameters(), 5, validation, reports.Add);

        Assert.Equal([1, 2, 3, 4, 5], reports.Select(p => p.Round));
        Assert.All(reports, p => Assert.Equal(5, p.Rounds));
        Assert.All(reports, p => Assert.Matches(@"^\[\d+\]\ttrain-ndcg@10:[0-9.]+\tvalid-ndcg@10:[0-9.]+$", p.Evaluation));
        using var loaded = BoosterModel.Load(model);
        Assert.Equal(RankingSample.Columns, loaded.FeatureCount);
        Assert.Contains("rank:ndcg", loaded.DumpJson());
    }

    [Fact]
    public void Groups_that_do_not_add_up_to_the_rows_are_refused_before_the_library_is_called()
    {
        var (features, labels, _) = RankingSample.Build();
        using var matrix = DMatrix.FromDense(features, labels.Length, RankingSample.Columns);

        var tooFew = Assert.Throws<ArgumentException>(() => matrix.SetGroups([labels.Length - 1]));
        var tooMany = Assert.Throws<ArgumentException>(() => matrix.SetGroups([labels.Length, 1]));
        var empty = Assert.Throws<ArgumentException>(() => matrix.SetGroups([labels.Length, 0]));

        // The binding's own messages (a library error would be an XGBoostException), naming both numbers.
        Assert.Equal("groupSizes", tooFew.ParamName);
        Assert.Contains($"add up to {labels.Length - 1} rows, but the matrix has {labels.Length}", tooFew.Message);
        Assert.Contains($"add up to {labels.Length + 1} rows", tooMany.Message);
        Assert.Contains("Group 1 has size 0", empty.Message);
        matrix.SetGroups([labels.Length]); // the matrix is still usable
    }

    [Fact]
    public void Progress_is_reported_once_per_round_without_evaluation_when_there_is_no_validation()
    {
        using var matrix = TinyRegression.Matrix();
        var reports = new List<TrainingProgress>();
        var threads = new HashSet<int>();

        BoosterTrainer.Train(matrix, TinyRegression.Parameters, 4, progress: p =>
        {
            reports.Add(p);
            threads.Add(Environment.CurrentManagedThreadId);
        });

        Assert.Equal([new(1, 4, null), new(2, 4, null), new(3, 4, null), new(4, 4, null)], reports);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, threads);
        Assert.Single(threads);
    }

    [Fact]
    public void Cancelling_stops_training_between_rounds()
    {
        using var matrix = TinyRegression.Matrix();
        using var cancellation = new CancellationTokenSource();
        var rounds = new List<int>();

        Assert.ThrowsAny<OperationCanceledException>(() => BoosterTrainer.Train(matrix, TinyRegression.Parameters, 100, progress: p =>
        {
            rounds.Add(p.Round);
            if (p.Round == 3)
            {
                cancellation.Cancel();
            }
        }, cancellationToken: cancellation.Token));

        Assert.Equal([1, 2, 3], rounds);
    }

    [Fact]
    public void An_already_cancelled_token_trains_no_round()
    {
        using var matrix = TinyRegression.Matrix();
        var rounds = 0;

        Assert.ThrowsAny<OperationCanceledException>(() =>
            BoosterTrainer.Train(matrix, TinyRegression.Parameters, 5, progress: _ => rounds++, cancellationToken: new CancellationToken(canceled: true)));

        Assert.Equal(0, rounds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    public void Training_without_a_fixed_positive_nthread_is_refused(string? nthread)
    {
        using var matrix = TinyRegression.Matrix();
        var parameters = TinyRegression.Parameters.Where(p => p.Key != "nthread").ToList();
        if (nthread is not null)
        {
            parameters.Add(new("nthread", nthread));
        }

        var error = Assert.Throws<ArgumentException>(() => BoosterTrainer.Train(matrix, parameters, 1));

        Assert.Contains("nthread", error.Message);
    }

    [Fact]
    public void Seed_per_iteration_is_added_when_the_caller_leaves_it_out_and_kept_when_given()
    {
        var added = BoosterTrainer.Reproducible([new("nthread", "2")]);
        var given = BoosterTrainer.Reproducible([new("nthread", "2"), new("seed_per_iteration", "1")]);

        Assert.Equal([new("nthread", "2"), new("seed_per_iteration", "1")], added);
        Assert.Single(given, p => p.Key == "seed_per_iteration");
    }

    [Fact]
    public void A_parameter_the_library_refuses_fails_with_the_function_and_the_native_message()
    {
        using var matrix = TinyRegression.Matrix();
        KeyValuePair<string, string>[] parameters = [new("objective", "no:such"), new("nthread", "1")];

        var error = Assert.Throws<XGBoostException>(() => BoosterTrainer.Train(matrix, parameters, 1));

        Assert.Equal("XGBoosterUpdateOneIter", error.Function);
        Assert.Contains("no:such", error.NativeMessage);
        Assert.StartsWith("XGBoosterUpdateOneIter (round 1) failed: ", error.Message);
    }

    [Fact]
    public void Validation_data_of_another_width_are_refused()
    {
        using var train = TinyRegression.Matrix();
        using var validation = DMatrix.FromDense(new float[8], 4, 2);

        Assert.Throws<ArgumentException>(() => BoosterTrainer.Train(train, TinyRegression.Parameters, 1, validation));
    }
}
