using System.Runtime.InteropServices;
using Crm.Matching.Native;

namespace Crm.Matching.Tests.Native;

/// <summary>
/// Finding the library. The import resolver is process-wide and set once, so the rule is tested through
/// <see cref="XGBoostLibrary.Resolve"/> with a fake loader, and with the real loader on paths that cannot load.
/// </summary>
public class XGBoostLibraryTests
{
    private static IntPtr? RealLoader(string nameOrPath) => NativeLibrary.TryLoad(nameOrPath, out var handle) ? handle : null;

    [Fact]
    public void Without_an_override_the_versioned_name_is_tried_first_and_the_unversioned_one_second()
    {
        var tried = new List<string>();

        var handle = XGBoostLibrary.Resolve(null, name =>
        {
            tried.Add(name);
            return name == "libxgboost.so" ? 42 : null;
        });

        Assert.Equal(42, handle);
        Assert.Equal(["libxgboost.so.0", "libxgboost.so"], tried);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void When_nothing_loads_the_message_says_how_to_install_the_library_and_what_was_tried(string? unset)
    {
        var error = Assert.Throws<XGBoostLibraryMissingException>(() => XGBoostLibrary.Resolve(unset, _ => null));

        Assert.StartsWith(
            "The XGBoost native library (libxgboost.so.0) was not found. Install it with: sudo apt-get install libxgboost0 " +
            "— or set CRM_XGBOOST_LIBRARY to the library's full path.", error.Message);
        Assert.Contains("Tried: libxgboost.so.0, libxgboost.so", error.Message);
        Assert.IsAssignableFrom<XGBoostException>(error);
    }

    [Fact]
    public void A_set_override_is_tried_alone_and_a_wrong_one_is_reported_instead_of_falling_back()
    {
        var tried = new List<string>();

        var error = Assert.Throws<XGBoostLibraryMissingException>(() => XGBoostLibrary.Resolve("/opt/nowhere/libxgboost.so.0", name =>
        {
            tried.Add(name);
            return name == "libxgboost.so.0" ? 42 : null; // the default would load, but must not be tried
        }));

        Assert.Equal(["/opt/nowhere/libxgboost.so.0"], tried);
        Assert.Contains("CRM_XGBOOST_LIBRARY=/opt/nowhere/libxgboost.so.0", error.Message);
        Assert.Contains("there is no such file", error.Message);
        Assert.Contains("apt-get install libxgboost0", error.Message);
    }

    [Fact]
    public void The_real_loader_reports_a_bogus_override_path_and_a_file_that_is_not_a_library()
    {
        var missing = Assert.Throws<XGBoostLibraryMissingException>(() =>
            XGBoostLibrary.Resolve("/nonexistent/libxgboost.so.0", RealLoader));
        var notALibrary = Path.GetTempFileName();
        try
        {
            var invalid = Assert.Throws<XGBoostLibraryMissingException>(() => XGBoostLibrary.Resolve(notALibrary, RealLoader));

            Assert.Contains("there is no such file", missing.Message);
            Assert.Contains("the file exists but is not a loadable library", invalid.Message);
            Assert.Contains(XGBoostLibrary.PathVariable, invalid.Message);
            Assert.Contains("apt-get install libxgboost0", invalid.Message);
        }
        finally
        {
            File.Delete(notALibrary);
        }
    }

    [Fact]
    public void The_installed_library_loads_by_its_versioned_name_or_by_a_full_path_override()
    {
        Assert.NotEqual(IntPtr.Zero, XGBoostLibrary.Resolve(null, RealLoader));
        Assert.NotEqual(IntPtr.Zero, XGBoostLibrary.Resolve("/usr/lib/x86_64-linux-gnu/libxgboost.so.0", RealLoader));
        Assert.Equal("1.7.4", XGBoostLibrary.Version);
    }
}
