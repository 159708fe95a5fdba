using System.Text;

namespace Crm.Seed;

/// <summary>The hand-curated reference CSVs, embedded in this assembly so the seed works from any folder.</summary>
public static class ReferenceFiles
{
    /// <summary>The reference kinds, in import order.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["editions", "countries", "sectors", "areas", "categories", "districts", "teams"];

    /// <summary>The bytes of <c>seed/reference/&lt;kind&gt;.csv</c> as committed.</summary>
    public static byte[] Read(string kind)
    {
        using var stream = typeof(ReferenceFiles).Assembly.GetManifestResourceStream($"Crm.Seed.reference.{kind}.csv")
            ?? throw new InvalidOperationException($"The reference file {kind}.csv is not embedded in {typeof(ReferenceFiles).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The data rows of a reference file as field arrays (header checked and dropped).</summary>
    internal static List<string[]> Rows(string kind, params string[] header)
    {
        var text = Encoding.UTF8.GetString(Read(kind)).TrimStart('\uFEFF');
        var rows = Parse(text);
        if (rows.Count == 0 || !rows[0].SequenceEqual(header))
        {
            throw new InvalidDataException($"{kind}.csv must start with the header {string.Join(',', header)}.");
        }
        return rows.Skip(1).Where(r => r.Length > 1 || r[0].Length > 0).ToList();
    }

    /// <summary>RFC 4180: fields separated by commas, optionally quoted with doubled quotes inside.</summary>
    internal static List<string[]> Parse(string text)
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
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                fields.Add(field.ToString());
                field.Clear();
                rows.Add([.. fields]);
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            rows.Add([.. fields]);
        }
        return rows;
    }
}

/// <summary>Writes RFC 4180 records with "\n" line ends, UTF-8 without a byte-order mark.</summary>
internal sealed class CsvOut : IDisposable
{
    private static readonly char[] _needsQuotes = [',', '"', '\r', '\n'];
    private readonly StreamWriter _writer;

    public CsvOut(string path, params string[] header)
    {
        _writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        Row(header);
    }

    public void Row(params string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }
            var value = fields[i] ?? "";
            if (value.IndexOfAny(_needsQuotes) >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))))
            {
                _writer.Write('"');
                _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
                _writer.Write('"');
            }
            else
            {
                _writer.Write(value);
            }
        }
        _writer.Write('\n');
    }

    public void Dispose() => _writer.Dispose();
}
