namespace Crm.Matching.Native;

/// <summary>
/// A saved model loaded for serving. At load it sets <c>nthread=1</c> and makes one warm-up prediction; after that it
/// never sets a parameter again, which makes prediction safe from many threads at once (the parallelism comes from .NET
/// threads, one native thread each). The column count of every matrix is checked, because the library silently
/// predicts from a matrix with fewer columns than the model.
/// </summary>
public sealed unsafe class BoosterModel : IDisposable
{
    private const string PredictConfig = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}";
    private const string ContributionsConfig = "{\"type\": 2, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}";
    private const string ApproximateContributionsConfig = "{\"type\": 3, \"training\": false, \"iteration_begin\": 0, \"iteration_end\": 0, \"strict_shape\": false}";

    private readonly BoosterHandle _handle;

    private BoosterModel(BoosterHandle handle, int featureCount)
    {
        _handle = handle;
        FeatureCount = featureCount;
    }

    public int FeatureCount { get; }

    private BoosterHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    public static BoosterModel Load(ReadOnlySpan<byte> model)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model is empty.", nameof(model));
        }
        XGBoostLibrary.EnsureLoaded();
        IntPtr raw;
        NativeMethods.Check(NativeMethods.XGBoosterCreate(null, 0, out raw), "XGBoosterCreate");
        var handle = BoosterHandle.Own(raw);
        try
        {
            fixed (byte* data = model)
            {
                NativeMethods.Check(NativeMethods.XGBoosterLoadModelFromBuffer(handle, data, (ulong)model.Length), "XGBoosterLoadModelFromBuffer");
            }
            NativeMethods.Check(NativeMethods.XGBoosterSetParam(handle, "nthread", "1"), "XGBoosterSetParam(nthread)");
            NativeMethods.Check(NativeMethods.XGBoosterGetNumFeature(handle, out var features), "XGBoosterGetNumFeature");
            var loaded = new BoosterModel(handle, checked((int)features));
            // The warm-up: the first prediction sets up the predictor; later ones only read.
            loaded.Predict(new float[loaded.FeatureCount], 1);
            return loaded;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>One score per row.</summary>
    public float[] Predict(DMatrix data)
    {
        Require(data);
        return Run(data, PredictConfig, data.Rows);
    }

    /// <summary>Scores rows laid out with <see cref="FeatureCount"/> columns.</summary>
    public float[] Predict(ReadOnlySpan<float> values, int rows)
    {
        using var matrix = DMatrix.FromDense(values, rows, FeatureCount);
        return Predict(matrix);
    }

    /// <summary>
    /// Per-feature contributions: rows × (features + 1), row-major, the last column the bias; each row sums to the margin.
    /// Exact TreeSHAP by default; <paramref name="approximate"/> gives the path attribution of Saabas (type 3), which costs
    /// one walk down each tree instead of TreeSHAP's polynomial work per tree.
    /// </summary>
    public float[] PredictContributions(DMatrix data, bool approximate = false)
    {
        Require(data);
        return Run(data, approximate ? ApproximateContributionsConfig : ContributionsConfig, data.Rows * (FeatureCount + 1));
    }

    /// <summary>The model as UBJ bytes (predictions after reloading them are identical).</summary>
    public byte[] Save() => SaveBuffer(Handle, "ubj");

    /// <summary>The model as JSON, for inspection.</summary>
    public string DumpJson() => System.Text.Encoding.UTF8.GetString(SaveBuffer(Handle, "json"));

    public void Dispose() => _handle.Dispose();

    internal static byte[] SaveBuffer(BoosterHandle handle, string format)
    {
        NativeMethods.Check(NativeMethods.XGBoosterSaveModelToBuffer(handle, $"{{\"format\": \"{format}\"}}", out var length, out var data), "XGBoosterSaveModelToBuffer");
        return new ReadOnlySpan<byte>(data, checked((int)length)).ToArray();
    }

    private void Require(DMatrix data)
    {
        if (data.Columns != FeatureCount)
        {
            throw new ArgumentException($"The model expects {FeatureCount} features per row; the matrix has {data.Columns}.", nameof(data));
        }
    }

    private float[] Run(DMatrix data, string config, long expected)
    {
        NativeMethods.Check(NativeMethods.XGBoosterPredictFromDMatrix(Handle, data.Handle, config, out _, out _, out var result), "XGBoosterPredictFromDMatrix");
        // The buffer belongs to the booster (per thread): copy it before anything else touches the library.
        return new ReadOnlySpan<float>(result, checked((int)expected)).ToArray();
    }
}
