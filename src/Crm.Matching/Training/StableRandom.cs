namespace Crm.Matching.Training;

/// <summary>
/// Pseudo-random numbers that depend only on their inputs (SplitMix64 finaliser), so that sampling, splits and
/// tie-breaks are the same whatever the thread count or the order in which queries are processed.
/// </summary>
internal static class StableRandom
{
    public static ulong Hash(long a, long b, long salt)
    {
        var z = unchecked((ulong)a * 0x9E3779B97F4A7C15UL ^ (ulong)b * 0xC2B2AE3D27D4EB4FUL ^ (ulong)salt * 0x165667B19E3779F9UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, 1).</summary>
    public static float Unit(long a, long b, long salt) => (Hash(a, b, salt) >> 40) / (float)(1UL << 24);
}
