using Crm.Data.Csv.Kinds;
using Crm.Data.Entities;

namespace Crm.Data.Csv;

/// <summary>Every kind the CRM imports and exports, in the order a full load must follow.</summary>
public static class CsvKinds
{
    public static IReadOnlyList<CsvKind> All { get; } =
    [
        new EditionsKind(),
        new CodedReferenceKind<Country>("countries",
            new("region", 32, c => c.Region, (c, v) => c.Region = v),
            new("language", 8, c => c.Language, (c, v) => c.Language = v)),
        new CodedReferenceKind<Sector>("sectors"),
        new CodedReferenceKind<ExhibitionArea>("areas"),
        new CodedReferenceKind<ProductCategory>("categories",
            new("area_code", 16, c => c.AreaCode, (c, v) => c.AreaCode = v, l => l.Areas, "area"),
            new("sector_code", 16, c => c.SectorCode, (c, v) => c.SectorCode = v, l => l.Sectors, "sector")),
        new CodedReferenceKind<District>("districts"),
        new CompaniesKind(),
        new ContactsKind(),
        new TeamsKind(),
        new DelegationsKind(),
        new UsersKind(),
        new ExhibitorsKind(),
        new BuyersKind(),
        new SigningEventsKind(),
        new MeetingsKind(),
        new DealsKind(),
        new ServiceIssuesKind(),
    ];

    public static CsvKind? Find(string name) =>
        All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase));

    public static string Names => string.Join(", ", All.Select(k => k.Name));
}
