using System.Text;
using System.Text.Json;


using Crm.Data.Auditing;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv;

/// <summary>
/// Imports one CSV file of one kind: every row is checked before anything is written, and what is written
/// is written in one transaction (see docs/data-format.md).
/// </summary>
public sealed class CsvImporter(IDbContextFactory<CrmDbContext> contexts)
{
    /// <param name="progress">Told the stage (reading, checking, writing) and how far along, for a progress bar.</param>
    public async Task<ImportResult> ImportAsync(string kindName, Stream csv, string fileName, ImportMode mode,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var kind = CsvKinds.Find(kindName);
        if (kind is null)
        {
            return Failed(kindName, [new ImportError(0, "", ImportText.Get("UnknownKind", kindName, CsvKinds.Names))]);
        }

        var errors = new List<ImportError>();
        progress?.Report(new ImportProgress(ImportProgress.Reading, 0));
        var (rows, unreadable) = ReadRows(kind, csv, errors);
        if (rows is null)
        {
            return Failed(kind.Name, errors);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        // The import owns one transaction and rolls it all back on failure: EF's savepoint per save would only cost
        // (on SQLite each savepoint journals the pages it touches, making a large import quadratic).
        db.Database.AutoSavepointsEnabled = false;
        progress?.Report(new ImportProgress(ImportProgress.Checking, 0.3));
        var plan = await kind.PlanAsync(db, rows, ct);
        var sorted = errors.OrderBy(e => e.Line).ToList();
        var rejected = sorted.Select(e => e.Line).Distinct().Count();
        if ((mode == ImportMode.AllOrNothing && sorted.Count > 0) || rows.All(r => !r.IsValid))
        {
            return new ImportResult(kind.Name, rows.Count + unreadable, 0, 0, 0, sorted, Written: false);
        }

        try
        {
            progress?.Report(new ImportProgress(ImportProgress.Writing, 0.6));
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.AuditRows = false;
            // Writing runs from 60 % to 100 %, chunk by chunk (reported inside the transaction); 100 % only once committed.
            var (created, updated, unchanged) = await plan.ApplyAsync(db, saved => progress?.Report(
                new ImportProgress(ImportProgress.Writing, Math.Min(0.99, 0.6 + 0.4 * saved / Math.Max(plan.Rows, 1))) { InTransaction = true }), ct);
            db.AuditEntries.Add(new AuditEntry
            {
                At = DateTime.UtcNow,
                UserId = AuditScope.Current?.UserId,
                UserName = AuditScope.Current?.UserName,
                Operation = AuditScope.Current?.Operation ?? "Import",
                EntityType = kind.Name,
                EntityKey = Path.GetFileName(fileName),
                Action = AuditAction.Imported,
                Changes = JsonSerializer.Serialize(new { rows = rows.Count + unreadable, created, updated, unchanged, rejected, mode = mode.ToString() }),
            });
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            progress?.Report(new ImportProgress(ImportProgress.Writing, 1));
            return new ImportResult(kind.Name, rows.Count + unreadable, created, updated, unchanged, sorted, Written: true);
        }
        catch (DbUpdateException ex)
        {
            var reason = (ex.InnerException ?? ex).Message;
            return new ImportResult(kind.Name, rows.Count + unreadable, 0, 0, 0, [.. sorted, new ImportError(0, "", ImportText.Get("SaveFailed", reason))], Written: false);
        }
    }

    private static ImportResult Failed(string kind, IReadOnlyList<ImportError> errors) => new(kind, 0, 0, 0, 0, errors, Written: false);

    /// <summary>
    /// Parses the file: its rows, and how many records could not be read as CSV (each reported at its line). The rows are
    /// null when the file as a whole is unusable (then nothing can be checked, and nothing is written): a bad header, text
    /// that is not UTF-8 (or UTF-16/32 with a byte-order mark), a NUL character, a quote never closed, a record longer
    /// than <see cref="CsvRecordReader.DefaultMaxRecordLength"/> characters.
    /// </summary>
    private static (List<CsvRow>? Rows, int Unreadable) ReadRows(CsvKind kind, Stream csv, List<ImportError> errors)
    {
        using var reader = new StreamReader(csv, CsvRecordReader.Utf8, detectEncodingFromByteOrderMarks: true);
        var parser = new CsvRecordReader(reader);
        string[]? headerRecord;
        try
        {
            headerRecord = parser.Read();
        }
        catch (FormatException ex)
        {
            errors.Add(Unreadable(ex, parser));
            return (null, 0);
        }
        if (headerRecord is null || headerRecord.All(string.IsNullOrWhiteSpace))
        {
            errors.Add(new ImportError(0, "", ImportText.Get("EmptyFile")));
            return (null, 0);
        }

        var header = headerRecord.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var columns = new Dictionary<string, int>();
        for (var i = 0; i < header.Length; i++)
        {
            if (kind.Columns.All(c => c.Name != header[i]))
            {
                var shown = ImportText.Shown(header[i]);
                errors.Add(new ImportError(1, shown, ImportText.Get("UnknownColumn", shown)));
            }
            else if (!columns.TryAdd(header[i], i))
            {
                errors.Add(new ImportError(1, header[i], ImportText.Get("DuplicateColumn", header[i])));
            }
        }
        foreach (var missing in kind.Columns.Where(c => c.Required && !columns.ContainsKey(c.Name)))
        {
            errors.Add(new ImportError(1, missing.Name, ImportText.Get("MissingColumn", missing.Name)));
        }
        if (errors.Count > 0)
        {
            return (null, 0);
        }

        var rows = new List<CsvRow>();
        var unreadable = 0;
        while (true)
        {
            string[]? record;
            try
            {
                record = parser.Read();
            }
            catch (CsvFileException ex)
            {
                errors.Add(Unreadable(ex, parser));
                return (null, 0);
            }
            catch (FormatException ex)
            {
                // This record only: the reader went on to the next line.
                errors.Add(Unreadable(ex, parser));
                unreadable++;
                continue;
            }
            if (record is null)
            {
                return (rows, unreadable);
            }
            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            var row = new CsvRow(parser.Line, record, columns, errors);
            if (record.Length != header.Length)
            {
                row.Error("", ImportText.Get("WrongFieldCount", record.Length, header.Length));
            }
            rows.Add(row);
        }
    }

    /// <summary>
    /// A record the reader could not read, at its line; when the rest of the file is lost with it, the reason says that
    /// nothing was imported.
    /// </summary>
    private static ImportError Unreadable(FormatException ex, CsvRecordReader parser) => ex is CsvFileException file
        ? new ImportError(file.Line, "", ImportText.Get("UnreadableFile", file.Line, ImportText.Get(ex.Message, parser.MaxRecordLength)))
        : new ImportError(parser.Line, "", ImportText.Get("MalformedRow", ImportText.Get(ex.Message)));
}
