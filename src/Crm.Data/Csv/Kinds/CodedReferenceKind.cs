
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

/// <summary>A column of reference data beyond code and names, optionally a code that must exist in another list.</summary>
public sealed record ReferenceColumn<TEntity>(
    string Name,
    int MaxLength,
    Func<TEntity, string> Get,
    Action<TEntity, string> Set,
    Func<ImportLookups, HashSet<string>>? MustExistIn = null,
    string? ReferenceKind = null);

/// <summary>Countries, sectors, areas, categories, districts: a code, an English and a Chinese name, and a few more columns.</summary>
public sealed class CodedReferenceKind<TEntity> : CsvKind<CodedReferenceKind<TEntity>.Row, TEntity>
    where TEntity : class, ICodedReference, new()
{
    public sealed record Row(string Code, string NameEn, string NameZh, string[] Extras);

    private readonly IReadOnlyList<ReferenceColumn<TEntity>> _extras;

    public CodedReferenceKind(string name, params ReferenceColumn<TEntity>[] extras)
    {
        Name = name;
        _extras = extras;
        Columns = [new("code", true), new("name_en", true), new("name_zh", true), .. extras.Select(e => new CsvColumn(e.Name, true))];
    }

    public override string Name { get; }

    public override IReadOnlyList<CsvColumn> Columns { get; }

    protected override Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct) =>
        _extras.Any(e => e.MustExistIn is not null) ? lookups.LoadReferenceAsync(db, ct) : Task.CompletedTask;

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var code = row.RequiredText("code", 16);
        var nameEn = row.RequiredText("name_en", 128);
        var nameZh = row.RequiredText("name_zh", 64);
        var extras = _extras.Select(e => e.MustExistIn is null
            ? row.RequiredText(e.Name, e.MaxLength)
            : lookups.Code(row, e.Name, e.MustExistIn(lookups), e.ReferenceKind!) ?? "").ToArray();
        return row.IsValid ? new Row(code, nameEn, nameZh, extras) : null;
    }

    protected override string KeyOf(Row row) => row.Code;

    protected override async Task<Dictionary<string, TEntity>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var codes = chunk.Select(r => r.Code).ToList();
        return await db.Set<TEntity>().Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.OrdinalIgnoreCase, ct);
    }

    protected override void Assign(TEntity entity, Row row, ImportLookups lookups, bool isNew)
    {
        if (isNew)
        {
            entity.Code = row.Code;
        }
        entity.NameEn = row.NameEn;
        entity.NameZh = row.NameZh;
        for (var i = 0; i < _extras.Count; i++)
        {
            _extras[i].Set(entity, row.Extras[i]);
        }
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.Set<TEntity>().AsNoTracking().OrderBy(e => e.Code).AsAsyncEnumerable(),
            e => [e.Code, e.NameEn, e.NameZh, .. _extras.Select(x => x.Get(e))], ct);
}
