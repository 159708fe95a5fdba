using System.Runtime.InteropServices;

namespace Crm.Matching.Native;

/// <summary>
/// The few functions of the XGBoost 1.7 C API the engine uses (c_api.h). Every one returns 0 on success; on failure
/// <see cref="XGBGetLastError"/> (a pointer to a thread-local string) says why. <c>bst_ulong</c> is 64-bit.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "xgboost";

    [LibraryImport(Library)]
    internal static partial void XGBoostVersion(out int major, out int minor, out int patch);

    [LibraryImport(Library)]
    internal static partial IntPtr XGBGetLastError();

    [LibraryImport(Library)]
    internal static partial int XGDMatrixCreateFromMat(float* data, ulong rows, ulong columns, float missing, out IntPtr handle);

    [LibraryImport(Library)]
    internal static partial int XGDMatrixFree(IntPtr handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGDMatrixSetFloatInfo(DMatrixHandle handle, string field, float* values, ulong length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGDMatrixSetUIntInfo(DMatrixHandle handle, string field, uint* values, ulong length);

    [LibraryImport(Library)]
    internal static partial int XGBoosterCreate(IntPtr* matrices, ulong length, out IntPtr handle);

    [LibraryImport(Library)]
    internal static partial int XGBoosterFree(IntPtr handle);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSetParam(BoosterHandle handle, string name, string value);

    [LibraryImport(Library)]
    internal static partial int XGBoosterUpdateOneIter(BoosterHandle handle, int iteration, DMatrixHandle train);

    [LibraryImport(Library)]
    internal static partial int XGBoosterEvalOneIter(BoosterHandle handle, int iteration, IntPtr* matrices, IntPtr* names, ulong length, out IntPtr result);

    [LibraryImport(Library)]
    internal static partial int XGBoosterGetNumFeature(BoosterHandle handle, out ulong count);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterPredictFromDMatrix(BoosterHandle handle, DMatrixHandle matrix, string config,
        out ulong* shape, out ulong dimensions, out float* result);

    [LibraryImport(Library)]
    internal static partial int XGBoosterLoadModelFromBuffer(BoosterHandle handle, byte* buffer, ulong length);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSaveModelToBuffer(BoosterHandle handle, string config, out ulong length, out byte* data);

    /// <summary>Throws with the library's own message when a call failed.</summary>
    internal static void Check(int status, string function)
    {
        if (status != 0)
        {
            var message = Marshal.PtrToStringUTF8(XGBGetLastError()) ?? "unknown error";
            throw new XGBoostException($"{function} failed: {message.Trim()}");
        }
    }
}

/// <summary>An owned DMatrix handle, freed exactly once.</summary>
internal sealed class DMatrixHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static DMatrixHandle Own(IntPtr raw)
    {
        var h = new DMatrixHandle();
        h.SetHandle(raw);
        return h;
    }

    protected override bool ReleaseHandle() => NativeMethods.XGDMatrixFree(handle) == 0;
}

/// <summary>An owned Booster handle, freed exactly once.</summary>
internal sealed class BoosterHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
{
    public override bool IsInvalid => handle == IntPtr.Zero;

    internal static BoosterHandle Own(IntPtr raw)
    {
        var h = new BoosterHandle();
        h.SetHandle(raw);
        return h;
    }

    protected override bool ReleaseHandle() => NativeMethods.XGBoosterFree(handle) == 0;
}
