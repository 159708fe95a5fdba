namespace Crm.Seed;

/// <summary>How much the generator writes: <see cref="Full"/> for the app's first run, <see cref="Small"/> for tests.</summary>
public enum SeedSize
{
    Small,
    Full,
}

/// <summary>One edition of the expo as the seed knows it (from <c>reference/editions.csv</c>).</summary>
public sealed record SeedEdition(
    int Number, int Year, DateOnly StartsOn, DateOnly EndsOn, string Status,
    decimal? ReportedIntendedDealValueUsdBn, int? ReportedExhibitors, int? ReportedCountries, int? ReportedAreaSqm)
{
    public bool IsPast => Status == "Past";
}

public sealed record SeedCountry(string Code, string NameEn, string NameZh, string Region, string Language);

public sealed record SeedCategory(string Code, string AreaCode, string SectorCode, string NameEn, string NameZh, int Index);

public sealed record SeedTeam(string Code, string Name, string NameZh, string DistrictCode, string? Park, IReadOnlyList<string> FocusSectors);

/// <summary>A legal entity with a stable code across editions.</summary>
public sealed class SeedCompany
{
    public required int Index { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string NameZh { get; init; }
    public required SeedCountry Country { get; init; }
    public required string SectorCode { get; init; }
    public bool IsFortune500 { get; init; }
    public string? Website { get; init; }
}

/// <summary>A company's participation in one edition as an exhibitor.</summary>
public sealed class SeedExhibitor
{
    public required int Edition { get; init; }
    public required SeedCompany Company { get; init; }
    public required string AreaCode { get; init; }
    public required string Hall { get; init; }
    public required string Booth { get; init; }
    public required decimal BoothAreaSqm { get; init; }
    public required IReadOnlyList<string> Categories { get; init; }
    /// <summary>Bit i set when the exhibitor shows the category of index i.</summary>
    public required ulong CategoryMask { get; init; }
    public bool InterestedInInvesting { get; init; }
    public int MeetingCapacity { get; init; }
    /// <summary>True when the company exhibited at an earlier edition.</summary>
    public bool Returning { get; init; }
}

/// <summary>A trade delegation (交易团) or sub-delegation (交易分团) of one edition.</summary>
public sealed class SeedDelegation
{
    public required int Edition { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string NameZh { get; init; }
    public required string Region { get; init; }
    public SeedDelegation? Parent { get; init; }
    /// <summary>The province (or central group) entry the delegation stands for, the same in every edition.</summary>
    public required ChinaGeography.DelegationSource Source { get; init; }
    /// <summary>For a city sub-delegation, the city its buyers come from.</summary>
    public string? City { get; init; }
    public string? SectorCode { get; init; }
}

/// <summary>A company's participation in one edition as a buyer.</summary>
public sealed class SeedBuyer
{
    public required int Edition { get; init; }
    public required SeedCompany Company { get; init; }
    public required string Province { get; init; }
    public required string City { get; init; }
    public required string SectorCode { get; init; }
    public required IReadOnlyList<string> WantedCategories { get; init; }
    public required ulong WantedMask { get; init; }
    public required decimal BudgetUsd { get; init; }
    public required SeedDelegation Delegation { get; init; }
    public SeedDelegation TopDelegation => Delegation.Parent ?? Delegation;
}

public sealed class SeedMeeting
{
    public string Code { get; set; } = "";
    public required int Edition { get; init; }
    public required SeedExhibitor Exhibitor { get; init; }
    public SeedBuyer? Buyer { get; init; }
    public SeedTeam? Team { get; init; }
    public required DateTime StartsAt { get; init; }
    public DateTime EndsAt => StartsAt.AddMinutes(30);
    public required string Place { get; init; }
    public string? TableCode { get; init; }
    public required string Status { get; init; }
    /// <summary>The ground-truth utility of the pair (for the outcome draw; not written).</summary>
    internal double Utility { get; init; }
}

public sealed class SeedDeal
{
    public string Code { get; set; } = "";
    public required int Edition { get; init; }
    public required string Kind { get; init; }
    public required SeedExhibitor Exhibitor { get; init; }
    public SeedBuyer? Buyer { get; init; }
    public SeedTeam? Team { get; init; }
    public required SeedMeeting Meeting { get; init; }
    public string Stage { get; set; } = "Met";
    public string? LostReason { get; set; }
    public DateOnly? MetOn { get; set; }
    public decimal? IntendedValueUsd { get; set; }
    public DateOnly? IntentSignedOn { get; set; }
    public decimal? ContractValueUsd { get; set; }
    public DateOnly? ContractSignedOn { get; set; }
    public DateOnly? LandedOn { get; set; }
    public decimal? RegisteredCapitalUsd { get; set; }
    public decimal? CapexUsd { get; set; }
    public int? Jobs { get; set; }
    public DateOnly? StartOfWorksOn { get; set; }
    public SeedSigningEvent? SigningEvent { get; set; }
    /// <summary>Who signed the intent on the other side: the buyer's company, or the team's park (its management committee).</summary>
    public string? Counterpart { get; set; }
    /// <summary>The landed project's registered entity, and the district it landed in (its team's).</summary>
    public string? RegisteredEntity { get; set; }
    public string? DistrictCode { get; set; }
    /// <summary>Raw (unscaled) intended value before the edition total is matched.</summary>
    internal double RawIntended { get; set; }

    /// <summary>Graded relevance as the ranking model sees it: 0 nothing, 1 met, 2 intent signed, 3 contract (or beyond).</summary>
    public int Grade => ContractSignedOn is not null ? 3 : IntentSignedOn is not null ? 2 : 1;
}

public sealed record SeedSigningEvent(string Code, int Edition, string Name, string NameZh, DateOnly HeldOn, string Venue);

public sealed record SeedUser(
    string UserName, string DisplayName, string Email, IReadOnlyList<string> Roles, string Culture,
    IReadOnlyList<string> Teams, IReadOnlyList<string> LeadTeams, IReadOnlyList<string> Delegations);

/// <summary>An issue an exhibitor or a buyer raised with the service staff (问题清单).</summary>
public sealed class SeedServiceIssue
{
    public string Code { get; set; } = "";
    public required int Edition { get; init; }
    public required SeedCompany Company { get; init; }
    /// <summary>"Exhibitor" or "Buyer": the side of the edition the company raised it from.</summary>
    public required string RaisedAs { get; init; }
    public required string Category { get; init; }
    public required string Severity { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    /// <summary>The user name of who works on it; none while it waits to be assigned.</summary>
    public string? Owner { get; init; }
    public required string Status { get; init; }
    public string? Resolution { get; init; }
    public required DateTime RaisedAt { get; init; }
    public DateTime? ResolvedAt { get; init; }
}

/// <summary>A person at a company (联系人).</summary>
public sealed record SeedContact(string Code, SeedCompany Company, string Name, string? NameZh, string JobTitle, string? Email, string? Phone, bool IsPrimary);

/// <summary>Everything the generator made, in memory; <see cref="SeedGenerator.Write(string, SeedSize, int)"/> writes it as CSV.</summary>
public sealed class SeedData
{
    public required SeedSize Size { get; init; }
    public required int RandomSeed { get; init; }
    public required IReadOnlyList<SeedEdition> Editions { get; init; }
    public required IReadOnlyList<SeedCountry> Countries { get; init; }
    public required IReadOnlyList<SeedCategory> Categories { get; init; }
    public required IReadOnlyList<SeedTeam> Teams { get; init; }
    public List<SeedCompany> Companies { get; } = [];
    public List<SeedExhibitor> Exhibitors { get; } = [];
    public List<SeedDelegation> Delegations { get; } = [];
    public List<SeedBuyer> Buyers { get; } = [];
    public List<SeedSigningEvent> SigningEvents { get; } = [];
    public List<SeedMeeting> Meetings { get; } = [];
    public List<SeedDeal> Deals { get; } = [];
    public List<SeedUser> Users { get; } = [];
    public List<SeedServiceIssue> ServiceIssues { get; } = [];
    public List<SeedContact> Contacts { get; } = [];

    /// <summary>What happened between companies in earlier editions; the history terms of the ground truth read it.</summary>
    public History History { get; } = new();
}

/// <summary>
/// First edition at which something happened, so that "before edition n" questions have one answer
/// whatever order they are asked in.
/// </summary>
public sealed class History
{
    private readonly Dictionary<long, int> _pairMet = [];
    private readonly Dictionary<long, int> _pairSigned = [];
    private readonly Dictionary<long, int> _buyerSignedCountry = [];
    private readonly Dictionary<string, int> _delegationSignedCompany = [];
    private readonly Dictionary<string, int> _teamMetCompany = [];

    private static long Pair(int a, int b) => ((long)a << 32) | (uint)b;

    private static void Mark<TKey>(Dictionary<TKey, int> map, TKey key, int edition) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var first) || edition < first)
        {
            map[key] = edition;
        }
    }

    private static bool Before<TKey>(Dictionary<TKey, int> map, TKey key, int edition) where TKey : notnull =>
        map.TryGetValue(key, out var first) && first < edition;

    internal void Met(SeedBuyer b, SeedExhibitor e) => Mark(_pairMet, Pair(b.Company.Index, e.Company.Index), b.Edition);

    internal void Signed(SeedBuyer b, SeedExhibitor e)
    {
        Mark(_pairSigned, Pair(b.Company.Index, e.Company.Index), b.Edition);
        Mark(_buyerSignedCountry, Pair(b.Company.Index, 0) ^ CountryKey(e.Company.Country.Code), b.Edition);
        Mark(_delegationSignedCompany, b.TopDelegation.Source.Key + "/" + e.Company.Code, b.Edition);
    }

    internal void TeamMet(SeedTeam t, SeedExhibitor e) => Mark(_teamMetCompany, t.Code + "/" + e.Company.Code, e.Edition);

    private static long CountryKey(string code) => ((long)code[0] << 8) | code[1];

    public bool PairMetBefore(SeedBuyer b, SeedExhibitor e) => Before(_pairMet, Pair(b.Company.Index, e.Company.Index), b.Edition);

    public bool PairSignedBefore(SeedBuyer b, SeedExhibitor e) => Before(_pairSigned, Pair(b.Company.Index, e.Company.Index), b.Edition);

    public bool BuyerSignedWithCountryBefore(SeedBuyer b, SeedExhibitor e) =>
        Before(_buyerSignedCountry, Pair(b.Company.Index, 0) ^ CountryKey(e.Company.Country.Code), b.Edition);

    public bool DelegationSignedWithCompanyBefore(SeedBuyer b, SeedExhibitor e) =>
        Before(_delegationSignedCompany, b.TopDelegation.Source.Key + "/" + e.Company.Code, b.Edition);

    public bool TeamMetCompanyBefore(SeedTeam t, SeedExhibitor e) => Before(_teamMetCompany, t.Code + "/" + e.Company.Code, e.Edition);
}
