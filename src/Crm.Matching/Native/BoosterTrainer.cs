using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace Crm.Matching.Native;

/// <summary>
/// Trains a booster. Everything native (creating the booster, setting the parameters, every round, saving) runs on one
/// thread created for the job: XGBoost keeps its random state and caches per thread, so the calling thread and the
/// thread pool never take part. With a fixed <c>nthread</c> and <c>seed_per_iteration=1</c>, the same data and
/// parameters give the same model bytes.
/// </summary>
public static unsafe class BoosterTrainer
{
    /// <summary>The stack of the training thread: the 8 MiB a native main thread gets, rather than .NET's smaller default.</summary>
    private const int TrainingThreadStackSize = 8 * 1024 * 1024;

    /// <summary>
    /// Trains <paramref name="rounds"/> rounds and returns the model as UBJ bytes (load them with <see cref="BoosterModel.Load"/>).
    /// Blocks the calling thread until training ends.
    /// </summary>
    /// <param name="train">The training rows, with labels (and groups, for ranking).</param>
    /// <param name="parameters">
    /// XGBoost parameters, set in this order. <c>nthread</c> is required (a positive number), because results depend on
    /// it; <c>seed_per_iteration=1</c> is added when missing.
    /// </param>
    /// <param name="rounds">The number of boosting rounds (trees per output), at least 1.</param>
    /// <param name="validation">Rows evaluated after every round as "valid", beside "train"; optional.</param>
    /// <param name="progress">Called on the training thread after every round.</param>
    /// <param name="cancellationToken">Checked before every round: a round under way finishes, the next does not start.</param>
    /// <exception cref="ArgumentException">nthread is missing or not a positive number, or the validation columns differ.</exception>
    /// <exception cref="OperationCanceledException">Training was cancelled.</exception>
    /// <exception cref="XGBoostException">The library refused a parameter or the data.</exception>
    public static byte[] Train(DMatrix train, IReadOnlyList<KeyValuePair<string, string>> parameters, int rounds,
        DMatrix? validation = null, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        if (validation is not null && validation.Columns != train.Columns)
        {
            throw new ArgumentException($"The validation data have {validation.Columns} columns, the training data {train.Columns}.", nameof(validation));
        }
        var settings = Reproducible(parameters);

        byte[]? model = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                model = TrainOnThisThread(train, settings, rounds, validation, progress, cancellationToken);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, TrainingThreadStackSize)
        {
            Name = "XGBoost training",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
        return model!;
    }

    /// <summary>The parameters with <c>nthread</c> checked and <c>seed_per_iteration=1</c> added when missing.</summary>
    internal static List<KeyValuePair<string, string>> Reproducible(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var threads = parameters.Where(p => p.Key == "nthread").Select(p => p.Value).ToList();
        if (threads.Count == 0)
        {
            throw new ArgumentException("Give nthread: training is reproducible only with a fixed number of threads.", nameof(parameters));
        }
        if (!threads.All(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0))
        {
            throw new ArgumentException(
                $"nthread must be a positive number (0 or -1 would mean every core of the machine); got {string.Join(", ", threads)}.", nameof(parameters));
        }
        var settings = parameters.ToList();
        if (!settings.Any(p => p.Key == "seed_per_iteration"))
        {
            settings.Add(new("seed_per_iteration", "1"));
        }
        return settings;
    }

    private static byte[] TrainOnThisThread(DMatrix train, List<KeyValuePair<string, string>> parameters, int rounds,
        DMatrix? validation, Action<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        DMatrixHandle[] matrices = validation is null ? [train.Handle] : [train.Handle, validation.Handle];
        // The raw handles are passed in arrays below, so each matrix is kept from being freed until training ends.
        var added = new bool[matrices.Length];
        var names = new[] { Marshal.StringToCoTaskMemUTF8("train"), Marshal.StringToCoTaskMemUTF8("valid") };
        try
        {
            var raw = new IntPtr[matrices.Length];
            for (var i = 0; i < matrices.Length; i++)
            {
                matrices[i].DangerousAddRef(ref added[i]);
                raw[i] = matrices[i].DangerousGetHandle();
            }
            using var booster = CreateBooster(raw, parameters);
            for (var round = 0; round < rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                NativeMethods.Check(NativeMethods.XGBoosterUpdateOneIter(booster, round, matrices[0]), "XGBoosterUpdateOneIter", $"round {round + 1}");
                if (progress is not null)
                {
                    var evaluation = validation is null ? null : Evaluate(booster, round, raw, names);
                    progress(new TrainingProgress(round + 1, rounds, evaluation));
                }
            }
            return BoosterModel.SaveToBuffer(booster, "ubj");
        }
        finally
        {
            for (var i = 0; i < matrices.Length; i++)
            {
                if (added[i])
                {
                    matrices[i].DangerousRelease();
                }
            }
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
    }

    private static BoosterHandle CreateBooster(IntPtr[] matrices, List<KeyValuePair<string, string>> parameters)
    {
        IntPtr created;
        fixed (IntPtr* m = matrices)
        {
            NativeMethods.Check(NativeMethods.XGBoosterCreate(m, (ulong)matrices.Length, out created), "XGBoosterCreate");
        }
        var booster = BoosterHandle.Own(created);
        try
        {
            foreach (var (key, value) in parameters)
            {
                NativeMethods.Check(NativeMethods.XGBoosterSetParam(booster, key, value), "XGBoosterSetParam", $"{key}={value}");
            }
            return booster;
        }
        catch
        {
            booster.Dispose();
            throw;
        }
    }

    private static string? Evaluate(BoosterHandle booster, int round, IntPtr[] matrices, IntPtr[] names)
    {
        IntPtr text;
        fixed (IntPtr* m = matrices)
        fixed (IntPtr* n = names)
        {
            NativeMethods.Check(NativeMethods.XGBoosterEvalOneIter(booster, round, m, n, (ulong)matrices.Length, out text), "XGBoosterEvalOneIter");
        }
        return Marshal.PtrToStringUTF8(text);
    }
}
