
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

public sealed class EditionsKind : CsvKind<EditionsKind.Row, Edition>
{
    public sealed record Row(int Number, int Year, DateOnly StartsOn, DateOnly EndsOn, EditionStatus Status,
        decimal? DealValueBn, int? Exhibitors, int? Countries, int? AreaSqm);

    public override string Name => "editions";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("number", true), new("year", true), new("starts_on", true), new("ends_on", true), new("status", true),
        new("reported_intended_deal_value_usd_bn"), new("reported_exhibitors"), new("reported_countries"), new("reported_area_sqm"),
    ];

    protected override Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct) => Task.CompletedTask;

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        // Codes carry the edition in two digits (D09-…), and its dates lie in the years a file may name.
        var number = row.Int("number", true, min: 1, max: 99);
        var year = row.Int("year", true, min: CsvRow.Earliest.Year, max: CsvRow.Latest.Year);
        var starts = row.Date("starts_on", true);
        var ends = row.Date("ends_on", true);
        var status = row.Enum<EditionStatus>("status", true);
        var value = row.Decimal("reported_intended_deal_value_usd_bn", max: Edition.MaxReportedValueUsdBn);
        var exhibitors = row.Int("reported_exhibitors", min: 0);
        var countries = row.Int("reported_countries", min: 0);
        var area = row.Int("reported_area_sqm", min: 0);
        if (starts > ends)
        {
            row.Error("ends_on", ImportText.Get("DatesOutOfOrder", "ends_on", "starts_on"));
        }
        return row.IsValid ? new Row(number!.Value, year!.Value, starts!.Value, ends!.Value, status!.Value, value, exhibitors, countries, area) : null;
    }

    protected override string KeyOf(Row row) => row.Number.ToString();

    protected override async Task<Dictionary<string, Edition>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var numbers = chunk.Select(r => r.Number).ToList();
        return await db.Editions.Where(e => numbers.Contains(e.Number)).ToDictionaryAsync(e => e.Number.ToString(), ct);
    }

    protected override void Assign(Edition e, Row r, ImportLookups lookups, bool isNew)
    {
        e.Number = r.Number;
        e.Year = r.Year;
        e.StartsOn = r.StartsOn;
        e.EndsOn = r.EndsOn;
        e.Status = r.Status;
        e.ReportedIntendedDealValueUsdBn = r.DealValueBn;
        e.ReportedExhibitors = r.Exhibitors;
        e.ReportedCountries = r.Countries;
        e.ReportedAreaSqm = r.AreaSqm;
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.Editions.AsNoTracking().OrderBy(e => e.Number).AsAsyncEnumerable(), e =>
        [
            CsvFormat.Number(e.Number), CsvFormat.Number(e.Year), CsvFormat.Date(e.StartsOn), CsvFormat.Date(e.EndsOn), e.Status.ToString(),
            CsvFormat.Number(e.ReportedIntendedDealValueUsdBn), CsvFormat.Number(e.ReportedExhibitors), CsvFormat.Number(e.ReportedCountries),
            CsvFormat.Number(e.ReportedAreaSqm),
        ], ct);
}
