
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

public sealed class CompaniesKind : CsvKind<CompaniesKind.Row, Company>
{
    public sealed record Row(string Code, string Name, string NameZh, string Country, string Sector, bool Fortune500, string? Website);

    public override string Name => "companies";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("code", true), new("name", true), new("name_zh", true), new("country_code", true), new("sector_code", true),
        new("fortune500"), new("website"),
    ];

    protected override Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct) => lookups.LoadReferenceAsync(db, ct);

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var code = row.RequiredText("code", 32);
        var name = row.RequiredText("name", 200);
        var nameZh = row.RequiredText("name_zh", 200);
        var country = lookups.Code(row, "country_code", lookups.Countries, "country");
        var sector = lookups.Code(row, "sector_code", lookups.Sectors, "sector");
        var fortune500 = row.Bool("fortune500") ?? false;
        var website = row.Text("website", 200);
        return row.IsValid ? new Row(code, name, nameZh, country!, sector!, fortune500, website) : null;
    }

    protected override string KeyOf(Row row) => row.Code;

    protected override async Task<Dictionary<string, Company>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var codes = chunk.Select(r => r.Code).ToList();
        return await db.Companies.Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.OrdinalIgnoreCase, ct);
    }

    protected override void Assign(Company e, Row r, ImportLookups lookups, bool isNew)
    {
        if (isNew)
        {
            e.Code = r.Code;
            e.CreatedAt = DateTime.UtcNow;
        }
        e.Name = r.Name;
        e.NameZh = r.NameZh;
        e.CountryCode = r.Country;
        e.SectorCode = r.Sector;
        e.IsFortune500 = r.Fortune500;
        e.Website = r.Website;
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.Companies.AsNoTracking().OrderBy(e => e.Code).AsAsyncEnumerable(), e =>
            [e.Code, e.Name, e.NameZh, e.CountryCode, e.SectorCode, CsvFormat.Bool(e.IsFortune500), e.Website], ct);
}
