using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv;

/// <summary>
/// The codes an import resolves, loaded once per import (untracked, keys and ids only).
/// Codes compare case-insensitively, like the rest of the format.
/// </summary>
public sealed class ImportLookups
{
    private static readonly StringComparer _codes = StringComparer.OrdinalIgnoreCase;

    public Dictionary<int, int> Editions { get; private set; } = [];
    /// <summary>Edition id → the edition's year (for the yuan rate of its deals).</summary>
    public Dictionary<int, int> EditionYears { get; private set; } = [];
    /// <summary>Year → yuan per US dollar (table ExchangeRates).</summary>
    public Dictionary<int, decimal> CnyPerUsd { get; private set; } = [];
    public HashSet<string> Countries { get; private set; } = new(_codes);
    public HashSet<string> Sectors { get; private set; } = new(_codes);
    public HashSet<string> Areas { get; private set; } = new(_codes);
    public HashSet<string> Categories { get; private set; } = new(_codes);
    public HashSet<string> Districts { get; private set; } = new(_codes);
    public Dictionary<string, int> Companies { get; private set; } = new(_codes);
    public Dictionary<string, int> Teams { get; private set; } = new(_codes);
    public Dictionary<string, int> SigningEvents { get; private set; } = new(_codes);
    /// <summary>Key "edition/code".</summary>
    public Dictionary<string, int> Delegations { get; private set; } = new(_codes);
    /// <summary>Key "edition/company code".</summary>
    public Dictionary<string, int> Exhibitors { get; private set; } = new(_codes);
    /// <summary>Key "edition/company code".</summary>
    public Dictionary<string, int> Buyers { get; private set; } = new(_codes);
    /// <summary>Delegations of this import not saved yet, so that children can point at their parent.</summary>
    internal Dictionary<string, Entities.TradeDelegation> PendingDelegations { get; } = new(_codes);
    /// <summary>Meeting slots held, by slot ("e/exhibitor/ticks", "b/buyer/ticks", "t/edition/table/ticks") → meeting code.</summary>
    internal Dictionary<string, string> HeldSlots { get; } = new(_codes);
    /// <summary>Company id → the line of this import that makes one of its contacts the primary contact.</summary>
    internal Dictionary<int, int> PrimaryContactLines { get; } = [];
    public Dictionary<string, string> Roles { get; private set; } = new(_codes);
    /// <summary>User name → the user's id, and whether one of the user's roles may change records (<see cref="Entities.Roles.Writing"/>).</summary>
    public Dictionary<string, (string Id, bool Writes)> Users { get; private set; } = new(_codes);

    /// <summary>The number of an edition from its id (for codes keyed by edition number).</summary>
    public int NumberOf(int editionId) => Editions.First(e => e.Value == editionId).Key;

    public static string EditionKey(int edition, string code) => $"{edition}/{code}";

    public async Task LoadEditionsAsync(CrmDbContext db, CancellationToken ct) =>
        Editions = await db.Editions.AsNoTracking().ToDictionaryAsync(e => e.Number, e => e.Id, ct);

    public async Task LoadEditionYearsAsync(CrmDbContext db, CancellationToken ct) =>
        EditionYears = await db.Editions.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Year, ct);

    public async Task LoadExchangeRatesAsync(CrmDbContext db, CancellationToken ct) =>
        CnyPerUsd = await db.ExchangeRates.AsNoTracking().ToDictionaryAsync(r => r.Year, r => r.CnyPerUsd, ct);

    public async Task LoadDistrictsAsync(CrmDbContext db, CancellationToken ct) =>
        Districts = new HashSet<string>(await db.Districts.Select(c => c.Code).ToListAsync(ct), _codes);

    public async Task LoadReferenceAsync(CrmDbContext db, CancellationToken ct)
    {
        Countries = new HashSet<string>(await db.Countries.Select(c => c.Code).ToListAsync(ct), _codes);
        Sectors = new HashSet<string>(await db.Sectors.Select(c => c.Code).ToListAsync(ct), _codes);
        Areas = new HashSet<string>(await db.ExhibitionAreas.Select(c => c.Code).ToListAsync(ct), _codes);
        Categories = new HashSet<string>(await db.ProductCategories.Select(c => c.Code).ToListAsync(ct), _codes);
        Districts = new HashSet<string>(await db.Districts.Select(c => c.Code).ToListAsync(ct), _codes);
    }

    public async Task LoadCompaniesAsync(CrmDbContext db, CancellationToken ct) =>
        Companies = new Dictionary<string, int>(await db.Companies.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, ct), _codes);

    public async Task LoadTeamsAsync(CrmDbContext db, CancellationToken ct) =>
        Teams = new Dictionary<string, int>(await db.PromotionTeams.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, ct), _codes);

    public async Task LoadSigningEventsAsync(CrmDbContext db, CancellationToken ct) =>
        SigningEvents = new Dictionary<string, int>(await db.SigningEvents.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Id, ct), _codes);

    public async Task LoadDelegationsAsync(CrmDbContext db, CancellationToken ct) =>
        Delegations = new Dictionary<string, int>(
            (await db.TradeDelegations.AsNoTracking().Select(d => new { d.Edition!.Number, d.Code, d.Id }).ToListAsync(ct))
                .ToDictionary(d => EditionKey(d.Number, d.Code), d => d.Id), _codes);

    public async Task LoadExhibitorsAsync(CrmDbContext db, CancellationToken ct) =>
        Exhibitors = new Dictionary<string, int>(
            (await db.Exhibitors.AsNoTracking().Select(d => new { d.Edition!.Number, d.Company!.Code, d.Id }).ToListAsync(ct))
                .ToDictionary(d => EditionKey(d.Number, d.Code), d => d.Id), _codes);

    public async Task LoadBuyersAsync(CrmDbContext db, CancellationToken ct) =>
        Buyers = new Dictionary<string, int>(
            (await db.Buyers.AsNoTracking().Select(d => new { d.Edition!.Number, d.Company!.Code, d.Id }).ToListAsync(ct))
                .ToDictionary(d => EditionKey(d.Number, d.Code), d => d.Id), _codes);

    public async Task LoadRolesAsync(CrmDbContext db, CancellationToken ct) =>
        Roles = new Dictionary<string, string>(await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Name!, r => r.Id, ct), _codes);

    public async Task LoadUsersAsync(CrmDbContext db, CancellationToken ct)
    {
        var writers = (await db.UserRoles.AsNoTracking()
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .Where(x => Entities.Roles.Writing.Contains(x.Name!)).Select(x => x.UserId).Distinct().ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        Users = new Dictionary<string, (string, bool)>(
            (await db.Users.AsNoTracking().Select(u => new { u.UserName, u.Id }).ToListAsync(ct))
                .ToDictionary(u => u.UserName!, u => (u.Id, writers.Contains(u.Id))), _codes);
    }

    /// <summary>The id of an edition by its number, or an error on the row.</summary>
    public int? Edition(CsvRow row, string column = "edition")
    {
        var number = row.Int(column, required: true);
        if (number is null)
        {
            return null;
        }
        if (Editions.TryGetValue(number.Value, out var id))
        {
            return id;
        }
        row.Error(column, ImportText.Get("UnknownEdition", number));
        return null;
    }

    /// <summary>
    /// A company taking part in the row's edition (an exhibitor or a buyer), named by its company code: the code as
    /// written and the participation's id (null, with an error on the row, when it does not take part).
    /// </summary>
    public (string? Code, int? Id) Participant(CsvRow row, string column, int? editionId, Dictionary<string, int> participations,
        string referenceKind, bool required = false)
    {
        var code = row.Text(column, 32, required);
        if (code is null || editionId is null)
        {
            return (code, null);
        }
        return (code, Id(row, column, EditionKey(NumberOf(editionId.Value), code), code, participations, referenceKind));
    }

    /// <summary>Checks a code against a set; reports it as unknown on the row.</summary>
    public string? Code(CsvRow row, string column, HashSet<string> known, string referenceKind, bool required = true)
    {
        var code = row.Text(column, 16, required);
        if (code is null)
        {
            return null;
        }
        if (known.TryGetValue(code, out var canonical))
        {
            return canonical;
        }
        row.Error(column, ImportText.Get("UnknownReference", ImportText.Get("Ref." + referenceKind), code));
        return null;
    }

    /// <summary>Checks every code of a list against a set.</summary>
    public List<string> Codes(CsvRow row, string column, HashSet<string> known, string referenceKind, bool required = true)
    {
        var result = new List<string>();
        foreach (var code in row.List(column, required))
        {
            if (known.TryGetValue(code, out var canonical))
            {
                result.Add(canonical);
            }
            else
            {
                row.Error(column, ImportText.Get("UnknownReference", ImportText.Get("Ref." + referenceKind), code));
            }
        }
        return result;
    }

    /// <summary>Resolves a code to an id through a map; reports it as unknown on the row.</summary>
    public int? Id(CsvRow row, string column, string? key, string shownCode, Dictionary<string, int> map, string referenceKind)
    {
        if (key is null)
        {
            return null;
        }
        if (map.TryGetValue(key, out var id))
        {
            return id;
        }
        row.Error(column, ImportText.Get("UnknownReference", ImportText.Get("Ref." + referenceKind), shownCode));
        return null;
    }
}
