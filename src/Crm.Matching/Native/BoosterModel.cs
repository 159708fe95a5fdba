using System.Text;

namespace Crm.Matching.Native;

/// <summary>
/// A saved model loaded for serving. At load it sets <c>nthread=1</c> and makes one warm-up prediction of each kind;
/// after that it never sets a parameter again, which makes prediction safe from many threads at once (the parallelism
/// comes from .NET threads, one native thread each). The column count of every matrix is checked here, because the
/// library silently predicts garbage from a matrix with fewer columns than the model. Disposing twice is harmless;
/// using a disposed model throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed unsafe class BoosterModel : IDisposable
{
    private const string ScoresConfig = """{"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}""";
    private const string ContributionsConfig = """{"type": 2, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}""";
    private const string ApproximateContributionsConfig = """{"type": 3, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}""";

    private readonly BoosterHandle _handle;

    private BoosterModel(BoosterHandle handle, int featureCount)
    {
        _handle = handle;
        FeatureCount = featureCount;
    }

    /// <summary>The number of features (columns) the model was trained with.</summary>
    public int FeatureCount { get; }

    /// <summary>The native booster; throws when the model is disposed.</summary>
    private BoosterHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Loads a model saved as UBJ (by <see cref="BoosterTrainer.Train"/> or <see cref="Save"/>) and prepares it for serving.</summary>
    /// <exception cref="ArgumentException">The bytes are empty.</exception>
    /// <exception cref="XGBoostException">The library cannot read the bytes as a model.</exception>
    /// <exception cref="XGBoostLibraryMissingException">The library cannot be loaded.</exception>
    public static BoosterModel Load(ReadOnlySpan<byte> ubj)
    {
        if (ubj.IsEmpty)
        {
            throw new ArgumentException("The model is empty.", nameof(ubj));
        }
        XGBoostLibrary.EnsureLoaded();
        IntPtr created;
        NativeMethods.Check(NativeMethods.XGBoosterCreate(null, 0, out created), "XGBoosterCreate");
        var handle = BoosterHandle.Own(created);
        try
        {
            fixed (byte* data = ubj)
            {
                NativeMethods.Check(NativeMethods.XGBoosterLoadModelFromBuffer(handle, data, (ulong)ubj.Length), "XGBoosterLoadModelFromBuffer");
            }
            NativeMethods.Check(NativeMethods.XGBoosterSetParam(handle, "nthread", "1"), "XGBoosterSetParam", "nthread=1");
            NativeMethods.Check(NativeMethods.XGBoosterGetNumFeature(handle, out var features), "XGBoosterGetNumFeature");
            var model = new BoosterModel(handle, checked((int)features));
            model.WarmUp();
            return model;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Scores every row: one float per row.</summary>
    /// <exception cref="ArgumentException">The matrix does not have <see cref="FeatureCount"/> columns.</exception>
    public float[] Predict(DMatrix data)
    {
        RequireColumns(data);
        return Run(data, ScoresConfig, data.Rows);
    }

    /// <summary>Scores <paramref name="rows"/> rows laid out row-major with <see cref="FeatureCount"/> columns (NaN = missing).</summary>
    /// <exception cref="ArgumentException">There are not exactly <paramref name="rows"/> × <see cref="FeatureCount"/> values.</exception>
    public float[] Predict(ReadOnlySpan<float> values, int rows)
    {
        using var matrix = DMatrix.FromDense(values, rows, FeatureCount);
        return Predict(matrix);
    }

    /// <summary>
    /// Per-feature contributions of every row: rows × (<see cref="FeatureCount"/> + 1), row-major, the last column the
    /// bias; each row adds up to the row's margin (its score before the objective's transformation). Exact TreeSHAP by
    /// default; <paramref name="approximate"/> gives Saabas' path attribution (one walk down each tree, much cheaper).
    /// </summary>
    /// <exception cref="ArgumentException">The matrix does not have <see cref="FeatureCount"/> columns.</exception>
    public float[] PredictContributions(DMatrix data, bool approximate = false)
    {
        RequireColumns(data);
        return Run(data, approximate ? ApproximateContributionsConfig : ContributionsConfig, (long)data.Rows * (FeatureCount + 1));
    }

    /// <summary>The model as UBJ bytes; a model loaded from them predicts exactly the same.</summary>
    public byte[] Save() => SaveToBuffer(Handle, "ubj");

    /// <summary>The model as JSON, for inspection.</summary>
    public string DumpJson() => Encoding.UTF8.GetString(SaveToBuffer(Handle, "json"));

    /// <summary>Frees the native booster (once; later calls do nothing). Predictions running on other threads finish first.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Saves a booster with <c>XGBoosterSaveModelToBuffer</c> in <paramref name="format"/> ("ubj" or "json") and copies
    /// the bytes out before the booster can be used or freed again.
    /// </summary>
    internal static byte[] SaveToBuffer(BoosterHandle booster, string format)
    {
        var added = false;
        try
        {
            booster.DangerousAddRef(ref added);
            NativeMethods.Check(NativeMethods.XGBoosterSaveModelToBuffer(booster, $$"""{"format": "{{format}}"}""", out var length, out var data),
                "XGBoosterSaveModelToBuffer", format);
            return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
        }
        finally
        {
            if (added)
            {
                booster.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// The first prediction of each kind sets state up inside the library (the contributions path fills each tree's node
    /// means, unguarded); doing both here, before the model is shared, leaves later predictions only reading.
    /// </summary>
    private void WarmUp()
    {
        using var row = DMatrix.FromDense(new float[FeatureCount], 1, FeatureCount);
        Predict(row);
        PredictContributions(row);
    }

    private void RequireColumns(DMatrix data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != FeatureCount)
        {
            throw new ArgumentException(
                $"The model expects {FeatureCount} features per row; the matrix has {data.Columns} columns.", nameof(data));
        }
    }

    /// <summary>
    /// Predicts and copies the result out at once: the buffer belongs to the booster, so the booster is kept alive
    /// (not freed by a concurrent <see cref="Dispose"/>) until the copy is made.
    /// </summary>
    private float[] Run(DMatrix data, string config, long expectedLength)
    {
        var booster = Handle;
        var added = false;
        try
        {
            booster.DangerousAddRef(ref added);
            NativeMethods.Check(NativeMethods.XGBoosterPredictFromDMatrix(booster, data.Handle, config, out var shape, out var dimensions, out var result),
                "XGBoosterPredictFromDMatrix");
            long length = 1;
            for (ulong i = 0; i < dimensions; i++)
            {
                length *= (long)shape[i];
            }
            if (length != expectedLength)
            {
                throw new XGBoostException(
                    $"XGBoosterPredictFromDMatrix returned {length} values where {expectedLength} were expected; only single-output models are supported.");
            }
            return new ReadOnlySpan<float>(result, checked((int)length)).ToArray();
        }
        finally
        {
            if (added)
            {
                booster.DangerousRelease();
            }
        }
    }
}
