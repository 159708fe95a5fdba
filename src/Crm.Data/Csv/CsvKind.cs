
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv;

/// <summary>A column of a kind's file: its header name and whether a value is required.</summary>
public sealed record CsvColumn(string Name, bool Required = false);

/// <summary>One kind of record that can be imported and exported as CSV (see docs/data-format.md).</summary>
public abstract class CsvKind
{
    public abstract string Name { get; }

    public abstract IReadOnlyList<CsvColumn> Columns { get; }

    /// <summary>Reads and checks every row; the returned plan writes the valid ones.</summary>
    internal abstract Task<IImportPlan> PlanAsync(CrmDbContext db, IReadOnlyList<CsvRow> rows, CancellationToken ct);

    /// <summary>Writes every record of this kind (header included), ordered by key.</summary>
    public abstract Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct);
}

internal interface IImportPlan
{
    /// <summary>How many rows it will write.</summary>
    int Rows { get; }

    /// <summary>
    /// Writes the rows that passed every check, a chunk per save, telling <paramref name="saved"/> how many rows are saved
    /// so far after each chunk; the caller owns the transaction.
    /// </summary>
    Task<(int Created, int Updated, int Unchanged)> ApplyAsync(CrmDbContext db, Action<int>? saved, CancellationToken ct);
}

/// <summary>
/// The shape shared by every kind: read a row into <typeparamref name="TRow"/> (reporting problems),
/// key it naturally, find the existing record by that key, and create or update it.
/// </summary>
public abstract class CsvKind<TRow, TEntity> : CsvKind where TRow : class where TEntity : class, new()
{
    /// <summary>How many rows are written per save; the change tracker is cleared between chunks.</summary>
    protected virtual int ChunkSize => 4000;

    /// <summary>Loads what <see cref="Read"/> needs to resolve codes (companies, editions …).</summary>
    protected abstract Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct);

    /// <summary>Parses and checks one row; returns null when the row has an error.</summary>
    protected abstract TRow? Read(CsvRow row, ImportLookups lookups);

    /// <summary>The natural key, used to find duplicates inside the file and the existing record.</summary>
    protected abstract string KeyOf(TRow row);

    /// <summary>The existing records (tracked) for the rows of one chunk, by natural key.</summary>
    protected abstract Task<Dictionary<string, TEntity>> FindExistingAsync(CrmDbContext db, IReadOnlyList<TRow> chunk, CancellationToken ct);

    /// <summary>Copies the row's values onto the entity (new or existing).</summary>
    protected abstract void Assign(TEntity entity, TRow row, ImportLookups lookups, bool isNew);

    /// <summary>Writes rows that hang off the record (e.g. a user's roles); returns whether any changed.</summary>
    protected virtual bool AssignDependents(CrmDbContext db, TEntity entity, TRow row, ImportLookups lookups, bool isNew) => false;

    /// <summary>Called after a chunk is saved, with new keys known (e.g. to let later rows refer to them).</summary>
    protected virtual void Saved(TRow row, TEntity entity, ImportLookups lookups)
    {
    }

    internal override async Task<IImportPlan> PlanAsync(CrmDbContext db, IReadOnlyList<CsvRow> rows, CancellationToken ct)
    {
        var lookups = new ImportLookups();
        await LoadAsync(db, lookups, ct);
        var valid = new List<TRow>(rows.Count);
        var firstLineOfKey = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var parsed = Read(row, lookups);
            if (parsed is null || !row.IsValid)
            {
                continue;
            }
            var key = KeyOf(parsed);
            if (firstLineOfKey.TryGetValue(key, out var firstLine))
            {
                row.Error(Columns[0].Name, ImportText.Get("DuplicateInFile", firstLine));
                continue;
            }
            firstLineOfKey[key] = row.Line;
            valid.Add(parsed);
        }
        return new Plan(this, valid, lookups);
    }

    private sealed class Plan(CsvKind<TRow, TEntity> kind, List<TRow> rows, ImportLookups lookups) : IImportPlan
    {
        public int Rows => rows.Count;

        public async Task<(int, int, int)> ApplyAsync(CrmDbContext db, Action<int>? saved, CancellationToken ct)
        {
            int created = 0, updated = 0, unchanged = 0;
            foreach (var chunk in rows.Chunk(kind.ChunkSize))
            {
                var existing = await kind.FindExistingAsync(db, chunk, ct);
                var written = new List<(TRow, TEntity)>(chunk.Length);
                foreach (var row in chunk)
                {
                    if (existing.TryGetValue(kind.KeyOf(row), out var entity))
                    {
                        kind.Assign(entity, row, lookups, isNew: false);
                    }
                    else
                    {
                        entity = new TEntity();
                        kind.Assign(entity, row, lookups, isNew: true);
                        db.Add(entity);
                    }
                    written.Add((row, entity));
                }
                db.ChangeTracker.DetectChanges();
                foreach (var (row, entity) in written)
                {
                    var state = db.Entry(entity).State;
                    var dependentsChanged = kind.AssignDependents(db, entity, row, lookups, state == EntityState.Added);
                    if (state == EntityState.Added) created++;
                    else if (state == EntityState.Modified || dependentsChanged) updated++;
                    else unchanged++;
                }
                await db.SaveChangesAsync(ct);
                foreach (var (row, entity) in written)
                {
                    kind.Saved(row, entity, lookups);
                }
                db.ChangeTracker.Clear();
                saved?.Invoke(created + updated + unchanged);
            }
            return (created, updated, unchanged);
        }
    }
}
