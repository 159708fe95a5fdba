using System.Runtime.InteropServices;

namespace Crm.Matching.Native;

/// <summary>An owned <c>DMatrixHandle</c>: freed exactly once, and never while a call is using it.</summary>
internal sealed class DMatrixHandle : SafeHandle
{
    private DMatrixHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes ownership of a handle the library has just created.</summary>
    internal static DMatrixHandle Own(IntPtr created)
    {
        var owned = new DMatrixHandle();
        owned.SetHandle(created);
        return owned;
    }

    protected override bool ReleaseHandle() => NativeMethods.XGDMatrixFree(handle) == 0;
}

/// <summary>An owned <c>BoosterHandle</c>: freed exactly once, and never while a call is using it.</summary>
internal sealed class BoosterHandle : SafeHandle
{
    private BoosterHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Takes ownership of a handle the library has just created.</summary>
    internal static BoosterHandle Own(IntPtr created)
    {
        var owned = new BoosterHandle();
        owned.SetHandle(created);
        return owned;
    }

    protected override bool ReleaseHandle() => NativeMethods.XGBoosterFree(handle) == 0;
}
