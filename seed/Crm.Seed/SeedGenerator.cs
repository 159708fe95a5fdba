using System.Globalization;

namespace Crm.Seed;

/// <summary>
/// Writes the seed: the embedded reference files and the generated ones, one CSV per kind in the format of
/// docs/data-format.md. Deterministic: the same size and seed give byte-identical files (see docs/seed.md).
/// </summary>
public static class SeedGenerator
{
    /// <summary>The seed used unless told otherwise (the opening day of the 1st CIIE).</summary>
    public const int DefaultSeed = 20181105;

    /// <summary>Every kind the seed writes, in import order (the order of docs/data-format.md).</summary>
    public static IReadOnlyList<string> Kinds { get; } =
    [
        "editions", "countries", "sectors", "areas", "categories", "districts", "companies", "contacts", "teams", "delegations", "users",
        "exhibitors", "buyers", "signing-events", "meetings", "deals", "service-issues",
    ];

    /// <summary>The header of each kind's file, exactly as docs/data-format.md names the columns.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Columns { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["editions"] = ["number", "year", "starts_on", "ends_on", "status", "reported_intended_deal_value_usd_bn", "reported_exhibitors", "reported_countries", "reported_area_sqm"],
        ["countries"] = ["code", "name_en", "name_zh", "region", "language"],
        ["sectors"] = ["code", "name_en", "name_zh"],
        ["areas"] = ["code", "name_en", "name_zh"],
        ["categories"] = ["code", "area_code", "sector_code", "name_en", "name_zh"],
        ["districts"] = ["code", "name_en", "name_zh"],
        ["companies"] = ["code", "name", "name_zh", "country_code", "sector_code", "fortune500", "website"],
        ["contacts"] = ["code", "company", "name", "name_zh", "job_title", "email", "phone", "primary", "notes"],
        ["teams"] = ["code", "name", "name_zh", "district_code", "park", "focus_sectors"],
        ["delegations"] = ["edition", "code", "name", "name_zh", "region", "parent_code"],
        ["users"] = ["user_name", "display_name", "email", "roles", "culture", "teams", "lead_teams", "delegations"],
        ["exhibitors"] = ["edition", "company_code", "area_code", "hall", "booth", "booth_area_sqm", "categories", "interested_in_investing", "meeting_capacity"],
        ["buyers"] = ["edition", "company_code", "province", "city", "sector_code", "wanted_categories", "budget_usd", "delegation_code"],
        ["signing-events"] = ["code", "edition", "name", "name_zh", "held_on", "venue", "recorded_on"],
        ["meetings"] = ["code", "edition", "exhibitor", "buyer", "team", "starts_at", "ends_at", "place", "table_code", "status"],
        ["deals"] = ["code", "edition", "kind", "exhibitor", "buyer", "team", "stage", "lost_reason", "met_on", "intended_value_usd", "intent_signed_on",
            "contract_value_usd", "contract_signed_on", "landed_on", "registered_capital_usd", "capex_usd", "jobs", "start_of_works_on", "signing_event",
            "counterpart", "registered_entity", "district"],
        ["service-issues"] = ["code", "edition", "company", "raised_as", "category", "severity", "title", "description", "owner", "status", "resolution",
            "raised_at", "resolved_at"],
    };

    /// <summary>
    /// Generates the seed of <paramref name="size"/> from <paramref name="randomSeed"/> and writes one file per kind,
    /// <c>&lt;kind&gt;.csv</c>, into <paramref name="outputDirectory"/> (created if missing).
    /// </summary>
    /// <returns>The file names written (e.g. "editions.csv"), in import order.</returns>
    public static IReadOnlyList<string> Write(string outputDirectory, SeedSize size, int randomSeed = DefaultSeed) =>
        Write(outputDirectory, Build(size, randomSeed));

    /// <summary>Generates the seed in memory (what <see cref="Write(string, SeedSize, int)"/> writes).</summary>
    /// <summary>The last day the seed records anything on: no date of a past edition goes beyond it.</summary>
    public static DateOnly AsOf => SeedBuilder.AsOf;

    public static SeedData Build(SeedSize size, int randomSeed = DefaultSeed) => new SeedBuilder(size, randomSeed).Run();

    /// <summary>Writes an already generated seed; returns the file names in import order.</summary>
    public static IReadOnlyList<string> Write(string outputDirectory, SeedData data)
    {
        Directory.CreateDirectory(outputDirectory);
        var files = new List<string>();
        foreach (var kind in Kinds)
        {
            var file = kind + ".csv";
            var path = Path.Combine(outputDirectory, file);
            if (ReferenceFiles.Kinds.Contains(kind))
            {
                File.WriteAllBytes(path, ReferenceFiles.Read(kind));
            }
            else
            {
                using var csv = new CsvOut(path, [.. Columns[kind]]);
                WriteKind(kind, data, csv);
            }
            files.Add(file);
        }
        return files;
    }

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? N(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? N(decimal? value) => value?.ToString("0.##", CultureInfo.InvariantCulture);

    private static string? D(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string T(DateTime value) => value.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private static string B(bool value) => value ? "true" : "false";

    private static string L(IEnumerable<string> codes) => string.Join(';', codes);

    private static void WriteKind(string kind, SeedData data, CsvOut csv)
    {
        switch (kind)
        {
            case "companies":
                foreach (var c in data.Companies)
                {
                    csv.Row(c.Code, c.Name, c.NameZh, c.Country.Code, c.SectorCode, B(c.IsFortune500), c.Website);
                }
                break;
            case "delegations":
                foreach (var d in data.Delegations)
                {
                    csv.Row(N(d.Edition), d.Code, d.Name, d.NameZh, d.Region, d.Parent?.Code);
                }
                break;
            case "users":
                foreach (var u in data.Users)
                {
                    csv.Row(u.UserName, u.DisplayName, u.Email, L(u.Roles), u.Culture, L(u.Teams), L(u.LeadTeams), L(u.Delegations));
                }
                break;
            case "exhibitors":
                foreach (var e in data.Exhibitors)
                {
                    csv.Row(N(e.Edition), e.Company.Code, e.AreaCode, e.Hall, e.Booth, N(e.BoothAreaSqm), L(e.Categories), B(e.InterestedInInvesting), N(e.MeetingCapacity));
                }
                break;
            case "buyers":
                foreach (var b in data.Buyers)
                {
                    csv.Row(N(b.Edition), b.Company.Code, b.Province, b.City, b.SectorCode, L(b.WantedCategories), N(b.BudgetUsd), b.Delegation.Code);
                }
                break;
            case "signing-events":
                var past = data.Editions.Where(e => e.IsPast).Select(e => e.Number).ToHashSet();
                foreach (var s in data.SigningEvents)
                {
                    // A past edition's signings took place: recorded on the day.
                    csv.Row(s.Code, N(s.Edition), s.Name, s.NameZh, D(s.HeldOn), s.Venue, past.Contains(s.Edition) ? D(s.HeldOn) : null);
                }
                break;
            case "meetings":
                foreach (var m in data.Meetings)
                {
                    csv.Row(m.Code, N(m.Edition), m.Exhibitor.Company.Code, m.Buyer?.Company.Code, m.Team?.Code, T(m.StartsAt), T(m.EndsAt), m.Place, m.TableCode, m.Status);
                }
                break;
            case "deals":
                foreach (var d in data.Deals)
                {
                    csv.Row(d.Code, N(d.Edition), d.Kind, d.Exhibitor.Company.Code, d.Buyer?.Company.Code, d.Team?.Code, d.Stage, d.LostReason, D(d.MetOn),
                        N(d.IntendedValueUsd), D(d.IntentSignedOn), N(d.ContractValueUsd), D(d.ContractSignedOn), D(d.LandedOn), N(d.RegisteredCapitalUsd),
                        N(d.CapexUsd), N(d.Jobs), D(d.StartOfWorksOn), d.SigningEvent?.Code, d.Counterpart, d.RegisteredEntity, d.DistrictCode);
                }
                break;
            case "contacts":
                foreach (var c in data.Contacts)
                {
                    csv.Row(c.Code, c.Company.Code, c.Name, c.NameZh, c.JobTitle, c.Email, c.Phone, B(c.IsPrimary), null);
                }
                break;
            case "service-issues":
                foreach (var i in data.ServiceIssues)
                {
                    csv.Row(i.Code, N(i.Edition), i.Company.Code, i.RaisedAs, i.Category, i.Severity, i.Title, i.Description, i.Owner, i.Status,
                        i.Resolution, T(i.RaisedAt), i.ResolvedAt is { } resolved ? T(resolved) : null);
                }
                break;
            default:
                throw new InvalidOperationException($"No writer for {kind}.");
        }
    }
}
