namespace Crm.Matching.Native;

/// <summary>
/// A dense float matrix in XGBoost's memory: row-major, NaN meaning missing, with labels and, for ranking, query groups.
/// The library copies the values, so the caller's buffer can be reused at once. Disposing twice is harmless; using a
/// disposed matrix throws <see cref="ObjectDisposedException"/>.
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

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns (features).</summary>
    public int Columns { get; }

    /// <summary>The native handle; throws when the matrix is disposed.</summary>
    internal DMatrixHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Copies <paramref name="rows"/> × <paramref name="columns"/> values, row after row, into a new matrix.</summary>
    /// <exception cref="ArgumentException">The shape is empty or does not match the number of values.</exception>
    /// <exception cref="XGBoostLibraryMissingException">The library cannot be loaded.</exception>
    public static DMatrix FromDense(ReadOnlySpan<float> values, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (values.Length != (long)rows * columns)
        {
            throw new ArgumentException($"{values.Length} values do not make {rows} rows of {columns} columns.", nameof(values));
        }
        XGBoostLibrary.EnsureLoaded();
        IntPtr created;
        fixed (float* data = values)
        {
            NativeMethods.Check(NativeMethods.XGDMatrixCreateFromMat(data, (ulong)rows, (ulong)columns, float.NaN, out created),
                "XGDMatrixCreateFromMat");
        }
        return new DMatrix(DMatrixHandle.Own(created), rows, columns);
    }

    /// <summary>Sets one label per row (for ranking, the graded relevance of the row within its group).</summary>
    /// <exception cref="ArgumentException">There is not exactly one label per row.</exception>
    public void SetLabels(ReadOnlySpan<float> labels)
    {
        if (labels.Length != Rows)
        {
            throw new ArgumentException($"{labels.Length} labels were given for {Rows} rows.", nameof(labels));
        }
        fixed (float* data = labels)
        {
            NativeMethods.Check(NativeMethods.XGDMatrixSetFloatInfo(Handle, "label", data, (ulong)labels.Length),
                "XGDMatrixSetFloatInfo", "label");
        }
    }

    /// <summary>
    /// Sets the sizes of the query groups, which are runs of consecutive rows. Checked here, before the library sees
    /// them: every size at least 1, and the sizes adding up to <see cref="Rows"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A size is below 1, or the sizes do not add up to the rows.</exception>
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
            NativeMethods.Check(NativeMethods.XGDMatrixSetUIntInfo(Handle, "group", data, (ulong)sizes.Length),
                "XGDMatrixSetUIntInfo", "group");
        }
    }

    /// <summary>Frees the native matrix (once; later calls do nothing).</summary>
    public void Dispose() => _handle.Dispose();
}
