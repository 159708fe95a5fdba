using System.Globalization;


namespace Crm.Data.Csv;

/// <summary>How values are written to CSV: invariant, round-trippable, the same as the importer reads.</summary>
internal static class CsvFormat
{
    public static string? Number(decimal? value) => value?.ToString("0.##########", CultureInfo.InvariantCulture);

    public static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    public static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string DateTime(DateTime value) => value.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string List(IEnumerable<string> codes) => string.Join(';', codes);

    public static async Task WriteAsync<T>(CsvRecordWriter csv, IReadOnlyList<CsvColumn> columns, IAsyncEnumerable<T> items, Func<T, string?[]> fields, CancellationToken ct)
    {
        await csv.WriteAsync(columns.Select(c => c.Name));
        await foreach (var item in items.WithCancellation(ct))
        {
            await csv.WriteAsync(fields(item));
        }
    }
}
