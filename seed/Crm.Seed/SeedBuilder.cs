using System.Globalization;

namespace Crm.Seed;

/// <summary>Generates the seed in memory, edition by edition; every random draw comes from a named, seeded stream.</summary>
internal sealed class SeedBuilder
{
    /// <summary>The day the seed's history stops: no date written lies after it.</summary>
    public static readonly DateOnly AsOf = new(2026, 9, 30);

    private const int SlotsPerDay = 16; // 09:00 … 16:30, 30 minutes each
    private const int TableCount = 240; // A-001 … F-040
    private static readonly string[] _tableLetters = ["A", "B", "C", "D", "E", "F"];

    private static readonly (string Area, double Weight)[] _areaWeights =
        [("FOOD", 0.30), ("CONSUMER", 0.22), ("TECH", 0.18), ("MEDICAL", 0.14), ("SERVICES", 0.09), ("AUTO", 0.07)];

    private static readonly Dictionary<string, string[]> _halls = new(StringComparer.Ordinal)
    {
        ["FOOD"] = ["1.1", "2.1", "2.2"], ["AUTO"] = ["8.1"], ["TECH"] = ["3.1", "4.1", "6.1"],
        ["CONSUMER"] = ["4.2", "5.1", "6.2"], ["MEDICAL"] = ["7.1", "7.2"], ["SERVICES"] = ["5.2", "8.2"],
    };

    private static readonly (string Code, double Weight)[] _buyerSectors =
    [
        ("AGRIFOOD", 18), ("CONSUMER", 17), ("BIOMED", 12), ("HEALTH", 7), ("EQUIP", 10), ("ICT", 9), ("AUTO", 6), ("MATERIALS", 6),
        ("ENERGY", 6), ("LOGISTICS", 5), ("FINANCE", 2), ("CULTURE", 2),
    ];

    private static readonly Dictionary<string, double> _countryWeights = new(StringComparer.Ordinal)
    {
        ["JP"] = 10, ["US"] = 8, ["DE"] = 7, ["KR"] = 6, ["FR"] = 6, ["IT"] = 6, ["HK"] = 5, ["AU"] = 4, ["GB"] = 4, ["TW"] = 3, ["ES"] = 3,
        ["CH"] = 3, ["TH"] = 2.5, ["NL"] = 2.5, ["NZ"] = 2, ["CA"] = 2, ["SG"] = 2, ["MY"] = 2, ["RU"] = 2, ["BR"] = 2, ["BE"] = 1.5,
        ["VN"] = 1.5, ["ID"] = 1.5, ["IN"] = 1.5, ["CL"] = 1.5, ["IL"] = 1.5, ["AT"] = 1.5, ["AR"] = 1.2, ["AE"] = 1.2, ["DK"] = 1.2,
        ["SE"] = 1.2, ["PE"] = 1, ["MX"] = 1, ["TR"] = 1, ["FI"] = 1, ["IE"] = 1, ["PT"] = 1, ["PL"] = 1, ["CZ"] = 1, ["ZA"] = 1,
        ["SA"] = 0.8, ["NO"] = 0.8, ["GR"] = 0.8, ["HU"] = 0.8, ["PK"] = 0.7, ["KZ"] = 0.7, ["EG"] = 0.6, ["MO"] = 0.6, ["KE"] = 0.5,
        ["LK"] = 0.5, ["PH"] = 0.6, ["MN"] = 0.5, ["UZ"] = 0.5, ["RS"] = 0.5, ["BD"] = 0.4, ["KH"] = 0.5, ["LA"] = 0.4, ["MM"] = 0.4,
    };

    private static readonly string[] _lostReasons =
    [
        "Budget mismatch / 预算不匹配", "Product certification pending / 产品认证未完成", "Price not agreed / 价格未谈拢",
        "Buyer chose another supplier / 采购商选择了其他供应商", "Logistics cost too high / 物流成本过高", "No reply after the show / 展后未回复",
    ];

    private readonly SeedSize _size;
    private readonly int _seed;
    private readonly SeedData _data;
    private readonly Names _names = new();
    private readonly Dictionary<string, SeedCountry> _countries;
    private readonly Dictionary<string, SeedCategory> _categories;
    private readonly Dictionary<string, List<SeedCategory>> _categoriesByArea;
    private readonly Dictionary<string, List<SeedCategory>> _categoriesBySector;
    private readonly Dictionary<string, ulong> _areaMask = new(StringComparer.Ordinal);
    private readonly (SeedCountry Country, double Weight)[] _exhibitorCountries;

    // Per company: its last participation, to return with similar attributes.
    private readonly Dictionary<int, SeedExhibitor> _lastExhibit = [];
    private readonly Dictionary<int, SeedBuyer> _lastBuy = [];
    private readonly List<SeedCompany> _exhibitorCompanies = [];
    private readonly List<SeedCompany> _buyerCompanies = [];

    public SeedBuilder(SeedSize size, int seed)
    {
        _size = size;
        _seed = seed;
        var editions = ReferenceFiles.Rows("editions", [.. SeedGenerator.Columns["editions"]]).Select(r => new SeedEdition(
            Int(r[0]), Int(r[1]), Date(r[2]), Date(r[3]), r[4], r[5].Length > 0 ? decimal.Parse(r[5], CultureInfo.InvariantCulture) : null,
            IntOrNull(r[6]), IntOrNull(r[7]), IntOrNull(r[8]))).ToList();
        var countries = ReferenceFiles.Rows("countries", [.. SeedGenerator.Columns["countries"]]).Select(r => new SeedCountry(r[0], r[1], r[2], r[3], r[4])).ToList();
        var categoryRows = ReferenceFiles.Rows("categories", [.. SeedGenerator.Columns["categories"]]);
        var categories = categoryRows.Select((r, i) => new SeedCategory(r[0], r[1], r[2], r[3], r[4], i)).ToList();
        if (categories.Count > 64)
        {
            throw new InvalidDataException("The seed keeps categories in a 64-bit mask: at most 64 categories.");
        }
        var teams = ReferenceFiles.Rows("teams", [.. SeedGenerator.Columns["teams"]])
            .Select(r => new SeedTeam(r[0], r[1], r[2], r[3], r[4].Length > 0 ? r[4] : null, r[5].Split(';', StringSplitOptions.RemoveEmptyEntries))).ToList();
        _data = new SeedData { Size = size, RandomSeed = seed, Editions = editions, Countries = countries, Categories = categories, Teams = teams };
        _countries = countries.ToDictionary(c => c.Code, StringComparer.Ordinal);
        _categories = categories.ToDictionary(c => c.Code, StringComparer.Ordinal);
        _categoriesByArea = categories.GroupBy(c => c.AreaCode).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        _categoriesBySector = categories.GroupBy(c => c.SectorCode).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var c in categories)
        {
            _areaMask[c.AreaCode] = _areaMask.GetValueOrDefault(c.AreaCode) | (1UL << c.Index);
        }
        _exhibitorCountries = countries.Where(c => c.Code != "CN").Select(c => (c, _countryWeights.GetValueOrDefault(c.Code, 0.06))).ToArray();
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static int? IntOrNull(string s) => s.Length > 0 ? Int(s) : null;

    private static DateOnly Date(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An independent random stream per purpose and edition, so that one change does not shift every other draw.</summary>
    private Random Rng(string stream, int edition = 0)
    {
        var hash = 2166136261u;
        foreach (var ch in stream)
        {
            hash = (hash ^ ch) * 16777619u;
        }
        hash = (hash ^ (uint)edition) * 16777619u;
        hash = (hash ^ (uint)_seed) * 16777619u;
        return new Random((int)(hash & 0x7FFFFFFF));
    }

    public SeedData Run()
    {
        foreach (var edition in _data.Editions)
        {
            var exhibitors = Exhibitors(edition);
            var delegations = Delegations(edition);
            var buyers = Buyers(edition, delegations);
            if (edition.IsPast)
            {
                var events = SigningEvents(edition);
                var deals = new List<SeedDeal>();
                var meetings = new List<SeedMeeting>();
                var schedule = new Schedule(edition, exhibitors.Count, buyers.Count);
                ProcurementOutcomes(edition, exhibitors, buyers, schedule, meetings, deals);
                InvestmentOutcomes(edition, exhibitors, schedule, meetings, deals);
                AttachSigningEvents(edition, events, deals);
                ScaleIntendedValues(edition, deals);
                SigningParties(deals);
                Number(edition, meetings, deals);
            }
        }
        Users();
        ServiceIssues();
        Contacts();
        return _data;
    }

    private static T Weighted<T>(Random r, IReadOnlyList<(T Item, double Weight)> items)
    {
        var total = 0.0;
        foreach (var (_, w) in items)
        {
            total += w;
        }
        var x = r.NextDouble() * total;
        foreach (var (item, w) in items)
        {
            x -= w;
            if (x < 0)
            {
                return item;
            }
        }
        return items[^1].Item;
    }

    private static double Normal(Random r)
    {
        var u1 = 1.0 - r.NextDouble();
        var u2 = r.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Weighted sampling without replacement (Efraimidis–Spirakis); result in the input's order.</summary>
    private static List<T> SampleWithoutReplacement<T>(Random r, IReadOnlyList<T> items, Func<T, double> weight, int count)
    {
        var keyed = new List<(double Key, int Index)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            keyed.Add((Math.Log(1.0 - r.NextDouble()) / weight(items[i]), i));
        }
        return keyed.OrderByDescending(k => k.Key).ThenBy(k => k.Index).Take(count).OrderBy(k => k.Index).Select(k => items[k.Index]).ToList();
    }

    private SeedCompany NewCompany(string name, string nameZh, SeedCountry country, string sector, bool fortune500, string? website)
    {
        var company = new SeedCompany
        {
            Index = _data.Companies.Count,
            Code = "C" + (_data.Companies.Count + 1).ToString("000000", CultureInfo.InvariantCulture),
            Name = name, NameZh = nameZh, Country = country, SectorCode = sector, IsFortune500 = fortune500, Website = website,
        };
        _data.Companies.Add(company);
        return company;
    }

    private ulong Mask(IEnumerable<string> codes)
    {
        var mask = 0UL;
        foreach (var code in codes)
        {
            mask |= 1UL << _categories[code].Index;
        }
        return mask;
    }

    // ---------------------------------------------------------------- exhibitors

    private List<SeedExhibitor> Exhibitors(SeedEdition edition)
    {
        var r = Rng("exhibitors", edition.Number);
        var target = _size == SeedSize.Full ? edition.ReportedExhibitors ?? 3800 : 120;
        var returningShare = edition.Number == 1 ? 0.0 : edition.Number == 2 ? 0.55 : 0.58 + 0.06 * r.NextDouble();
        var pool = _exhibitorCompanies;
        var returningCount = Math.Min((int)Math.Round(target * returningShare), (int)(pool.Count * 0.85));
        var returning = SampleWithoutReplacement(r, pool,
            c => (c.IsFortune500 ? 1.5 : 1.0) * (_lastExhibit[c.Index].Edition == edition.Number - 1 ? 3.0 : 1.0), returningCount);

        var drafts = new List<(SeedCompany Company, string Area, List<string> Categories, decimal Booth, bool Investing, bool Returning)>();
        foreach (var company in returning)
        {
            var last = _lastExhibit[company.Index];
            var categories = last.Categories.ToList();
            if (r.NextDouble() < 0.3)
            {
                var inArea = _categoriesByArea[last.AreaCode];
                var extra = inArea[r.Next(inArea.Count)].Code;
                if (!categories.Contains(extra) && categories.Count < 5)
                {
                    categories.Add(extra);
                }
                else if (categories.Count > 1)
                {
                    categories.RemoveAt(categories.Count - 1);
                }
            }
            var booth = Math.Max(9m, Math.Round(last.BoothAreaSqm * (decimal)(0.8 + 0.5 * r.NextDouble())));
            var investing = r.NextDouble() < 0.85 ? last.InterestedInInvesting : r.NextDouble() < 0.2;
            drafts.Add((company, last.AreaCode, categories, booth, investing, true));
        }
        for (var i = drafts.Count; i < target; i++)
        {
            var area = Weighted(r, _areaWeights);
            var inArea = _categoriesByArea[area];
            var primary = inArea[r.Next(inArea.Count)];
            var categories = new List<string> { primary.Code };
            var extras = Weighted(r, [(0, 0.35), (1, 0.35), (2, 0.2), (3, 0.1)]);
            for (var k = 0; k < extras * 3 && categories.Count <= extras; k++)
            {
                var c = inArea[r.Next(inArea.Count)];
                if (!categories.Contains(c.Code) && (c.SectorCode == primary.SectorCode || r.NextDouble() < 0.4))
                {
                    categories.Add(c.Code);
                }
            }
            var country = Weighted(r, _exhibitorCountries);
            var fortune500 = r.NextDouble() < (area is "AUTO" or "MEDICAL" or "TECH" ? 0.025 : 0.015);
            var (name, nameZh, website) = _names.Foreign(country, primary.SectorCode, fortune500, r);
            var company = NewCompany(name, nameZh, country, primary.SectorCode, fortune500, website);
            _exhibitorCompanies.Add(company);
            decimal booth;
            if (fortune500)
            {
                booth = Math.Round((decimal)Math.Exp(Math.Log(450) + 0.6 * Normal(r)));
            }
            else
            {
                var roll = r.NextDouble();
                booth = roll < 0.45 ? (r.NextDouble() < 0.6 ? 9m : 18m)
                    : roll < 0.85 ? Math.Round((decimal)(36 + 84 * r.NextDouble()))
                    : Math.Round((decimal)(120 + 280 * r.NextDouble()));
            }
            var investing = r.NextDouble() < (fortune500 ? 0.45 : booth >= 100 ? 0.25 : 0.12);
            drafts.Add((company, area, categories, booth, investing, false));
        }

        // Booths are numbered per hall in the order of company codes.
        drafts.Sort((a, b) => a.Company.Index.CompareTo(b.Company.Index));
        var hallCounters = new Dictionary<string, int>(StringComparer.Ordinal);
        var list = new List<SeedExhibitor>(drafts.Count);
        foreach (var d in drafts)
        {
            var halls = _halls[d.Area];
            var hall = halls[r.Next(halls.Length)];
            var n = hallCounters.GetValueOrDefault(hall);
            hallCounters[hall] = n + 1;
            var booth = hall + (char)('A' + n / 60) + (n % 60 + 1).ToString("00", CultureInfo.InvariantCulture);
            var capacity = Math.Clamp(4 + (int)(d.Booth / 25m) + (d.Company.IsFortune500 ? 4 : 0), 4, 30);
            var exhibitor = new SeedExhibitor
            {
                Edition = edition.Number, Company = d.Company, AreaCode = d.Area, Hall = hall, Booth = booth, BoothAreaSqm = d.Booth,
                Categories = d.Categories, CategoryMask = Mask(d.Categories), InterestedInInvesting = d.Investing, MeetingCapacity = capacity,
                Returning = d.Returning,
            };
            list.Add(exhibitor);
            _lastExhibit[d.Company.Index] = exhibitor;
        }
        _data.Exhibitors.AddRange(list);
        return list;
    }

    // ---------------------------------------------------------------- delegations and buyers

    private List<SeedDelegation> Delegations(SeedEdition edition)
    {
        var r = Rng("delegations", edition.Number);
        var sources = _size == SeedSize.Full
            ? ChinaGeography.Delegations
            : ChinaGeography.Delegations.Where(s => s.Key is "SH" or "GD" or "JS" or "SOE").ToList();
        var prefix = "D" + edition.Number.ToString("00", CultureInfo.InvariantCulture) + "-";
        var list = new List<SeedDelegation>();
        foreach (var source in sources)
        {
            var top = new SeedDelegation
            {
                Edition = edition.Number, Code = prefix + source.Key, Name = source.English + " Trading Delegation", NameZh = source.Short + "交易团",
                Region = source.Province, Source = source,
            };
            list.Add(top);
            var members = new List<(string? City, string? Group, string? Sector, string Zh, string En)>();
            for (var i = 0; i < source.Cities.Count; i++)
            {
                var city = source.Cities[i];
                if (source.IsCentral)
                {
                    members.Add((null, city, source.GroupSectors![i], city + "交易分团", $"{source.English} Sub-delegation: member group {i + 1:00}"));
                }
                else
                {
                    members.Add((city, null, null, (source.Cities.Count == 1 ? source.Short + "市直" : city) + "交易分团",
                        $"{source.English} Sub-delegation: city {i + 1:00}"));
                }
            }
            if (!source.IsCentral)
            {
                foreach (var (zh, en, sector) in ChinaGeography.IndustryGroups)
                {
                    members.Add((null, null, sector, source.Short + zh + "交易分团", $"{source.English} {en} Sub-delegation"));
                }
            }
            var keep = _size == SeedSize.Full
                ? members.Where((m, i) => i == 0 || r.NextDouble() < (m.City is not null || m.Group is not null ? 0.8 : 0.3)).ToList()
                : members.Take(source.IsCentral ? 3 : 2).ToList();
            var n = 1;
            foreach (var m in keep)
            {
                list.Add(new SeedDelegation
                {
                    Edition = edition.Number, Code = top.Code + "-" + n.ToString("00", CultureInfo.InvariantCulture), Name = m.En, NameZh = m.Zh,
                    Region = m.Group ?? source.Province, Parent = top, Source = source, City = m.City, SectorCode = m.Sector,
                });
                n++;
            }
        }
        _data.Delegations.AddRange(list);
        return list;
    }

    private static readonly double[] _buyerFactor = [0, 0.9, 1.0, 0.85, 0.9, 0.9, 1.0, 1.0, 1.05, 1.0];

    /// <summary>How many buyers an edition has: about 20,000 in the full seed, 500 in the small one.</summary>
    private static int BuyerCount(int edition, SeedSize size) =>
        size == SeedSize.Full ? (int)Math.Round(20000 * _buyerFactor[Math.Min(edition, 9)]) : 500;

    private List<SeedBuyer> Buyers(SeedEdition edition, List<SeedDelegation> delegations)
    {
        var r = Rng("buyers", edition.Number);
        var target = BuyerCount(edition.Number, _size);
        var tops = delegations.Where(d => d.Parent is null).ToList();
        var topBySource = tops.ToDictionary(d => d.Source.Key, StringComparer.Ordinal);
        var children = delegations.Where(d => d.Parent is not null).GroupBy(d => d.Parent!.Code).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var returningShare = edition.Number == 1 ? 0.0 : 0.5 + 0.05 * r.NextDouble();
        var pool = _buyerCompanies;
        var returning = SampleWithoutReplacement(r, pool,
            c => _lastBuy[c.Index].Edition == edition.Number - 1 ? 3.0 : 1.0, Math.Min((int)Math.Round(target * returningShare), (int)(pool.Count * 0.8)));
        var list = new List<SeedBuyer>(target);
        var topWeights = tops.Select(t => (t, t.Source.Weight)).ToArray();

        foreach (var company in returning)
        {
            var last = _lastBuy[company.Index];
            var top = topBySource[last.TopDelegation.Source.Key];
            var wanted = last.WantedCategories.ToList();
            if (r.NextDouble() < 0.25)
            {
                wanted = WantedCategories(r, last.SectorCode);
            }
            var budget = Math.Max(20_000m, Math.Round(last.BudgetUsd * (decimal)Math.Exp(0.3 * Normal(r)) / 1000m) * 1000m);
            var sub = PickSub(r, top, children, last.City);
            list.Add(NewBuyer(edition, company, last.Province, sub.City ?? last.City, last.SectorCode, wanted, budget, sub));
        }
        for (var i = list.Count; i < target; i++)
        {
            var top = Weighted(r, topWeights);
            var sub = PickSub(r, top, children, null);
            var source = top.Source;
            string province, city;
            if (source.IsCentral)
            {
                (province, city) = r.NextDouble() < 0.7 ? ("北京市", "北京市") : ("上海市", "上海市");
            }
            else
            {
                province = source.Province;
                city = sub.City ?? source.Cities[r.Next(source.Cities.Count)];
            }
            var sector = sub.SectorCode is { } s && r.NextDouble() < 0.8 ? s : Weighted(r, _buyerSectors);
            var wanted = WantedCategories(r, sector);
            var scale = (source.Key == "SOE" ? 6.0 : source.Key == "CFE" ? 3.0 : 1.0) * (sector is "AUTO" or "EQUIP" or "ENERGY" or "MATERIALS" ? 1.5 : 1.0);
            var budget = Math.Max(20_000m, Math.Round((decimal)(2.5e6 * scale * Math.Exp(1.3 * Normal(r))) / 1000m) * 1000m);
            SeedCompany company;
            if (r.NextDouble() < 0.01)
            {
                var country = _countries[new[] { "JP", "DE", "US", "KR", "SG", "FR" }[r.Next(6)]];
                var (name, nameZh, website) = _names.Foreign(country, sector, false, r);
                company = NewCompany(name, nameZh, country, sector, false, website);
            }
            else
            {
                var place = province is "上海市" or "北京市" or "天津市" or "重庆市" ? province[..^1] : ChinaGeography.CityShort(city);
                var group = sub.Source.IsCentral && sub.Parent is not null ? ShortGroup(sub.NameZh) : null;
                var (name, nameZh, _) = _names.Chinese(place, sector, r, group: group);
                company = NewCompany(name, nameZh, _countries["CN"], sector, false, null);
            }
            _buyerCompanies.Add(company);
            list.Add(NewBuyer(edition, company, province, city, sector, wanted, budget, sub));
        }
        list.Sort((a, b) => a.Company.Index.CompareTo(b.Company.Index));
        _data.Buyers.AddRange(list);
        return list;
    }

    private static string ShortGroup(string subNameZh) =>
        subNameZh.Replace("交易分团", "", StringComparison.Ordinal).Replace("集团", "", StringComparison.Ordinal).Replace("控股", "", StringComparison.Ordinal);

    private static SeedDelegation PickSub(Random r, SeedDelegation top, Dictionary<string, List<SeedDelegation>> children, string? city)
    {
        if (!children.TryGetValue(top.Code, out var subs) || r.NextDouble() < 0.2)
        {
            return top;
        }
        if (city is not null && r.NextDouble() < 0.8)
        {
            var same = subs.FirstOrDefault(s => s.City == city);
            if (same is not null)
            {
                return same;
            }
        }
        return subs[r.Next(subs.Count)];
    }

    private SeedBuyer NewBuyer(SeedEdition edition, SeedCompany company, string province, string city, string sector, List<string> wanted, decimal budget,
        SeedDelegation delegation)
    {
        var buyer = new SeedBuyer
        {
            Edition = edition.Number, Company = company, Province = province, City = city, SectorCode = sector, WantedCategories = wanted,
            WantedMask = Mask(wanted), BudgetUsd = budget, Delegation = delegation,
        };
        _lastBuy[company.Index] = buyer;
        return buyer;
    }

    private List<string> WantedCategories(Random r, string sector)
    {
        var own = _categoriesBySector[sector];
        var primary = own[r.Next(own.Count)];
        var wanted = new List<string> { primary.Code };
        var extras = Weighted(r, [(0, 0.3), (1, 0.35), (2, 0.25), (3, 0.1)]);
        for (var k = 0; k < 10 && wanted.Count <= extras; k++)
        {
            var pool = r.NextDouble() < 0.55 ? own : _categoriesByArea[primary.AreaCode];
            var c = pool[r.Next(pool.Count)];
            if (!wanted.Contains(c.Code))
            {
                wanted.Add(c.Code);
            }
        }
        return wanted;
    }

    // ---------------------------------------------------------------- signing events

    private static readonly string[] _ordinalZh = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    private static string OrdinalEn(int n) => n + (n % 10) switch { 1 when n != 11 => "st", 2 when n != 12 => "nd", 3 when n != 13 => "rd", _ => "th" };

    private sealed record EventPlan(SeedSigningEvent Event, Func<SeedDeal, bool> Fits, int Count);

    private List<EventPlan> SigningEvents(SeedEdition edition)
    {
        var r = Rng("signing-events", edition.Number);
        var en = OrdinalEn(edition.Number) + " CIIE";
        var zh = "第" + _ordinalZh[edition.Number] + "届进博会";
        var prefix = "S" + edition.Number.ToString("00", CultureInfo.InvariantCulture) + "-";
        var venue = "国家会展中心（上海）National Exhibition and Convention Center (Shanghai)";
        var full = _size == SeedSize.Full;
        int Count() => full ? 15 + r.Next(26) : 3 + r.Next(3);
        var plans = new List<EventPlan>
        {
            new(new(prefix + "01", edition.Number, en + " Shanghai Delegation Collective Signing Ceremony", zh + "上海交易团集中签约仪式",
                edition.StartsOn.AddDays(1), venue), d => d.Buyer?.TopDelegation.Source.Key == "SH", Count()),
            new(new(prefix + "02", edition.Number, en + " Shanghai Investment Projects Collective Signing", zh + "上海市重大投资项目集中签约",
                edition.StartsOn.AddDays(3), venue), d => d.Kind == "Investment", Count()),
        };
        if (full)
        {
            plans.Add(new(new(prefix + "03", edition.Number, en + " Central Enterprises Delegation Collective Signing", zh + "中央企业交易团集中签约仪式",
                edition.StartsOn.AddDays(2), venue), d => d.Buyer?.TopDelegation.Source.Key == "SOE", Count()));
            plans.Add(new(new(prefix + "04", edition.Number, en + " Medical Equipment and Healthcare Products Area Signing", zh + "医疗器械及医药保健展区集中签约",
                edition.StartsOn.AddDays(2), venue), d => d.Kind == "Procurement" && d.Exhibitor.AreaCode == "MEDICAL", Count()));
            plans.Add(new(new(prefix + "05", edition.Number, en + " Food and Agricultural Products Area Signing", zh + "食品及农产品展区集中签约",
                edition.StartsOn.AddDays(3), venue), d => d.Kind == "Procurement" && d.Exhibitor.AreaCode == "FOOD", Count()));
        }
        _data.SigningEvents.AddRange(plans.Select(p => p.Event));
        return plans;
    }

    private void AttachSigningEvents(SeedEdition edition, List<EventPlan> plans, List<SeedDeal> deals)
    {
        var r = Rng("signing-attach", edition.Number);
        foreach (var plan in plans)
        {
            var held = plan.Event.HeldOn;
            var fitting = deals.Where(d => d.SigningEvent is null && d.IntentSignedOn is { } on && on <= edition.EndsOn && d.MetOn <= held && plan.Fits(d)).ToList();
            foreach (var deal in SampleWithoutReplacement(r, fitting, _ => 1.0, plan.Count))
            {
                deal.SigningEvent = plan.Event;
                deal.IntentSignedOn = held;
            }
        }
    }

    // ---------------------------------------------------------------- meetings and outcomes

    /// <summary>Who is busy when: a buyer, an exhibitor, a team or a table is never booked twice at one start.</summary>
    private sealed class Schedule
    {
        public readonly int Days;
        public readonly int Slots;
        private readonly bool[] _exhibitor;
        private readonly bool[] _table;
        private readonly HashSet<long> _buyer = [];
        private readonly HashSet<long> _team = [];
        private readonly DateOnly _start;

        public Schedule(SeedEdition edition, int exhibitors, int buyers)
        {
            _start = edition.StartsOn;
            Days = edition.EndsOn.DayNumber - edition.StartsOn.DayNumber; // the last day is the public day
            Slots = Days * SlotsPerDay;
            _exhibitor = new bool[exhibitors * Slots];
            _table = new bool[TableCount * Slots];
        }

        public DateTime StartOf(int slot) =>
            _start.AddDays(slot / SlotsPerDay).ToDateTime(new TimeOnly(9, 0)).AddMinutes(30 * (slot % SlotsPerDay));

        public bool ExhibitorFree(int e, int slot) => !_exhibitor[e * Slots + slot];

        public bool BuyerFree(int b, int slot) => !_buyer.Contains((long)b * Slots + slot);

        public bool TeamFree(int t, int slot) => !_team.Contains((long)t * Slots + slot);

        public bool TableFree(int table, int slot) => !_table[table * Slots + slot];

        public void Book(int e, int? b, int? t, int? table, int slot)
        {
            _exhibitor[e * Slots + slot] = true;
            if (b is not null)
            {
                _buyer.Add((long)b.Value * Slots + slot);
            }
            if (t is not null)
            {
                _team.Add((long)t.Value * Slots + slot);
            }
            if (table is not null)
            {
                _table[table.Value * Slots + slot] = true;
            }
        }
    }

    private static string TableCode(int table) => _tableLetters[table / 40] + "-" + (table % 40 + 1).ToString("000", CultureInfo.InvariantCulture);

    private void ProcurementOutcomes(SeedEdition edition, List<SeedExhibitor> exhibitors, List<SeedBuyer> buyers, Schedule schedule,
        List<SeedMeeting> meetings, List<SeedDeal> deals)
    {
        var r = Rng("meetings", edition.Number);
        var byCategory = new List<int>[_data.Categories.Count];
        for (var i = 0; i < byCategory.Length; i++)
        {
            byCategory[i] = [];
        }
        for (var e = 0; e < exhibitors.Count; e++)
        {
            foreach (var code in exhibitors[e].Categories)
            {
                byCategory[_categories[code].Index].Add(e);
            }
        }
        var load = new int[exhibitors.Count];
        var stamp = new int[exhibitors.Count];
        var order = Enumerable.Range(0, buyers.Count).ToArray();
        r.Shuffle(order);
        var candidates = new List<int>();
        var weights = new List<double>();
        var onlineShare = edition.Year == 2020 ? 0.35 : 0.06;
        var history = _data.History;
        var stampValue = 0;
        foreach (var bi in order)
        {
            var buyer = buyers[bi];
            var k = Weighted(r, [(0, 0.78), (1, 0.11), (2, 0.055), (3, 0.028), (4, 0.014), (5, 0.009), (6, 0.004)]);
            if (k == 0)
            {
                continue;
            }
            stampValue++;
            candidates.Clear();
            weights.Clear();
            foreach (var code in buyer.WantedCategories)
            {
                foreach (var e in byCategory[_categories[code].Index])
                {
                    if (stamp[e] != stampValue)
                    {
                        stamp[e] = stampValue;
                        candidates.Add(e);
                    }
                }
            }
            candidates.Sort();
            foreach (var e in candidates)
            {
                var ex = exhibitors[e];
                weights.Add(Math.Exp(GroundTruth.ProcurementUtility(_data, buyer, ex, _areaMask[ex.AreaCode]) / GroundTruth.MeetingTemperature));
            }
            var total = weights.Sum();
            for (int booked = 0, attempts = 0; booked < k && attempts < 4 * k && total > 0; attempts++)
            {
                var x = r.NextDouble() * total;
                var pick = weights.Count - 1;
                for (var j = 0; j < weights.Count; j++)
                {
                    x -= weights[j];
                    if (x < 0)
                    {
                        pick = j;
                        break;
                    }
                }
                if (weights[pick] == 0)
                {
                    continue;
                }
                var e = candidates[pick];
                var exhibitor = exhibitors[e];
                var saturation = (double)load[e] / exhibitor.MeetingCapacity;
                if (load[e] >= exhibitor.MeetingCapacity || r.NextDouble() < saturation * saturation)
                {
                    if (load[e] >= exhibitor.MeetingCapacity)
                    {
                        total -= weights[pick];
                        weights[pick] = 0;
                    }
                    continue;
                }
                var place = r.NextDouble() < onlineShare ? "Online" : r.NextDouble() < 0.16 ? "Booth" : "VenueTable";
                var slot = -1;
                int? table = null;
                for (var t = 0; t < 60 && slot < 0; t++)
                {
                    var s = r.Next(schedule.Slots);
                    if (!schedule.BuyerFree(bi, s) || !schedule.ExhibitorFree(e, s))
                    {
                        continue;
                    }
                    if (place == "VenueTable")
                    {
                        var first = r.Next(TableCount);
                        for (var q = 0; q < TableCount; q++)
                        {
                            var candidate = (first + q) % TableCount;
                            if (schedule.TableFree(candidate, s))
                            {
                                table = candidate;
                                break;
                            }
                        }
                        if (table is null)
                        {
                            continue;
                        }
                    }
                    slot = s;
                }
                if (slot < 0)
                {
                    continue;
                }
                schedule.Book(e, bi, null, table, slot);
                total -= weights[pick];
                weights[pick] = 0;
                booked++;
                var roll = r.NextDouble();
                var status = roll < 0.86 ? "Held" : roll < 0.93 ? "NoShow" : "Cancelled";
                if (status != "Cancelled")
                {
                    load[e]++;
                }
                var utility = GroundTruth.ProcurementUtility(_data, buyer, exhibitor, _areaMask[exhibitor.AreaCode]);
                var meeting = new SeedMeeting
                {
                    Edition = edition.Number, Exhibitor = exhibitor, Buyer = buyer, StartsAt = schedule.StartOf(slot), Place = place,
                    TableCode = table is null ? null : TableCode(table.Value), Status = status, Utility = utility,
                };
                meetings.Add(meeting);
                if (status == "Held")
                {
                    history.Met(buyer, exhibitor);
                    deals.Add(new SeedDeal
                    {
                        Edition = edition.Number, Kind = "Procurement", Exhibitor = exhibitor, Buyer = buyer, Meeting = meeting,
                        MetOn = DateOnly.FromDateTime(meeting.StartsAt),
                    });
                }
            }
        }
        Grade(edition, r, deals.Where(d => d.Kind == "Procurement").ToList(), intentShare: 0.24, contractShare: 0.40, GroundTruth.OutcomeNoise,
            d => (double)d.Buyer!.BudgetUsd * (0.15 + 0.6 * r.NextDouble()) * (d.Exhibitor.Company.IsFortune500 ? 1.5 : 1.0));
        foreach (var d in deals.Where(d => d.IntentSignedOn is not null))
        {
            history.Signed(d.Buyer!, d.Exhibitor);
        }
    }

    /// <summary>
    /// Turns met deals into outcomes: the top <paramref name="intentShare"/> by utility + noise sign an intent, the top
    /// <paramref name="contractShare"/> of those (after more noise) a contract; dates follow the stage.
    /// </summary>
    private void Grade(SeedEdition edition, Random r, List<SeedDeal> met, double intentShare, double contractShare, double noise, Func<SeedDeal, double> rawValue)
    {
        var scored = met.Select((d, i) => (Deal: d, Z: d.Meeting.Utility + noise * Normal(r), Index: i)).OrderByDescending(x => x.Z).ThenBy(x => x.Index).ToList();
        var intents = (int)Math.Round(scored.Count * intentShare);
        var withIntent = scored.Take(intents).Select(x => (x.Deal, Z: x.Z + 0.5 * Normal(r), x.Index)).OrderByDescending(x => x.Z).ThenBy(x => x.Index).ToList();
        var contracts = new HashSet<SeedDeal>(withIntent.Take((int)Math.Round(withIntent.Count * contractShare)).Select(x => x.Deal));
        var lastShowDay = edition.EndsOn.AddDays(-1);
        foreach (var (deal, _, _) in scored.Skip(intents))
        {
            var roll = r.NextDouble();
            if (roll < 0.18)
            {
                deal.Stage = "Lost";
                deal.LostReason = _lostReasons[r.Next(_lostReasons.Length)];
            }
            else if (roll < 0.30)
            {
                deal.Stage = "Stalled";
            }
        }
        foreach (var (deal, _, _) in withIntent)
        {
            var met0 = deal.MetOn!.Value;
            var intentOn = r.NextDouble() < 0.65
                ? met0.AddDays(r.Next(lastShowDay.DayNumber - met0.DayNumber + 1))
                : met0.AddDays(7 + r.Next(69));
            deal.IntentSignedOn = intentOn;
            deal.RawIntended = rawValue(deal);
            deal.Stage = "IntentSigned";
            if (deal.Kind == "Procurement")
            {
                if (contracts.Contains(deal))
                {
                    var contractOn = intentOn.AddDays(30 + r.Next(241));
                    if (contractOn <= AsOf)
                    {
                        deal.ContractSignedOn = contractOn;
                        deal.Stage = contractOn.AddDays(150) <= AsOf && r.NextDouble() < 0.6 ? "Delivered" : "ContractSigned";
                    }
                }
                else if (edition.Number <= 6 && r.NextDouble() < 0.25)
                {
                    deal.Stage = "Lost";
                    deal.LostReason = "Contract terms not agreed / 合同条款未谈拢";
                }
            }
            else if (contracts.Contains(deal))
            {
                var contractOn = intentOn.AddDays(45 + r.Next(226));
                if (contractOn > AsOf)
                {
                    continue;
                }
                deal.ContractSignedOn = contractOn;
                deal.Stage = "ContractSigned";
                var landedOn = contractOn.AddDays(30 + r.Next(181));
                if (landedOn > AsOf || r.NextDouble() < 0.1)
                {
                    continue;
                }
                deal.LandedOn = landedOn;
                deal.Stage = "Landed";
                var start = landedOn.AddDays(30 + r.Next(211));
                if (start <= AsOf)
                {
                    deal.StartOfWorksOn = start;
                    if (start.AddDays(365) <= AsOf && r.NextDouble() < 0.75)
                    {
                        deal.Stage = "Operational";
                    }
                }
            }
        }
    }

    private void InvestmentOutcomes(SeedEdition edition, List<SeedExhibitor> exhibitors, Schedule schedule, List<SeedMeeting> meetings, List<SeedDeal> deals)
    {
        var r = Rng("investment", edition.Number);
        var index = new Dictionary<SeedExhibitor, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < exhibitors.Count; i++)
        {
            index[exhibitors[i]] = i;
        }
        var interested = exhibitors.Where(e => e.InterestedInInvesting).ToList();
        var onlineShare = edition.Year == 2020 ? 0.5 : 0.12;
        var investmentDeals = new List<SeedDeal>();
        for (var ti = 0; ti < _data.Teams.Count; ti++)
        {
            var team = _data.Teams[ti];
            var pool = interested.Where(e => team.FocusSectors.Contains(e.Company.SectorCode)).ToList();
            var count = _size == SeedSize.Full ? (team.DistrictCode == "SH-PD" ? 24 + r.Next(13) : 14 + r.Next(11)) : 2 + r.Next(2);
            var chosen = SampleWithoutReplacement(r, pool, e => Math.Exp(GroundTruth.InvestmentUtility(_data, team, e) / 0.5), count);
            foreach (var exhibitor in chosen)
            {
                var e = index[exhibitor];
                var slot = -1;
                for (var t = 0; t < 80 && slot < 0; t++)
                {
                    var s = r.Next(schedule.Slots);
                    if (schedule.ExhibitorFree(e, s) && schedule.TeamFree(ti, s))
                    {
                        slot = s;
                    }
                }
                if (slot < 0)
                {
                    continue;
                }
                schedule.Book(e, null, ti, null, slot);
                var roll = r.NextDouble();
                var status = roll < 0.9 ? "Held" : roll < 0.95 ? "NoShow" : "Cancelled";
                var meeting = new SeedMeeting
                {
                    Edition = edition.Number, Exhibitor = exhibitor, Team = team, StartsAt = schedule.StartOf(slot),
                    Place = r.NextDouble() < onlineShare ? "Online" : "Booth", Status = status, Utility = GroundTruth.InvestmentUtility(_data, team, exhibitor),
                };
                meetings.Add(meeting);
                if (status == "Held")
                {
                    _data.History.TeamMet(team, exhibitor);
                    investmentDeals.Add(new SeedDeal
                    {
                        Edition = edition.Number, Kind = "Investment", Exhibitor = exhibitor, Team = team, Meeting = meeting,
                        MetOn = DateOnly.FromDateTime(meeting.StartsAt),
                    });
                }
            }
        }
        Grade(edition, r, investmentDeals, intentShare: 0.40, contractShare: 0.5, noise: 0.7,
            d => 2e7 * Math.Exp(0.8 * Normal(r)) * (d.Exhibitor.Company.IsFortune500 ? 3.0 : 1.0));
        deals.AddRange(investmentDeals);
    }

    /// <summary>
    /// Scales the intended values of an edition so that they add up to the reported total. The small seed holds only a
    /// share of an edition's buyers, so its deals add up to that share of the total and each keeps a realistic size.
    /// </summary>
    private void ScaleIntendedValues(SeedEdition edition, List<SeedDeal> deals)
    {
        var r = Rng("values", edition.Number);
        var intents = deals.Where(d => d.IntentSignedOn is not null).ToList();
        if (intents.Count == 0 || edition.ReportedIntendedDealValueUsdBn is not { } bn)
        {
            return;
        }
        var share = (decimal)BuyerCount(edition.Number, _size) / BuyerCount(edition.Number, SeedSize.Full);
        var target = Math.Round(bn * 1_000_000_000m * share / 1000m) * 1000m;
        var factor = (double)target / intents.Sum(d => d.RawIntended);
        foreach (var d in intents)
        {
            d.IntendedValueUsd = Math.Max(1000m, Math.Round((decimal)(d.RawIntended * factor) / 1000m) * 1000m);
        }
        var largest = intents.OrderByDescending(d => d.IntendedValueUsd).First();
        largest.IntendedValueUsd += target - intents.Sum(d => d.IntendedValueUsd!.Value);
        foreach (var d in intents)
        {
            var value = d.IntendedValueUsd!.Value;
            if (d.ContractSignedOn is not null)
            {
                d.ContractValueUsd = Math.Round(value * (decimal)(0.6 + 0.45 * r.NextDouble()) / 1000m) * 1000m;
            }
            if (d.LandedOn is not null)
            {
                var capex = Math.Round(value * (decimal)(0.6 + 0.6 * r.NextDouble()) / 1000m) * 1000m;
                d.CapexUsd = capex;
                d.RegisteredCapitalUsd = Math.Round(capex * (decimal)(0.2 + 0.3 * r.NextDouble()) / 1000m) * 1000m;
                d.Jobs = (int)Math.Max(5, Math.Round((double)capex / 1e6 * (1.5 + 4 * r.NextDouble())));
            }
        }
    }

    /// <summary>Chinese legal forms, longest first, taken off a company's name to name its Shanghai entity.</summary>
    private static readonly string[] _legalForms = ["集团有限公司", "股份有限公司", "有限责任公司", "有限公司", "股份公司", "株式会社", "集团", "公司"];

    /// <summary>
    /// Who signed each intent on the other side (a procurement deal's buyer company; an investment deal's park, through its
    /// management committee) and, for a landed project, the entity registered in Shanghai and the team's district. Read from
    /// the parties with no random draw, so nothing else in the seed moves.
    /// </summary>
    private static void SigningParties(List<SeedDeal> deals)
    {
        foreach (var d in deals.Where(d => d.IntentSignedOn is not null))
        {
            d.Counterpart = d.Team is { } team ? ParkCommittee(team) : d.Buyer!.Company.NameZh;
            if (d.LandedOn is not null)
            {
                d.RegisteredEntity = ShanghaiEntity(d.Exhibitor.Company);
                d.DistrictCode = d.Team!.DistrictCode;
            }
        }
    }

    /// <summary>The management committee of the team's park (its first place when it names two), e.g. 张江科学城管理委员会.</summary>
    internal static string ParkCommittee(SeedTeam team) =>
        (team.Park?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? team.NameZh.Replace("招商团队", "", StringComparison.Ordinal)) + "管理委员会";

    /// <summary>A foreign company's Shanghai entity: its Chinese name without country and legal form, then （上海）有限公司.</summary>
    internal static string ShanghaiEntity(SeedCompany company)
    {
        var name = company.NameZh;
        if (name.StartsWith(company.Country.NameZh, StringComparison.Ordinal) && name.Length > company.Country.NameZh.Length + 1)
        {
            name = name[company.Country.NameZh.Length..];
        }
        if (_legalForms.FirstOrDefault(f => name.EndsWith(f, StringComparison.Ordinal) && name.Length > f.Length) is { } legal)
        {
            name = name[..^legal.Length];
        }
        return name + "（上海）有限公司";
    }

    /// <summary>Codes in the order of the schedule: M08-000001 is the first meeting of the 8th edition.</summary>
    private void Number(SeedEdition edition, List<SeedMeeting> meetings, List<SeedDeal> deals)
    {
        var prefix = edition.Number.ToString("00", CultureInfo.InvariantCulture) + "-";
        var ordered = meetings
            .OrderBy(m => m.StartsAt)
            .ThenBy(m => m.TableCode ?? "~", StringComparer.Ordinal)
            .ThenBy(m => m.Exhibitor.Company.Code, StringComparer.Ordinal)
            .ThenBy(m => m.Buyer?.Company.Code ?? m.Team!.Code, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Code = "M" + prefix + (i + 1).ToString("000000", CultureInfo.InvariantCulture);
        }
        var orderedDeals = deals.OrderBy(d => d.Meeting.Code, StringComparer.Ordinal).ToList();
        for (var i = 0; i < orderedDeals.Count; i++)
        {
            orderedDeals[i].Code = "D" + prefix + (i + 1).ToString("000000", CultureInfo.InvariantCulture);
        }
        _data.Meetings.AddRange(ordered);
        _data.Deals.AddRange(orderedDeals);
    }

    // ---------------------------------------------------------------- users

    private void Users()
    {
        var r = Rng("users");
        const string domain = "@expo-crm.example.com";
        _names.ReserveUserName("admin");
        _names.ReserveUserName("manager");
        _names.ReserveUserName("viewer");
        var users = new List<SeedUser>
        {
            new("admin", "系统管理员", "admin" + domain, ["Administrator"], "zh-CN", [], [], []),
            new("manager", "进博会招商办主任", "manager" + domain, ["Manager"], "zh-CN", [], [], []),
            // Reads what a manager reads and changes nothing (e.g. the Expo bureau's statistics office).
            new("viewer", "统计处只读用户", "viewer" + domain, ["Viewer"], "zh-CN", [], [], []),
        };
        var current = _data.Editions.Last(e => !e.IsPast).Number;
        var delegations = _data.Delegations.Where(d => d.Edition == current).ToList();
        foreach (var top in delegations.Where(d => d.Parent is null))
        {
            var (userName, display) = _names.Person(r);
            users.Add(new(userName, display, userName + domain, ["DelegationLead"], "zh-CN", [], [], [$"{current}/{top.Code}"]));
        }
        var subs = delegations.Where(d => d.Parent is not null).GroupBy(d => d.Parent!.Code).Select(g => g.First()).Take(_size == SeedSize.Full ? 10 : 3);
        foreach (var sub in subs)
        {
            var (userName, display) = _names.Person(r);
            users.Add(new(userName, display, userName + domain, ["DelegationLead"], "zh-CN", [], [], [$"{current}/{sub.Code}"]));
        }
        foreach (var team in _data.Teams)
        {
            var members = 3 + r.Next(4);
            for (var i = 0; i < members; i++)
            {
                var (userName, display) = _names.Person(r);
                users.Add(i == 0
                    ? new(userName, display, userName + domain, ["TeamMember"], r.NextDouble() < 0.2 ? "en" : "zh-CN", [], [team.Code], [])
                    : new(userName, display, userName + domain, ["TeamMember"], r.NextDouble() < 0.2 ? "en" : "zh-CN", [team.Code], [], []));
            }
        }
        _data.Users.AddRange(users);
    }

    // ---------------------------------------------------------------- service issues (问题清单)

    /// <summary>Issues per edition: the current one (in preparation) and the two before it; (small, full).</summary>
    private static readonly Dictionary<int, (int Small, int Full)> _issuesBack = new() { [0] = (36, 320), [1] = (48, 520), [2] = (24, 260) };

    private static readonly (string Category, double Exhibitor, double Buyer)[] _issueCategories =
    [
        ("Registration", 10, 25), ("Badges", 16, 30), ("Logistics", 16, 3), ("Customs", 16, 0), ("Catering", 6, 12),
        ("Accommodation", 8, 20), ("Booth", 22, 0), ("Other", 6, 10),
    ];

    private static readonly (string Item, double Weight)[] _severities = [("Low", 30), ("Medium", 45), ("High", 20), ("Critical", 5)];
    private static readonly (string Item, double Weight)[] _severitiesOnSite = [("Low", 15), ("Medium", 40), ("High", 33), ("Critical", 12)];

    /// <summary>
    /// The issue list of the current edition (raised over the six weeks before the as-of date, mostly still open or in
    /// progress) and of the two editions before it (raised around the show, nearly all resolved or closed, a few left
    /// open). Each edition draws from its own stream, so the other files do not change.
    /// </summary>
    private void ServiceIssues()
    {
        var current = _data.Editions.Last(e => !e.IsPast);
        var now = AsOf.ToDateTime(new TimeOnly(18, 0));
        var teamMembers = _data.Users.Where(u => u.Roles.Contains("TeamMember")).Select(u => u.UserName).ToList();
        // Buyers' issues go to the lead of their delegation (the same province or group in every edition) when it has one.
        var leadBySource = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var user in _data.Users.Where(u => u.Roles.Contains("DelegationLead")))
        {
            foreach (var code in user.Delegations)
            {
                var delegation = _data.Delegations.FirstOrDefault(d => $"{d.Edition}/{d.Code}" == code && d.Parent is null);
                if (delegation is not null)
                {
                    leadBySource.TryAdd(delegation.Source.Key, user.UserName);
                }
            }
        }
        foreach (var back in _issuesBack.Keys.OrderByDescending(k => k))
        {
            var edition = _data.Editions.FirstOrDefault(e => e.Number == current.Number - back);
            if (edition is null)
            {
                continue;
            }
            var r = Rng("service-issues", edition.Number);
            var count = _size == SeedSize.Full ? _issuesBack[back].Full : _issuesBack[back].Small;
            var exhibitors = _data.Exhibitors.Where(e => e.Edition == edition.Number).ToList();
            var buyers = _data.Buyers.Where(b => b.Edition == edition.Number).ToList();
            var issues = new List<SeedServiceIssue>(count);
            for (var i = 0; i < count; i++)
            {
                var raisedAs = r.NextDouble() < 0.62 ? "Exhibitor" : "Buyer";
                var exhibitor = raisedAs == "Exhibitor" ? exhibitors[r.Next(exhibitors.Count)] : null;
                var buyer = raisedAs == "Buyer" ? buyers[r.Next(buyers.Count)] : null;
                // Only what can come up on this side at this time (before the show, nothing happens on site).
                var fitting = IssueTexts.All.Where(t => t.Fits(raisedAs) && (edition.IsPast || t.Phase != IssueTexts.Phase.During)).ToList();
                var category = Weighted(r, _issueCategories.Where(c => fitting.Any(t => t.Category == c.Category))
                    .Select(c => (c.Category, raisedAs == "Exhibitor" ? c.Exhibitor : c.Buyer)).ToList());
                var templates = fitting.Where(t => t.Category == category).ToList();
                var template = templates[r.Next(templates.Count)];
                var severity = Weighted(r, category is "Customs" or "Logistics" or "Booth" ? _severitiesOnSite : _severities);
                var text = (string s) => s
                    .Replace("{company}", (exhibitor?.Company ?? buyer!.Company).NameZh, StringComparison.Ordinal)
                    .Replace("{hall}", exhibitor?.Hall ?? "", StringComparison.Ordinal)
                    .Replace("{booth}", exhibitor?.Booth ?? "", StringComparison.Ordinal)
                    .Replace("{delegation}", buyer?.Delegation.NameZh ?? "", StringComparison.Ordinal)
                    .Replace("{n}", (2 + r.Next(5)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{t}", (3 + r.Next(10)).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
                var title = text(template.Title);
                var description = text(template.Description);
                var resolution = text(template.Resolution);

                DateTime raisedAt;
                if (!edition.IsPast)
                {
                    // More issues as the show comes closer: days back ∝ u^1.6 over six weeks.
                    raisedAt = now.AddDays(-Math.Floor(42 * Math.Pow(r.NextDouble(), 1.6))).Date;
                }
                else
                {
                    var during = template.Phase == IssueTexts.Phase.During || (template.Phase == IssueTexts.Phase.Any && r.NextDouble() < 0.5);
                    var start = edition.StartsOn.ToDateTime(TimeOnly.MinValue);
                    raisedAt = during
                        ? start.AddDays(-3 + r.Next(edition.EndsOn.DayNumber - edition.StartsOn.DayNumber + 8))
                        : start.AddDays(-40 + r.Next(38));
                }
                raisedAt = raisedAt.AddMinutes(8 * 60 + 30 + r.Next(11 * 60));
                if (raisedAt > now)
                {
                    raisedAt = now.AddMinutes(-5 - r.Next(120));
                }

                // How long it takes to resolve: hours on site, days before the show; faster when severe.
                var median = edition.IsPast && raisedAt >= edition.StartsOn.ToDateTime(TimeOnly.MinValue).AddDays(-3) ? 6.0 : 60.0;
                median *= severity switch { "Critical" => 0.3, "High" => 0.6, "Medium" => 1.0, _ => 1.6 };
                var hours = Math.Max(0.5, median * Math.Exp(0.9 * Normal(r)));
                var resolvedAt = raisedAt.AddMinutes(Math.Round(hours * 60));
                // Staff close issues between 08:00 and 21:00: a night falls to the next morning.
                if (resolvedAt.Hour < 8 || resolvedAt.Hour >= 21)
                {
                    var morning = resolvedAt.Hour < 8 ? resolvedAt.Date : resolvedAt.Date.AddDays(1);
                    resolvedAt = morning.AddHours(8 + r.Next(4)).AddMinutes(resolvedAt.Minute);
                }
                var settle = r.NextDouble();
                string status;
                if (edition.IsPast)
                {
                    // A few stay open long after the show: the "age" of the list.
                    var leftOpen = back == 1 ? 0.04 : 0.015;
                    status = settle < leftOpen / 2 ? "Open" : settle < leftOpen ? "InProgress" : r.NextDouble() < 0.7 ? "Closed" : "Resolved";
                }
                else
                {
                    // In preparation most are still being worked on; an issue resolved a while ago may be closed.
                    var resolved = resolvedAt <= now && settle < 0.45;
                    status = resolved
                        ? (now - resolvedAt).TotalDays > 5 && r.NextDouble() < 0.5 ? "Closed" : "Resolved"
                        : (now - raisedAt).TotalDays < 3 && r.NextDouble() < 0.6 ? "Open" : r.NextDouble() < 0.2 ? "Open" : "InProgress";
                }
                var isResolved = status is "Resolved" or "Closed";

                string? owner = buyer is not null && leadBySource.TryGetValue(buyer.TopDelegation.Source.Key, out var lead) && r.NextDouble() < 0.75
                    ? lead
                    : r.NextDouble() < 0.2 || teamMembers.Count == 0 ? "manager" : teamMembers[r.Next(teamMembers.Count)];
                if (status == "Open" && r.NextDouble() < 0.55)
                {
                    owner = null; // waits to be assigned
                }
                issues.Add(new SeedServiceIssue
                {
                    Edition = edition.Number, Company = (exhibitor?.Company ?? buyer!.Company), RaisedAs = raisedAs, Category = category,
                    Severity = severity, Title = title, Description = description, Owner = owner, Status = status,
                    Resolution = isResolved ? resolution : null, RaisedAt = raisedAt, ResolvedAt = isResolved ? resolvedAt : null,
                });
            }
            var prefix = "SI" + edition.Number.ToString("00", CultureInfo.InvariantCulture) + "-";
            var ordered = issues.Select((issue, index) => (issue, index)).OrderBy(x => x.issue.RaisedAt).ThenBy(x => x.index).Select(x => x.issue).ToList();
            for (var i = 0; i < ordered.Count; i++)
            {
                ordered[i].Code = prefix + (i + 1).ToString("00000", CultureInfo.InvariantCulture);
            }
            _data.ServiceIssues.AddRange(ordered);
        }
    }

    /// <summary>
    /// The people at the companies of the current edition, the ones staff call while preparing it: a foreign exhibitor has
    /// someone at its head office and its representative in China (more often the primary contact), a Chinese exhibitor
    /// or buyer one or two people of its own. Codes follow the companies' codes. One stream for all, so no other file changes.
    /// </summary>
    private void Contacts()
    {
        var current = _data.Editions.Last(e => !e.IsPast);
        var r = Rng("contacts", current.Number);
        var exhibiting = _data.Exhibitors.Where(e => e.Edition == current.Number).Select(e => e.Company).ToHashSet();
        var companies = exhibiting.Concat(_data.Buyers.Where(b => b.Edition == current.Number).Select(b => b.Company))
            .Distinct().OrderBy(c => c.Code, StringComparer.Ordinal).ToList();
        foreach (var company in companies)
        {
            var domain = company.Website is { } website ? new Uri(website).Host.Replace("www.", "", StringComparison.Ordinal) : null;
            var people = new List<(string Name, string? NameZh, string Title, string? Email, string? Phone)>();
            if (exhibiting.Contains(company) && company.Country.Code != "CN" && company.Country.Language != "zh")
            {
                var (name, mailbox) = ContactNames.Foreign(company.Country, r);
                people.Add((name, null, ContactNames.ForeignTitles[r.Next(ContactNames.ForeignTitles.Length)],
                    domain is null ? null : $"{mailbox}@{domain}", null));
                var (latin, zh, box) = ContactNames.Chinese(r);
                people.Add((latin, zh, ContactNames.RepresentativeTitles[r.Next(ContactNames.RepresentativeTitles.Length)],
                    domain is null ? null : $"{box}@{domain}", ContactNames.MobilePhone(r)));
                if (r.NextDouble() < 0.6)
                {
                    people.Reverse(); // the representative in China is the first to call
                }
            }
            else
            {
                var titles = exhibiting.Contains(company) ? ContactNames.RepresentativeTitles : ContactNames.BuyerTitles;
                for (var n = r.NextDouble() < 0.3 ? 2 : 1; n > 0; n--)
                {
                    var (latin, zh, box) = ContactNames.Chinese(r);
                    var email = domain is not null ? $"{box}@{domain}"
                        : r.NextDouble() < 0.5 ? $"{box}{r.Next(100):00}@{(r.NextDouble() < 0.5 ? "163.com" : "qq.com")}" : null;
                    people.Add((latin, zh, titles[r.Next(titles.Length)], email, ContactNames.MobilePhone(r)));
                }
            }
            foreach (var (person, index) in people.Select((p, i) => (p, i)))
            {
                var code = "P" + (_data.Contacts.Count + 1).ToString("000000", CultureInfo.InvariantCulture);
                _data.Contacts.Add(new SeedContact(code, company, person.Name, person.NameZh, person.Title, person.Email, person.Phone, index == 0));
            }
        }
    }
}
