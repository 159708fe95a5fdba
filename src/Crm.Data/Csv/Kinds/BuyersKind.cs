
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

public sealed class BuyersKind : CsvKind<BuyersKind.Row, Buyer>
{
    public sealed record Row(int EditionId, int CompanyId, string Province, string City, string Sector, List<string> WantedCategories,
        decimal BudgetUsd, int? DelegationId);

    public override string Name => "buyers";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("edition", true), new("company_code", true), new("province", true), new("city", true), new("sector_code", true),
        new("wanted_categories", true), new("budget_usd", true), new("delegation_code"),
    ];

    protected override async Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct)
    {
        await lookups.LoadEditionsAsync(db, ct);
        await lookups.LoadReferenceAsync(db, ct);
        await lookups.LoadCompaniesAsync(db, ct);
        await lookups.LoadDelegationsAsync(db, ct);
    }

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var edition = lookups.Edition(row);
        var companyCode = row.Text("company_code", 32, required: true);
        var company = lookups.Id(row, "company_code", companyCode, companyCode ?? "", lookups.Companies, "company");
        var province = row.RequiredText("province", 32);
        var city = row.RequiredText("city", 32);
        var sector = lookups.Code(row, "sector_code", lookups.Sectors, "sector");
        var wanted = lookups.Codes(row, "wanted_categories", lookups.Categories, "category");
        var budget = row.Decimal("budget_usd", required: true);
        var delegationCode = row.Text("delegation_code", 32);
        var delegation = delegationCode is null || edition is null
            ? null
            : lookups.Id(row, "delegation_code", ImportLookups.EditionKey(lookups.NumberOf(edition.Value), delegationCode), delegationCode, lookups.Delegations, "delegation");
        return row.IsValid
            ? new Row(edition!.Value, company!.Value, province, city, sector!, wanted, budget!.Value, delegation)
            : null;
    }

    protected override string KeyOf(Row row) => Participations.Key(row.EditionId, row.CompanyId);

    protected override Task<Dictionary<string, Buyer>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct) =>
        Participations.FindAsync(db.Buyers, chunk.Select(r => (r.EditionId, r.CompanyId)), ct);

    protected override void Assign(Buyer e, Row r, ImportLookups lookups, bool isNew)
    {
        e.EditionId = r.EditionId;
        e.CompanyId = r.CompanyId;
        e.Province = r.Province;
        e.City = r.City;
        e.SectorCode = r.Sector;
        if (!e.WantedCategories.SequenceEqual(r.WantedCategories))
        {
            e.WantedCategories = r.WantedCategories;
        }
        e.BudgetUsd = r.BudgetUsd;
        e.DelegationId = r.DelegationId;
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.Buyers.AsNoTracking()
                .OrderBy(e => e.Edition!.Number).ThenBy(e => e.Company!.Code)
                .Select(e => new { e.Edition!.Number, e.Company!.Code, e.Province, e.City, e.SectorCode, e.WantedCategories, e.BudgetUsd, DelegationCode = e.Delegation!.Code })
                .AsAsyncEnumerable(),
            e =>
            [
                CsvFormat.Number(e.Number), e.Code, e.Province, e.City, e.SectorCode, CsvFormat.List(e.WantedCategories),
                CsvFormat.Number(e.BudgetUsd), e.DelegationCode,
            ], ct);
}
