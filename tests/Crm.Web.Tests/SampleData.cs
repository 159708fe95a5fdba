using Crm.Data;
using Crm.Data.Entities;

namespace Crm.Web.Tests;

/// <summary>
/// A handful of rows for the shell's pages: three editions (the 9th current), a few exhibitors, buyers, a delegation,
/// meetings and signed intents in the 8th. Shared with the browser journeys.
/// </summary>
public static class SampleData
{
    /// <summary>Signed intents of the 8th edition: US$1.5 m + US$2.25 m; one more deal is only proposed.</summary>
    public const decimal EighthSignedIntentValueUsd = 3_750_000m;

    public static async Task AddAsync(CrmDbContext db)
    {
        db.Countries.AddRange(
            new Country { Code = "DE", NameEn = "Germany", NameZh = "德国", Region = "Europe", Language = "de" },
            new Country { Code = "FR", NameEn = "France", NameZh = "法国", Region = "Europe", Language = "fr" },
            new Country { Code = "CN", NameEn = "China", NameZh = "中国", Region = "Asia", Language = "zh" });
        db.Sectors.Add(new Sector { Code = "FOOD", NameEn = "Food", NameZh = "食品" });
        db.ExhibitionAreas.Add(new ExhibitionArea { Code = "FA", NameEn = "Food and Agricultural Products", NameZh = "食品及农产品" });

        var seventh = new Edition { Number = 7, Year = 2024, StartsOn = new(2024, 11, 5), EndsOn = new(2024, 11, 10), Status = EditionStatus.Past,
            ReportedIntendedDealValueUsdBn = 80.01m, ReportedExhibitors = 3496, ReportedCountries = 152, ReportedAreaSqm = 360_000 };
        var eighth = new Edition { Number = 8, Year = 2025, StartsOn = new(2025, 11, 5), EndsOn = new(2025, 11, 10), Status = EditionStatus.Past,
            ReportedIntendedDealValueUsdBn = 83.49m, ReportedExhibitors = 4108, ReportedCountries = 155, ReportedAreaSqm = 367_000 };
        var ninth = new Edition { Number = 9, Year = 2026, StartsOn = new(2026, 11, 5), EndsOn = new(2026, 11, 10), Status = EditionStatus.Current };
        db.Editions.AddRange(seventh, eighth, ninth);

        var companies = new[]
        {
            new Company { Code = "C1", Name = "Alpen Milch GmbH", NameZh = "阿尔卑斯乳业", CountryCode = "DE", SectorCode = "FOOD" },
            new Company { Code = "C2", Name = "Maison Fromage SA", NameZh = "法式奶酪", CountryCode = "FR", SectorCode = "FOOD" },
            new Company { Code = "C3", Name = "上海食品集团", NameZh = "上海食品集团", CountryCode = "CN", SectorCode = "FOOD" },
            new Company { Code = "C4", Name = "江苏进口贸易有限公司", NameZh = "江苏进口贸易有限公司", CountryCode = "CN", SectorCode = "FOOD" },
        };
        db.Companies.AddRange(companies);

        var delegation = new TradeDelegation { Edition = eighth, Code = "D08-SH", Name = "Shanghai Trade Delegation", NameZh = "上海交易团", Region = "Shanghai" };
        var subDelegation = new TradeDelegation { Edition = eighth, Code = "D08-SH-01", Name = "Huangpu Sub-delegation", NameZh = "黄浦分团", Region = "Shanghai", Parent = delegation };
        db.TradeDelegations.AddRange(delegation, subDelegation);

        var alpen = Exhibitor(eighth, companies[0]);
        var fromage = Exhibitor(eighth, companies[1]);
        db.Exhibitors.AddRange(alpen, fromage, Exhibitor(seventh, companies[0]));
        var shanghai = Buyer(eighth, companies[2], subDelegation);
        var jiangsu = Buyer(eighth, companies[3], delegation);
        db.Buyers.AddRange(shanghai, jiangsu);

        var day = new DateTime(2025, 11, 6, 9, 0, 0, DateTimeKind.Utc);
        db.Meetings.AddRange(
            Meeting("M08-1", eighth, alpen, shanghai, day, MeetingStatus.Held),
            Meeting("M08-2", eighth, fromage, jiangsu, day, MeetingStatus.Held),
            Meeting("M08-3", eighth, alpen, jiangsu, day.AddHours(1), MeetingStatus.Cancelled));
        db.Deals.AddRange(
            Deal("D08-1", eighth, alpen, shanghai, DealStage.IntentSigned, 1_500_000m, new DateOnly(2025, 11, 7)),
            Deal("D08-2", eighth, fromage, jiangsu, DealStage.ContractSigned, 2_250_000m, new DateOnly(2025, 11, 8)),
            Deal("D08-3", eighth, alpen, jiangsu, DealStage.Proposed, null, null));
        await db.SaveChangesAsync();
    }

    private static Exhibitor Exhibitor(Edition edition, Company company) => new()
    {
        Edition = edition, Company = company, AreaCode = "FA", Hall = "1.1", Booth = company.Code, BoothAreaSqm = 36, Categories = ["FA-DAIRY"],
        MeetingCapacity = 10,
    };

    private static Buyer Buyer(Edition edition, Company company, TradeDelegation delegation) => new()
    {
        Edition = edition, Company = company, Province = "上海", City = "上海", SectorCode = "FOOD", WantedCategories = ["FA-DAIRY"],
        BudgetUsd = 5_000_000m, Delegation = delegation,
    };

    private static Meeting Meeting(string code, Edition edition, Exhibitor exhibitor, Buyer buyer, DateTime startsAt, MeetingStatus status) => new()
    {
        Code = code, Edition = edition, Exhibitor = exhibitor, Buyer = buyer, StartsAt = startsAt, EndsAt = startsAt.AddMinutes(30),
        Place = MeetingPlace.VenueTable, TableCode = code, Status = status,
    };

    private static Deal Deal(string code, Edition edition, Exhibitor exhibitor, Buyer buyer, DealStage stage, decimal? value, DateOnly? signedOn) => new()
    {
        Code = code, Edition = edition, Kind = MatchKind.Procurement, Exhibitor = exhibitor, Buyer = buyer, Stage = stage,
        IntendedValueUsd = value, IntentSignedOn = signedOn, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    };
}
