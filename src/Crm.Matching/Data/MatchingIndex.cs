namespace Crm.Matching.Data;

/// <summary>An exhibitor as the engine computes with it: codes resolved to small integers, categories as a bit set.</summary>
internal readonly record struct ExhibitorRow(
    int Id,
    int Edition,
    int CompanyId,
    int CountryIndex,
    int RegionIndex,
    bool SpeaksChinese,
    int SectorIndex,
    bool IsFortune500,
    int AreaIndex,
    double BoothAreaSqm,
    UInt128 Categories,
    bool InterestedInInvesting,
    int MeetingCapacity);

/// <summary>A buyer as the engine computes with it.</summary>
internal readonly record struct BuyerRow(
    int Id,
    int Edition,
    int CompanyId,
    int SectorIndex,
    UInt128 Wanted,
    double BudgetUsd,
    int DelegationIndex);

/// <summary>A promotion team as the engine computes with it: focus sectors by index, first focus first.</summary>
internal readonly record struct TeamRow(int Id, string Code, int[] FocusSectors);

/// <summary>
/// The input data resolved once into arrays and lookups, shared (read-only) by candidate generation, features,
/// training, evaluation and scoring. Building it validates the input and says clearly what is wrong.
/// </summary>
internal sealed class MatchingIndex
{
    /// <summary>Category sets are 128-bit masks: more categories than this are refused.</summary>
    public const int MaxCategories = 128;

    private readonly Dictionary<int, int> _exhibitorById;
    private readonly Dictionary<int, int> _buyerById;
    private readonly Dictionary<int, int> _teamById;
    private readonly Dictionary<int, int[]> _exhibitorsByEdition;
    private readonly Dictionary<int, int[]> _buyersByEdition;

    public MatchingIndex(MatchingData data)
    {
        if (data.Categories.Count > MaxCategories)
        {
            throw new MatchingDataException($"The engine handles at most {MaxCategories} product categories; the data has {data.Categories.Count}.");
        }
        CategoryCodes = data.Categories.Select(c => c.Code).ToArray();
        var categoryIndex = Index(CategoryCodes, "category");
        Areas = data.Categories.Select(c => c.AreaCode).Distinct().Order(StringComparer.Ordinal).ToArray();
        var areaIndex = Index(Areas, "area");
        AreaMasks = new UInt128[Areas.Length];
        foreach (var c in data.Categories)
        {
            AreaMasks[areaIndex[c.AreaCode]] |= UInt128.One << categoryIndex[c.Code];
        }
        Regions = data.Countries.Select(c => c.Region).Distinct().Order(StringComparer.Ordinal).ToArray();
        var regionIndex = Index(Regions, "region");
        var countries = data.Countries.Select((c, i) => (c, i)).ToDictionary(x => x.c.Code, x => x.i, StringComparer.Ordinal);
        Sectors = data.Categories.Select(c => c.SectorCode)
            .Concat(data.Exhibitors.Select(e => e.SectorCode))
            .Concat(data.Buyers.Select(b => b.SectorCode))
            .Concat(data.Teams.SelectMany(t => t.FocusSectors))
            .Distinct().Order(StringComparer.Ordinal).ToArray();
        var sectorIndex = Index(Sectors, "sector");
        Delegations = data.Buyers.Select(b => b.DelegationKey).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToArray();
        var delegationIndex = Index(Delegations, "delegation");

        Exhibitors = new ExhibitorRow[data.Exhibitors.Count];
        for (var i = 0; i < Exhibitors.Length; i++)
        {
            var e = data.Exhibitors[i];
            if (!countries.TryGetValue(e.CountryCode, out var country))
            {
                throw new MatchingDataException($"Exhibitor {e.Id}: unknown country '{e.CountryCode}'.");
            }
            if (!areaIndex.TryGetValue(e.AreaCode, out var area))
            {
                throw new MatchingDataException($"Exhibitor {e.Id}: unknown exhibition area '{e.AreaCode}'.");
            }
            var countryInput = data.Countries[country];
            Exhibitors[i] = new ExhibitorRow(e.Id, e.Edition, e.CompanyId, country, regionIndex[countryInput.Region],
                countryInput.Language == "zh", sectorIndex[e.SectorCode], e.IsFortune500, area, e.BoothAreaSqm,
                Mask(e.Categories, categoryIndex, $"Exhibitor {e.Id}"), e.InterestedInInvesting, e.MeetingCapacity);
        }
        Buyers = new BuyerRow[data.Buyers.Count];
        for (var i = 0; i < Buyers.Length; i++)
        {
            var b = data.Buyers[i];
            Buyers[i] = new BuyerRow(b.Id, b.Edition, b.CompanyId, sectorIndex[b.SectorCode],
                Mask(b.WantedCategories, categoryIndex, $"Buyer {b.Id}"), b.BudgetUsd,
                b.DelegationKey is null ? -1 : delegationIndex[b.DelegationKey]);
        }
        Teams = data.Teams.Select(t => new TeamRow(t.Id, t.Code, t.FocusSectors.Select(s => sectorIndex[s]).ToArray())).ToArray();

        _exhibitorById = Positions(Exhibitors.Select(e => e.Id), "exhibitor");
        _buyerById = Positions(Buyers.Select(b => b.Id), "buyer");
        _teamById = Positions(Teams.Select(t => t.Id), "team");
        _exhibitorsByEdition = Enumerable.Range(0, Exhibitors.Length).GroupBy(i => Exhibitors[i].Edition).ToDictionary(g => g.Key, g => g.ToArray());
        _buyersByEdition = Enumerable.Range(0, Buyers.Length).GroupBy(i => Buyers[i].Edition).ToDictionary(g => g.Key, g => g.ToArray());
        History = new History(this, data.Outcomes);
    }

    public string[] CategoryCodes { get; }
    public string[] Areas { get; }
    public UInt128[] AreaMasks { get; }
    public string[] Regions { get; }
    public string[] Sectors { get; }
    public string[] Delegations { get; }
    public ExhibitorRow[] Exhibitors { get; }
    public BuyerRow[] Buyers { get; }
    public TeamRow[] Teams { get; }
    public History History { get; }

    public IReadOnlyList<int> ExhibitorsOf(int edition) => _exhibitorsByEdition.GetValueOrDefault(edition, []);

    public IReadOnlyList<int> BuyersOf(int edition) => _buyersByEdition.GetValueOrDefault(edition, []);

    public bool TryExhibitor(int id, out int position) => _exhibitorById.TryGetValue(id, out position);

    public bool TryBuyer(int id, out int position) => _buyerById.TryGetValue(id, out position);

    public bool TryTeam(int id, out int position) => _teamById.TryGetValue(id, out position);

    private static Dictionary<string, int> Index(string[] codes, string what)
    {
        var index = new Dictionary<string, int>(codes.Length, StringComparer.Ordinal);
        for (var i = 0; i < codes.Length; i++)
        {
            if (!index.TryAdd(codes[i], i))
            {
                throw new MatchingDataException($"Duplicate {what} '{codes[i]}'.");
            }
        }
        return index;
    }

    private static Dictionary<int, int> Positions(IEnumerable<int> ids, string what)
    {
        var positions = new Dictionary<int, int>();
        var i = 0;
        foreach (var id in ids)
        {
            if (!positions.TryAdd(id, i++))
            {
                throw new MatchingDataException($"Duplicate {what} id {id}.");
            }
        }
        return positions;
    }

    private static UInt128 Mask(IReadOnlyList<string> codes, Dictionary<string, int> categoryIndex, string owner)
    {
        var mask = UInt128.Zero;
        foreach (var code in codes)
        {
            if (!categoryIndex.TryGetValue(code, out var bit))
            {
                throw new MatchingDataException($"{owner}: unknown product category '{code}'.");
            }
            mask |= UInt128.One << bit;
        }
        return mask;
    }
}

/// <summary>The engine's input is inconsistent (an unknown code, a duplicate id, too many categories).</summary>
public sealed class MatchingDataException(string message) : Exception(message);
