using System.Runtime.InteropServices;

namespace Crm.Matching.Native;

/// <summary>Where training is: the round just finished, and the evaluation line of the library when validation data is given.</summary>
public sealed record TrainingProgress(int Round, int Rounds, string? Evaluation);

/// <summary>
/// Trains a booster. Everything (creating the booster, setting parameters, every round, saving) runs on one dedicated
/// thread: XGBoost keeps per-thread caches and random state, so a booster created on one thread and updated on another
/// fails, and moving between threads changes results. With a fixed <c>nthread</c> and <c>seed_per_iteration=1</c>
/// the same data give the same model bytes.
/// </summary>
public static unsafe class BoosterTrainer
{
    public static byte[] Train(DMatrix train, IReadOnlyList<KeyValuePair<string, string>> parameters, int rounds,
        DMatrix? validation = null, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        if (!parameters.Any(p => p.Key == "nthread"))
        {
            throw new ArgumentException("Give nthread: results are reproducible only with a fixed thread count.", nameof(parameters));
        }
        if (validation is not null && validation.Columns != train.Columns)
        {
            throw new ArgumentException($"Validation data has {validation.Columns} columns, training data {train.Columns}.", nameof(validation));
        }
        var settings = parameters.Any(p => p.Key == "seed_per_iteration")
            ? parameters.ToList()
            : [.. parameters, new("seed_per_iteration", "1")];

        byte[]? model = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                model = TrainHere(train, settings, rounds, validation, progress, cancellationToken);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, maxStackSize: 16 * 1024 * 1024)
        {
            Name = "xgboost-training",
            IsBackground = true,
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
        return model!;
    }

    private static byte[] TrainHere(DMatrix train, List<KeyValuePair<string, string>> parameters, int rounds, DMatrix? validation,
        Action<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var matrices = validation is null ? new[] { train.Handle.DangerousGetHandle() } : [train.Handle.DangerousGetHandle(), validation.Handle.DangerousGetHandle()];
        IntPtr raw;
        fixed (IntPtr* m = matrices)
        {
            NativeMethods.Check(NativeMethods.XGBoosterCreate(m, (ulong)matrices.Length, out raw), "XGBoosterCreate");
        }
        using var booster = BoosterHandle.Own(raw);
        foreach (var (key, value) in parameters)
        {
            NativeMethods.Check(NativeMethods.XGBoosterSetParam(booster, key, value), $"XGBoosterSetParam({key})");
        }
        var names = new[] { Marshal.StringToCoTaskMemUTF8("train"), Marshal.StringToCoTaskMemUTF8("valid") };
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                NativeMethods.Check(NativeMethods.XGBoosterUpdateOneIter(booster, round, train.Handle), "XGBoosterUpdateOneIter");
                string? evaluation = null;
                if (validation is not null && progress is not null)
                {
                    fixed (IntPtr* m = matrices)
                    fixed (IntPtr* n = names)
                    {
                        NativeMethods.Check(NativeMethods.XGBoosterEvalOneIter(booster, round, m, n, (ulong)matrices.Length, out var text), "XGBoosterEvalOneIter");
                        evaluation = Marshal.PtrToStringUTF8(text);
                    }
                }
                progress?.Invoke(new TrainingProgress(round + 1, rounds, evaluation));
            }
        }
        finally
        {
            foreach (var name in names)
            {
                Marshal.FreeCoTaskMem(name);
            }
        }
        return BoosterModel.SaveBuffer(booster, "ubj");
    }
}
