
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

public sealed class TeamsKind : CsvKind<TeamsKind.Row, PromotionTeam>
{
    public sealed record Row(string Code, string Name, string NameZh, string District, string? Park, List<string> FocusSectors);

    public override string Name => "teams";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
        [new("code", true), new("name", true), new("name_zh", true), new("district_code", true), new("park"), new("focus_sectors")];

    protected override Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct) => lookups.LoadReferenceAsync(db, ct);

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var code = row.RequiredText("code", 32);
        var name = row.RequiredText("name", 200);
        var nameZh = row.RequiredText("name_zh", 100);
        var district = lookups.Code(row, "district_code", lookups.Districts, "district");
        var park = row.Text("park", 100);
        var sectors = lookups.Codes(row, "focus_sectors", lookups.Sectors, "sector", required: false);
        return row.IsValid ? new Row(code, name, nameZh, district!, park, sectors) : null;
    }

    protected override string KeyOf(Row row) => row.Code;

    protected override async Task<Dictionary<string, PromotionTeam>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var codes = chunk.Select(r => r.Code).ToList();
        return await db.PromotionTeams.Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.OrdinalIgnoreCase, ct);
    }

    protected override void Assign(PromotionTeam e, Row r, ImportLookups lookups, bool isNew)
    {
        e.Code = r.Code;
        e.Name = r.Name;
        e.NameZh = r.NameZh;
        e.DistrictCode = r.District;
        e.Park = r.Park;
        if (!e.FocusSectors.SequenceEqual(r.FocusSectors))
        {
            e.FocusSectors = r.FocusSectors;
        }
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.PromotionTeams.AsNoTracking().OrderBy(e => e.Code).AsAsyncEnumerable(), e =>
            [e.Code, e.Name, e.NameZh, e.DistrictCode, e.Park, CsvFormat.List(e.FocusSectors)], ct);
}
