using System.Text;

using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv;

/// <summary>Writes every record of a kind in the import format, so an export imports back unchanged.</summary>
public sealed class CsvExporter(IDbContextFactory<CrmDbContext> contexts)
{
    public async Task ExportAsync(CsvKind kind, Stream output, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        await kind.ExportAsync(db, new CsvRecordWriter(writer), ct);
        await writer.FlushAsync(ct);
    }
}
