using System.Reflection;
using System.Runtime.InteropServices;

namespace Crm.Matching.Native;

/// <summary>
/// Finds and loads Debian's XGBoost. The package libxgboost0 ships only the versioned <c>libxgboost.so.0</c> (the
/// unversioned name comes with the -dev package), so the binding looks, in order, at the full path in
/// <see cref="PathVariable"/> when it is set (and then at nothing else), at <c>libxgboost.so.0</c>, and at
/// <c>libxgboost.so</c>. The library is looked for once per process; a missing one fails loudly with what to install.
/// </summary>
public static class XGBoostLibrary
{
    /// <summary>The environment variable that, when set, gives the library's full path.</summary>
    public const string PathVariable = "CRM_XGBOOST_LIBRARY";

    /// <summary>The names tried, in order, when <see cref="PathVariable"/> is not set.</summary>
    internal static readonly string[] DefaultNames = ["libxgboost.so.0", "libxgboost.so"];

    private static readonly Lazy<IntPtr> Handle = new(() => Resolve(Environment.GetEnvironmentVariable(PathVariable), TryLoad));

    static XGBoostLibrary()
    {
        // Every [LibraryImport] of this assembly asks here for "xgboost"; the rule below answers.
        NativeLibrary.SetDllImportResolver(typeof(XGBoostLibrary).Assembly, ResolveImport);
    }

    /// <summary>The loaded library's version, for example "1.7.4".</summary>
    /// <exception cref="XGBoostLibraryMissingException">The library cannot be loaded.</exception>
    public static string Version
    {
        get
        {
            EnsureLoaded();
            NativeMethods.XGBoostVersion(out var major, out var minor, out var patch);
            return $"{major}.{minor}.{patch}";
        }
    }

    /// <summary>Loads the library now if it is not loaded yet; every entry point of the binding calls this first.</summary>
    /// <exception cref="XGBoostLibraryMissingException">The library cannot be loaded; the message says what to do.</exception>
    public static void EnsureLoaded() => _ = Handle.Value;

    /// <summary>
    /// The loading rule, apart from the process so that it can be tested. A set <paramref name="overridePath"/> is
    /// tried alone: a wrong path is an error, not a reason to load some other copy. Otherwise the default names are tried in turn.
    /// </summary>
    /// <param name="overridePath">The value of <see cref="PathVariable"/>; null or blank when it is not set.</param>
    /// <param name="tryLoad">Loads a library by path or name, or returns null when it cannot.</param>
    /// <returns>The handle of the first library that loaded.</returns>
    /// <exception cref="XGBoostLibraryMissingException">Nothing loaded.</exception>
    internal static IntPtr Resolve(string? overridePath, Func<string, IntPtr?> tryLoad)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            if (tryLoad(overridePath) is { } overridden)
            {
                return overridden;
            }
            var reason = File.Exists(overridePath) ? "the file exists but is not a loadable library" : "there is no such file";
            throw new XGBoostLibraryMissingException(
                $"The XGBoost native library could not be loaded from {PathVariable}={overridePath} ({reason}). " +
                $"When {PathVariable} is set nothing else is tried: fix the path (Debian's is /usr/lib/x86_64-linux-gnu/libxgboost.so.0) " +
                $"or unset {PathVariable}, and install the library with: sudo apt-get install libxgboost0");
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
            $"— or set {PathVariable} to the library's full path. Tried: {string.Join(", ", DefaultNames)} " +
            $"({PathVariable} is not set).");
    }

    private static IntPtr ResolveImport(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == NativeMethods.Library ? Handle.Value : IntPtr.Zero;

    private static IntPtr? TryLoad(string nameOrPath) => NativeLibrary.TryLoad(nameOrPath, out var handle) ? handle : null;
}
