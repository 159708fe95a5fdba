
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

public sealed class ExhibitorsKind : CsvKind<ExhibitorsKind.Row, Exhibitor>
{
    public sealed record Row(int EditionId, int CompanyId, string Area, string? Hall, string? Booth, decimal BoothAreaSqm,
        List<string> Categories, bool InterestedInInvesting, int MeetingCapacity);

    public override string Name => "exhibitors";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("edition", true), new("company_code", true), new("area_code", true), new("hall"), new("booth"), new("booth_area_sqm", true),
        new("categories", true), new("interested_in_investing"), new("meeting_capacity"),
    ];

    protected override async Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct)
    {
        await lookups.LoadEditionsAsync(db, ct);
        await lookups.LoadReferenceAsync(db, ct);
        await lookups.LoadCompaniesAsync(db, ct);
    }

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var edition = lookups.Edition(row);
        var companyCode = row.Text("company_code", 32, required: true);
        var company = lookups.Id(row, "company_code", companyCode, companyCode ?? "", lookups.Companies, "company");
        var area = lookups.Code(row, "area_code", lookups.Areas, "area");
        var hall = row.Text("hall", 16);
        var booth = row.Text("booth", 32);
        var boothArea = row.Decimal("booth_area_sqm", required: true, max: Exhibitor.MaxBoothAreaSqm);
        var categories = lookups.Codes(row, "categories", lookups.Categories, "category");
        var investing = row.Bool("interested_in_investing") ?? false;
        var capacity = row.Int("meeting_capacity", min: 0, max: Exhibitor.MaxMeetingCapacity) ?? 8;
        return row.IsValid
            ? new Row(edition!.Value, company!.Value, area!, hall, booth, boothArea!.Value, categories, investing, capacity)
            : null;
    }

    protected override string KeyOf(Row row) => Participations.Key(row.EditionId, row.CompanyId);

    protected override Task<Dictionary<string, Exhibitor>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct) =>
        Participations.FindAsync(db.Exhibitors, chunk.Select(r => (r.EditionId, r.CompanyId)), ct);

    protected override void Assign(Exhibitor e, Row r, ImportLookups lookups, bool isNew)
    {
        e.EditionId = r.EditionId;
        e.CompanyId = r.CompanyId;
        e.AreaCode = r.Area;
        e.Hall = r.Hall;
        e.Booth = r.Booth;
        e.BoothAreaSqm = r.BoothAreaSqm;
        if (!e.Categories.SequenceEqual(r.Categories))
        {
            e.Categories = r.Categories;
        }
        e.InterestedInInvesting = r.InterestedInInvesting;
        e.MeetingCapacity = r.MeetingCapacity;
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.Exhibitors.AsNoTracking()
                .OrderBy(e => e.Edition!.Number).ThenBy(e => e.Company!.Code)
                .Select(e => new { e.Edition!.Number, e.Company!.Code, e.AreaCode, e.Hall, e.Booth, e.BoothAreaSqm, e.Categories, e.InterestedInInvesting, e.MeetingCapacity })
                .AsAsyncEnumerable(),
            e =>
            [
                CsvFormat.Number(e.Number), e.Code, e.AreaCode, e.Hall, e.Booth, CsvFormat.Number(e.BoothAreaSqm), CsvFormat.List(e.Categories),
                CsvFormat.Bool(e.InterestedInInvesting), CsvFormat.Number(e.MeetingCapacity),
            ], ct);
}
