namespace Crm.Matching.Native;

/// <summary>
/// A dense float matrix in XGBoost's memory (row-major; NaN means missing), with labels and query groups for ranking.
/// The library copies the values, so the caller's buffer can be reused at once.
/// </summary>
public sealed unsafe class DMatrix : IDisposable
{
    private readonly DMatrixHandle _handle;

    private DMatrix(DMatrixHandle handle, int rows, int columns)
    {
        _handle = handle;
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }
    public int Columns { get; }

    internal DMatrixHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    public static DMatrix FromDense(ReadOnlySpan<float> values, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not make {rows} rows of {columns} columns.", nameof(values));
        }
        XGBoostLibrary.EnsureLoaded();
        IntPtr raw;
        fixed (float* data = values)
        {
            NativeMethods.Check(NativeMethods.XGDMatrixCreateFromMat(data, (ulong)rows, (ulong)columns, float.NaN, out raw), "XGDMatrixCreateFromMat");
        }
        return new DMatrix(DMatrixHandle.Own(raw), rows, columns);
    }

    /// <summary>One label per row (for ranking, the graded relevance).</summary>
    public void SetLabels(ReadOnlySpan<float> labels)
    {
        if (labels.Length != Rows)
        {
            throw new ArgumentException($"{labels.Length} labels for {Rows} rows.", nameof(labels));
        }
        fixed (float* data = labels)
        {
            NativeMethods.Check(NativeMethods.XGDMatrixSetFloatInfo(Handle, "label", data, (ulong)labels.Length), "XGDMatrixSetFloatInfo");
        }
    }

    /// <summary>Sizes of the consecutive query groups; each at least 1, summing to <see cref="Rows"/>.</summary>
    public void SetGroups(ReadOnlySpan<int> groupSizes)
    {
        var sizes = new uint[groupSizes.Length];
        long sum = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            if (groupSizes[i] < 1)
            {
                throw new ArgumentException($"Group {i} has size {groupSizes[i]}; every group needs at least one row.", nameof(groupSizes));
            }
            sizes[i] = (uint)groupSizes[i];
            sum += groupSizes[i];
        }
        if (sum != Rows)
        {
            throw new ArgumentException($"The groups add up to {sum} rows, but the matrix has {Rows}.", nameof(groupSizes));
        }
        fixed (uint* data = sizes)
        {
            NativeMethods.Check(NativeMethods.XGDMatrixSetUIntInfo(Handle, "group", data, (ulong)sizes.Length), "XGDMatrixSetUIntInfo(group)");
        }
    }

    public void Dispose() => _handle.Dispose();
}
