namespace Crm.Data.Csv;

/// <summary>
/// Writes RFC 4180 records with CRLF line ends, quoting only the fields that need it; text a spreadsheet would run as a
/// formula gets a leading single quote (<see cref="SpreadsheetText"/>), which the importer takes off again.
/// </summary>
public sealed class CsvRecordWriter(TextWriter writer)
{
    private static readonly char[] _needsQuotes = [',', '"', '\r', '\n'];

    public async Task WriteAsync(IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                await writer.WriteAsync(',');
            }
            first = false;
            var value = SpreadsheetText.Neutralise(field ?? "");
            if (value.IndexOfAny(_needsQuotes) >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))))
            {
                await writer.WriteAsync('"');
                await writer.WriteAsync(value.Replace("\"", "\"\""));
                await writer.WriteAsync('"');
            }
            else
            {
                await writer.WriteAsync(value);
            }
        }
        await writer.WriteAsync("\r\n");
    }
}
