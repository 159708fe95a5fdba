
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

public sealed class DelegationsKind : CsvKind<DelegationsKind.Row, TradeDelegation>
{
    public sealed record Row(int EditionNumber, int EditionId, string Code, string Name, string NameZh, string Region, string? ParentCode)
    {
        public string Key => ImportLookups.EditionKey(EditionNumber, Code);
    }

    /// <summary>Parents are written before their children, and children refer to them by id once saved.</summary>
    protected override int ChunkSize => 100_000;

    public override string Name => "delegations";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
        [new("edition", true), new("code", true), new("name", true), new("name_zh", true), new("region", true), new("parent_code")];

    protected override async Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct)
    {
        await lookups.LoadEditionsAsync(db, ct);
        await lookups.LoadDelegationsAsync(db, ct);
    }

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var editionId = lookups.Edition(row);
        var number = editionId is null ? 0 : lookups.NumberOf(editionId.Value);
        var code = row.RequiredText("code", 32);
        var name = row.RequiredText("name", 200);
        var nameZh = row.RequiredText("name_zh", 100);
        var region = row.RequiredText("region", 64);
        var parent = row.Text("parent_code", 32);
        if (parent is not null && editionId is not null && !lookups.Delegations.ContainsKey(ImportLookups.EditionKey(number, parent)))
        {
            row.Error("parent_code", ImportText.Get("ParentNotEarlier", parent));
        }
        if (!row.IsValid)
        {
            return null;
        }
        var parsed = new Row(number, editionId!.Value, code, name, nameZh, region, parent);
        // Later rows may name this one as their parent; its id is known once saved.
        lookups.Delegations.TryAdd(parsed.Key, 0);
        return parsed;
    }

    protected override string KeyOf(Row row) => row.Key;

    protected override async Task<Dictionary<string, TradeDelegation>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var editions = chunk.Select(r => r.EditionId).Distinct().ToList();
        var existing = await db.TradeDelegations.Where(d => editions.Contains(d.EditionId)).Include(d => d.Edition).ToListAsync(ct);
        return existing.ToDictionary(d => ImportLookups.EditionKey(d.Edition!.Number, d.Code), StringComparer.OrdinalIgnoreCase);
    }

    protected override void Assign(TradeDelegation e, Row r, ImportLookups lookups, bool isNew)
    {
        e.EditionId = r.EditionId;
        e.Code = r.Code;
        e.Name = r.Name;
        e.NameZh = r.NameZh;
        e.Region = r.Region;
        if (r.ParentCode is null)
        {
            e.ParentId = null;
        }
        else
        {
            var parentKey = ImportLookups.EditionKey(r.EditionNumber, r.ParentCode);
            if (lookups.Delegations.TryGetValue(parentKey, out var parentId) && parentId != 0)
            {
                e.ParentId = parentId;
            }
            else
            {
                e.Parent = lookups.PendingDelegations[parentKey];
            }
        }
        lookups.PendingDelegations[r.Key] = e;
    }

    protected override void Saved(Row row, TradeDelegation entity, ImportLookups lookups) => lookups.Delegations[row.Key] = entity.Id;

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.TradeDelegations.AsNoTracking()
                .OrderBy(d => d.Edition!.Number).ThenBy(d => d.ParentId != null).ThenBy(d => d.Code)
                .Select(d => new { d.Edition!.Number, d.Code, d.Name, d.NameZh, d.Region, ParentCode = d.Parent!.Code })
                .AsAsyncEnumerable(),
            d => [CsvFormat.Number(d.Number), d.Code, d.Name, d.NameZh, d.Region, d.ParentCode], ct);
}
