using System.Runtime.InteropServices;

namespace Crm.Matching.Native;

/// <summary>
/// The functions of the XGBoost 1.7 C API (c_api.h) that the binding uses, with blittable signatures. Every function
/// but <see cref="XGBoostVersion"/> and <see cref="XGBGetLastError"/> returns 0 on success; on failure
/// <see cref="XGBGetLastError"/> points to the reason, kept per native thread. <c>bst_ulong</c> is 64-bit.
/// The library is found by <see cref="XGBoostLibrary"/>'s resolver, never by the default search.
/// </summary>
internal static unsafe partial class NativeMethods
{
    /// <summary>The name every import asks for; <see cref="XGBoostLibrary"/> maps it to the loaded library.</summary>
    internal const string Library = "xgboost";

    [LibraryImport(Library)]
    internal static partial void XGBoostVersion(out int major, out int minor, out int patch);

    /// <summary>A pointer to the last error of this thread, owned by the library: read it at once, and only after a failure.</summary>
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

    /// <summary>The evaluation line of one round; the text belongs to the booster until its next call.</summary>
    [LibraryImport(Library)]
    internal static partial int XGBoosterEvalOneIter(BoosterHandle handle, int iteration, IntPtr* matrices, IntPtr* names,
        ulong length, out IntPtr result);

    [LibraryImport(Library)]
    internal static partial int XGBoosterGetNumFeature(BoosterHandle handle, out ulong count);

    /// <summary>Predicts; the result and its shape belong to the booster (per calling thread) until its next prediction.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterPredictFromDMatrix(BoosterHandle handle, DMatrixHandle matrix, string config,
        out ulong* shape, out ulong dimensions, out float* result);

    [LibraryImport(Library)]
    internal static partial int XGBoosterLoadModelFromBuffer(BoosterHandle handle, byte* buffer, ulong length);

    /// <summary>Saves the model; the bytes belong to the booster (per calling thread) until its next save.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int XGBoosterSaveModelToBuffer(BoosterHandle handle, string config, out ulong length, out byte* data);

    /// <summary>
    /// Throws <see cref="XGBoostException"/> when <paramref name="status"/> says the call failed, with the library's
    /// message. Call it straight after the native call, on the same thread: the message is per thread.
    /// </summary>
    /// <param name="status">What the C function returned.</param>
    /// <param name="function">The C function's name.</param>
    /// <param name="context">What the call was about (for example the parameter being set), or null.</param>
    internal static void Check(int status, string function, string? context = null)
    {
        if (status != 0)
        {
            throw XGBoostException.FromCall(function, context, Marshal.PtrToStringUTF8(XGBGetLastError())?.Trim());
        }
    }
}
