using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Crm.Seed;

namespace Crm.Seed.Tests;

/// <summary>Reads the written CSV files back, independently of the generator's writer.</summary>
internal static class SeedFiles
{
    public static string NewTempFolder() =>
        Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "crm-seed-tests", Guid.NewGuid().ToString("N"))).FullName;

    public static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder, "*.csv").OrderBy(f => f, StringComparer.Ordinal)
            .ToDictionary(f => Path.GetFileName(f)!, f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    /// <summary>The header and the rows of a file as dictionaries column → value.</summary>
    public static (string[] Header, List<Dictionary<string, string>> Rows) Read(string folder, string kind)
    {
        var text = File.ReadAllText(Path.Combine(folder, kind + ".csv"), Encoding.UTF8);
        var records = Parse(text);
        var header = records[0];
        var rows = records.Skip(1).Select(r => header.Select((h, i) => (h, v: i < r.Length ? r[i] : "")).ToDictionary(x => x.h, x => x.v)).ToList();
        return (header, rows);
    }

    private static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
            }
            else if (c != '\r') { field.Append(c); }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }
        return rows;
    }

    public static decimal Dec(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    public static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    public static DateOnly? Date(string s) => s.Length == 0 ? null : DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>The full-size seed, generated once for a test class (it takes a few seconds).</summary>
public sealed class FullSeedFixture : IDisposable
{
    public FullSeedFixture()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Data = SeedGenerator.Build(SeedSize.Full);
        Folder = SeedFiles.NewTempFolder();
        Files = SeedGenerator.Write(Folder, Data);
        Elapsed = watch.Elapsed;
    }

    public SeedData Data { get; }
    public string Folder { get; }
    public IReadOnlyList<string> Files { get; }
    public TimeSpan Elapsed { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
