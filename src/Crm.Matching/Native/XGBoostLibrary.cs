using System.Reflection;
using System.Runtime.InteropServices;

namespace Crm.Matching.Native;

/// <summary>A call into XGBoost failed; the message is the library's own, with the function's name.</summary>
public class XGBoostException(string message) : Exception(message);

/// <summary>The XGBoost shared library cannot be loaded: the message says what to install or set.</summary>
public sealed class XGBoostLibraryMissingException(string message) : XGBoostException(message);

/// <summary>
/// Finds and loads Debian's XGBoost (package libxgboost0, which ships only the versioned <c>libxgboost.so.0</c>):
/// the path in <see cref="PathVariable"/> when set (and then only that), else <c>libxgboost.so.0</c>, else
/// <c>libxgboost.so</c>. A missing library fails loudly with the command that installs it.
/// </summary>
public static class XGBoostLibrary
{
    public const string PathVariable = "CRM_XGBOOST_LIBRARY";

    internal static readonly string[] DefaultNames = ["libxgboost.so.0", "libxgboost.so", "xgboost"];

    private static readonly Lazy<IntPtr> Handle = new(() => Resolve(Environment.GetEnvironmentVariable(PathVariable), TryLoad));
    private static int _resolverSet;

    /// <summary>"1.7.4": the loaded library's version.</summary>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            NativeMethods.XGBoostVersion(out var major, out var minor, out var patch);
            return $"{major}.{minor}.{patch}";
        }
    }

    /// <summary>Loads the library now (idempotent); throws <see cref="XGBoostLibraryMissingException"/> when it cannot.</summary>
    public static void EnsureLoaded()
    {
        if (Interlocked.Exchange(ref _resolverSet, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(XGBoostLibrary).Assembly, Resolver);
        }
        _ = Handle.Value;
    }

    private static IntPtr Resolver(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == NativeMethods.Library ? Handle.Value : IntPtr.Zero;

    private static IntPtr? TryLoad(string path) => NativeLibrary.TryLoad(path, out var handle) ? handle : null;

    /// <summary>The loading rule, apart from the process so it can be tested: an override is used alone; otherwise the names in turn.</summary>
    internal static IntPtr Resolve(string? overridePath, Func<string, IntPtr?> tryLoad)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            return tryLoad(overridePath) ?? throw new XGBoostLibraryMissingException(
                $"The XGBoost native library could not be loaded from {PathVariable}={overridePath}. " +
                $"Point {PathVariable} at libxgboost.so.0 (e.g. /usr/lib/x86_64-linux-gnu/libxgboost.so.0), or unset it and install the library with: sudo apt-get install libxgboost0");
        }
        foreach (var name in DefaultNames)
        {
            if (tryLoad(name) is { } handle)
            {
                return handle;
            }
        }
        throw new XGBoostLibraryMissingException(
            "The XGBoost native library (libxgboost.so.0) was not found. Install it with: sudo apt-get install libxgboost0 " +
            $"— or set {PathVariable} to the library's full path. Tried: {string.Join(", ", DefaultNames)}.");
    }
}
