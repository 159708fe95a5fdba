using FsCheck;

namespace Crm.Data.Tests.BadInput;

/// <summary>
/// How many cases a property tries: the number its test names, times <c>CRM_FUZZ_SCALE</c> when set (e.g. 20 for a long
/// soak before a release). A failure prints its seed; FsCheck's <c>Config.WithReplay</c> runs that case again.
/// </summary>
public static class Fuzz
{
    public static int Scale { get; } = int.TryParse(Environment.GetEnvironmentVariable("CRM_FUZZ_SCALE"), out var scale) && scale > 0 ? scale : 1;

    public static Config Config(int cases) => FsCheck.Config.QuickThrowOnFailure.WithMaxTest(cases * Scale);
}
