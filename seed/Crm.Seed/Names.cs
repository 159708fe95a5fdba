using System.Globalization;
using System.Text;

namespace Crm.Seed;

/// <summary>Plausible company and person names: in the company's own language, with a natural Chinese name.</summary>
internal sealed class Names
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly HashSet<string> _takenZh = new(StringComparer.Ordinal);
    private readonly HashSet<string> _userNames = new(StringComparer.Ordinal);

    private static (string Latin, string Zh)[] Stems(string list) =>
        list.Split('|').Select(p => p.Split(':')).Select(p => (p[0], p[1])).ToArray();

    private static readonly Dictionary<string, (string Latin, string Zh)[]> _stems = new(StringComparer.Ordinal)
    {
        ["de"] = Stems("Bergmann:贝格曼|Hoffmann:霍夫曼|Krüger:克吕格|Lindner:林德纳|Vogt:福格特|Weber:韦伯|Brandt:布兰特|Keller:凯勒|Schäfer:舍费尔|Richter:里希特|Winkler:温克勒|Hartmann:哈特曼|Zimmer:齐默|Böhm:伯姆|Lorenz:洛伦茨|Kraus:克劳斯|Sommer:佐默|Graf:格拉夫|Rheinland:莱茵兰|Nordwerk:诺德维克|Falken:法尔肯|Steiner:施泰纳|Huber:胡贝尔|Albrecht:阿尔布雷希特"),
        ["fr"] = Stems("Dubois:杜布瓦|Lefèvre:勒费弗尔|Moreau:莫罗|Laurent:洛朗|Girard:吉拉尔|Bonnet:博内|Rousseau:卢梭|Fontaine:方丹|Chevalier:舍瓦利耶|Mercier:梅西耶|Blanchard:布朗夏尔|Garnier:加尼耶|Provence:普罗旺斯|Lumière:卢米埃|Belleville:贝尔维尔|Marchand:马尔尚|Perrin:佩兰|Rivière:里维埃|Vasseur:瓦瑟|Delmas:德尔马"),
        ["it"] = Stems("Rossi:罗西|Bianchi:比安奇|Colombo:科隆博|Ricci:里奇|Marino:马里诺|Greco:格雷科|Bruno:布鲁诺|Gallo:加洛|Conti:孔蒂|De Luca:德卢卡|Moretti:莫雷蒂|Lombardi:隆巴尔迪|Barbieri:巴尔别里|Fontana:丰塔纳|Santoro:桑托罗|Mariani:马里亚尼|Rinaldi:里纳尔迪|Toscana:托斯卡纳|Vitale:维塔莱|Serra:塞拉"),
        ["es"] = Stems("García:加西亚|Martínez:马丁内斯|López:洛佩斯|Sánchez:桑切斯|Romero:罗梅罗|Navarro:纳瓦罗|Torres:托雷斯|Domínguez:多明格斯|Vargas:巴尔加斯|Castillo:卡斯蒂略|Ortega:奥尔特加|Morales:莫拉莱斯|Herrera:埃雷拉|Medina:梅迪纳|Iberia:伊比利亚|Andes:安第斯|Pampa:潘帕|Sierra:谢拉|Solano:索拉诺|Aguilar:阿吉拉尔"),
        ["pt"] = Stems("Silva:席尔瓦|Santos:桑托斯|Oliveira:奥利维拉|Souza:索萨|Pereira:佩雷拉|Costa:科斯塔|Almeida:阿尔梅达|Ferreira:费雷拉|Carvalho:卡瓦略|Ribeiro:里贝罗|Barbosa:巴尔博萨|Araújo:阿劳若|Amazonia:亚马孙|Atlântico:大西洋|Lusitana:卢西塔纳|Cerrado:塞拉多"),
        ["nl"] = Stems("De Vries:德弗里斯|Jansen:扬森|Bakker:巴克|Visser:菲瑟|Smit:斯密特|Meijer:梅耶尔|Mulder:穆尔德|Bos:博斯|Vos:福斯|Dekker:德克尔|Van Dijk:范戴克|Oranje:奥兰耶|Delta:德尔塔|Hendriks:亨德里克斯"),
        ["nordic"] = Stems("Lindqvist:林德奎斯特|Nordström:诺德斯特伦|Berg:贝里|Holm:霍尔姆|Dahl:达尔|Nygaard:尼高|Larsen:拉森|Hansen:汉森|Virtanen:维尔塔宁|Korhonen:科尔霍宁|Aurora:奥罗拉|Sundberg:松德贝里|Fjeld:菲耶尔|Lund:伦德"),
        ["ja"] = Stems("Takahashi:高桥|Yamamoto:山本|Nakamura:中村|Kobayashi:小林|Sato:佐藤|Watanabe:渡边|Ito:伊藤|Kato:加藤|Yoshida:吉田|Yamada:山田|Sasaki:佐佐木|Matsumoto:松本|Inoue:井上|Kimura:木村|Hayashi:林|Shimizu:清水|Fujita:藤田|Okada:冈田|Nishimura:西村|Sakura:樱|Fuji:富士|Asahi:旭|Daiwa:大和|Kiyomizu:清水寺"),
        ["ko"] = Stems("Hanil:韩一|Daesung:大成|Dongbang:东邦|Sejin:世进|Mirae:未来|Sinil:新一|Jinyang:晋阳|Haesung:海成|Seowon:瑞元|Taeyang:太阳|Kyungin:京仁|Woori:友利|Hanbit:韩光|Seongwon:成元|Gaon:伽温"),
        ["en"] = Stems("Bennett:贝内特|Carter:卡特|Harper:哈珀|Whitman:惠特曼|Sterling:斯特林|Brooks:布鲁克斯|Hudson:哈德逊|Preston:普雷斯顿|Ashford:阿什福德|Redwood:红木|Evergreen:常青|Northfield:诺斯菲尔德|Greenway:绿道|Blue Ridge:蓝岭|Oakridge:橡树岭|Westbrook:韦斯特布鲁克|Hamilton:汉密尔顿|Wallace:华莱士|Fletcher:弗莱彻|Crawford:克劳福德|Kingsley:金斯利|Southern Cross:南十字|Coral Bay:珊瑚湾|Maple:枫叶|Lakeside:湖畔|Silverstone:银石"),
        ["ru"] = Stems("Volga:伏尔加|Ural:乌拉尔|Baikal:贝加尔|Sibir:西伯|Ivanov:伊万诺夫|Petrov:彼得罗夫|Sokolov:索科洛夫|Kuznetsov:库兹涅佐夫|Taiga:泰加|Altai:阿尔泰|Neva:涅瓦|Amur:阿穆尔|Steppe:草原|Orion:猎户"),
        ["ar"] = Stems("Al Noor:努尔|Al Rashid:拉希德|Al Falah:法拉赫|Gulf Star:海湾之星|Al Waha:瓦哈|Al Safa:萨法|Al Baraka:巴拉卡|Desert Rose:沙漠玫瑰|Al Hilal:新月|Nile:尼罗|Atlas:阿特拉斯|Al Amal:阿迈勒|Oasis:绿洲|Al Majd:马吉德"),
        ["generic"] = Stems("Novara:诺瓦拉|Zentis:曾蒂斯|Orbis:奥比斯|Meridian:子午线|Equator:赤道|Horizon:地平线|Sunrise:日升|Coral:珊瑚|Savanna:萨凡纳|Kilima:基利马|Baobab:猴面包树|Mekong:湄公|Lotus:莲花|Andaman:安达曼|Himalaya:喜马拉雅|Silk Road:丝路|Emerald:翡翠|Golden Palm:金棕榈|Tropica:特罗皮卡|Pacifica:太平洋|Caspian:里海|Danube:多瑙|Balkan:巴尔干|Carpathia:喀尔巴阡|Zambezi:赞比西|Serengeti:塞伦盖蒂|Anatolia:安纳托利亚|Pearl:明珠"),
    };

    // Sector words: English (two variants) and Chinese, then per language where the name is written in it.
    private static readonly Dictionary<string, (string En, string Zh)[]> _sectorWords = new(StringComparer.Ordinal)
    {
        ["AGRIFOOD"] = [("Foods", "食品"), ("Agri", "农业")],
        ["AUTO"] = [("Automotive", "汽车"), ("Motors", "汽车工业")],
        ["EQUIP"] = [("Machinery", "机械"), ("Industries", "工业")],
        ["ICT"] = [("Technologies", "科技"), ("Systems", "系统")],
        ["BIOMED"] = [("Medical", "医疗"), ("Pharma", "制药")],
        ["HEALTH"] = [("Health", "健康"), ("Wellness", "康养")],
        ["CONSUMER"] = [("Brands", "品牌"), ("Consumer Products", "消费品")],
        ["MATERIALS"] = [("Materials", "材料"), ("Chemicals", "化学")],
        ["ENERGY"] = [("Energy", "能源"), ("Power", "电力")],
        ["FINANCE"] = [("Capital", "资本"), ("Consulting", "咨询")],
        ["LOGISTICS"] = [("Logistics", "物流"), ("Shipping", "航运")],
        ["CULTURE"] = [("Creative", "文创"), ("Travel", "旅游")],
    };

    private static readonly Dictionary<string, string[]> _localSectorWords = new(StringComparer.Ordinal)
    {
        // AGRIFOOD, AUTO, EQUIP, ICT, BIOMED, HEALTH, CONSUMER, MATERIALS, ENERGY, FINANCE, LOGISTICS, CULTURE
        ["de"] = ["Lebensmittel", "Automobiltechnik", "Maschinenbau", "Technologie", "Medizintechnik", "Gesundheit", "Konsumgüter", "Werkstoffe", "Energietechnik", "Beratung", "Logistik", "Design"],
        ["fr"] = ["Alimentaire", "Automobile", "Industrie", "Technologies", "Médical", "Santé", "Maison", "Matériaux", "Énergie", "Conseil", "Logistique", "Création"],
        ["it"] = ["Alimentari", "Automotive", "Meccanica", "Tecnologie", "Medicale", "Salute", "Design", "Materiali", "Energia", "Consulenza", "Logistica", "Creativa"],
        ["es"] = ["Alimentos", "Automoción", "Maquinaria", "Tecnología", "Médica", "Salud", "Consumo", "Materiales", "Energía", "Consultores", "Logística", "Creativa"],
        ["pt"] = ["Alimentos", "Automotiva", "Máquinas", "Tecnologia", "Médica", "Saúde", "Consumo", "Materiais", "Energia", "Consultoria", "Logística", "Criativa"],
    };

    private static readonly string[] _sectorOrder = ["AGRIFOOD", "AUTO", "EQUIP", "ICT", "BIOMED", "HEALTH", "CONSUMER", "MATERIALS", "ENERGY", "FINANCE", "LOGISTICS", "CULTURE"];

    private static string StemList(SeedCountry c) => c.Language switch
    {
        "de" or "fr" or "it" or "es" or "pt" or "nl" or "ja" or "ko" or "ru" or "ar" => c.Language,
        "sv" or "da" or "no" or "fi" or "is" => "nordic",
        "en" when c.Region is "Europe" or "North America" or "Oceania" => "en",
        "uk" or "kk" or "uz" or "tg" or "ky" => "ru",
        _ => "generic",
    };

    /// <summary>(legal form in the original, Chinese legal form) by country.</summary>
    private static (string Latin, string Zh) Legal(SeedCountry c, Random r, bool big)
    {
        (string, string) Pick((string, string) small, (string, string) large) => big || r.NextDouble() < 0.25 ? large : small;
        return c.Code switch
        {
            "DE" or "AT" or "CH" => Pick(("GmbH", "有限公司"), ("AG", "股份公司")),
            "FR" or "BE" or "LU" or "CI" or "SN" or "CM" => Pick(("SAS", "有限公司"), ("S.A.", "股份公司")),
            "IT" => Pick(("S.r.l.", "有限公司"), ("S.p.A.", "股份公司")),
            "ES" or "MX" or "AR" or "CL" or "PE" or "CO" or "EC" or "UY" => Pick(("S.L.", "有限公司"), ("S.A.", "股份公司")),
            "BR" => Pick(("Ltda.", "有限公司"), ("S.A.", "股份公司")),
            "PT" => Pick(("Lda.", "有限公司"), ("S.A.", "股份公司")),
            "NL" => Pick(("B.V.", "有限公司"), ("N.V.", "股份公司")),
            "SE" => ("AB", "公司"),
            "DK" => ("A/S", "公司"),
            "NO" => ("AS", "公司"),
            "FI" => ("Oy", "公司"),
            "JP" => Pick(("Co., Ltd.", "株式会社"), ("Corporation", "株式会社")),
            "KR" => ("Co., Ltd.", "株式会社"),
            "US" or "CA" => Pick(("LLC", "有限责任公司"), ("Inc.", "公司")),
            "GB" or "IE" or "NZ" => Pick(("Ltd", "有限公司"), ("PLC", "股份公司")),
            "AU" => ("Pty Ltd", "有限公司"),
            "IN" or "PK" or "LK" or "BD" => ("Pvt. Ltd.", "有限公司"),
            "RU" or "BY" or "KZ" => Pick(("LLC", "有限责任公司"), ("JSC", "股份公司")),
            _ when c.Language == "ar" => Pick(("Trading LLC", "贸易有限责任公司"), ("Group", "集团")),
            _ => ("Co., Ltd.", "有限公司"),
        };
    }

    private static readonly string[] _zhBrands =
        "华信|中联|瑞丰|鼎盛|宏达|天润|金桥|万通|嘉禾|永泰|华瑞|鑫源|恒通|博远|盛世|东升|海纳|远航|锦程|德润|中天|亿丰|信达|同创|安达|泰和|润华|佳源|新锐|康源|汇通|申达|浦江|金鼎|宏远|弘毅|智远|景泰|和顺|嘉诚|明德|百川|天成|华腾|诚达|祥和|福瑞|永安|海川|益康|瑞康|融信|凯达|聚源|鸿运|众诚|启航|致远|恒升|长青|云帆|翔宇|汇丰源|东方红|新世纪|九州|四海|天禧|君和|昊天|星河|通利|骏丰|沃德|睿达|尚品|优选|荣盛|立达|广源|华宇|宝丰|志诚|合力|鸿图|金穗|青禾|蓝海|瀚海"
            .Split('|');

    private static readonly Dictionary<string, string[]> _zhIndustries = new(StringComparer.Ordinal)
    {
        ["AGRIFOOD"] = ["食品", "农产品", "粮油", "进出口贸易", "餐饮管理", "生鲜供应链"],
        ["AUTO"] = ["汽车销售服务", "汽车零部件", "汽车贸易"],
        ["EQUIP"] = ["机械设备", "智能装备", "精密制造", "自动化设备"],
        ["ICT"] = ["电子科技", "信息技术", "数字科技", "软件"],
        ["BIOMED"] = ["医药", "医疗器械", "生物科技", "医药连锁"],
        ["HEALTH"] = ["健康管理", "养老服务", "医疗投资", "健康产业"],
        ["CONSUMER"] = ["商贸", "百货", "日用品", "供应链管理", "电子商务"],
        ["MATERIALS"] = ["新材料", "化工", "化学品贸易"],
        ["ENERGY"] = ["新能源", "环保科技", "能源", "电力工程"],
        ["FINANCE"] = ["投资", "融资租赁", "咨询", "资产管理"],
        ["LOGISTICS"] = ["物流", "国际货运代理", "供应链", "仓储"],
        ["CULTURE"] = ["文化传媒", "旅游发展", "文化创意", "会展服务"],
    };

    /// <summary>A foreign company: name in its own language (Latin script) and a Chinese name.</summary>
    public (string Name, string NameZh, string? Website) Foreign(SeedCountry country, string sector, bool big, Random r)
    {
        if (country.Language == "zh")
        {
            return Chinese(country.NameZh.Replace("中国", "", StringComparison.Ordinal), sector, r, website: true);
        }
        var stems = _stems[StemList(country)];
        var sectorIndex = Array.IndexOf(_sectorOrder, sector);
        for (var attempt = 0; ; attempt++)
        {
            var (stem, stemZh) = stems[r.Next(stems.Length)];
            if (attempt >= 2)
            {
                var (second, secondZh) = stems[r.Next(stems.Length)];
                if (second == stem)
                {
                    continue;
                }
                stem = attempt < 12 ? stem + " & " + second : stem + "-" + second + " " + (attempt - 10).ToString(CultureInfo.InvariantCulture);
                stemZh = attempt < 12 ? stemZh + secondZh : stemZh + secondZh + (attempt - 10).ToString(CultureInfo.InvariantCulture);
            }
            var variants = _sectorWords[sector];
            var variant = r.Next(variants.Length);
            var word = _localSectorWords.TryGetValue(country.Language, out var local) && variant == 0 ? local[sectorIndex] : variants[variant].En;
            var (legal, legalZh) = Legal(country, r, big);
            var name = $"{stem} {word} {legal}";
            var prefix = country.Code is "JP" or "KR" ? "" : country.NameZh;
            var nameZh = prefix + stemZh + variants[variant].Zh + legalZh;
            if (_taken.Add(name))
            {
                _takenZh.Add(nameZh);
                var slug = Slug(stem + word);
                var tld = country.Code switch { "US" => "com", "GB" => "co.uk", "JP" => "co.jp", "KR" => "co.kr", "AU" => "com.au", _ => country.Code.ToLowerInvariant() };
                return (name, nameZh, $"https://www.{slug}.{tld}");
            }
        }
    }

    /// <summary>A Chinese company (buyer, or an exhibitor from Hong Kong, Macao, Taiwan): one Chinese name.</summary>
    public (string Name, string NameZh, string? Website) Chinese(string place, string sector, Random r, bool website = false, string? group = null)
    {
        var industries = _zhIndustries[sector];
        for (var attempt = 0; ; attempt++)
        {
            var brand = _zhBrands[r.Next(_zhBrands.Length)];
            var industry = industries[r.Next(industries.Length)];
            var roll = r.NextDouble();
            var legal = group is not null ? "有限公司" : roll < 0.7 ? "有限公司" : roll < 0.85 ? "股份有限公司" : "集团有限公司";
            var name = group is not null ? $"{group}{place}{brand}{industry}{legal}" : $"{place}{brand}{industry}{legal}";
            if (attempt > 30)
            {
                name = $"{place}{brand}{industry}{legal}".Replace("有限公司", "（第" + ToChineseNumber(attempt - 29) + "）有限公司", StringComparison.Ordinal);
            }
            if (_takenZh.Add(name))
            {
                return (name, name, website ? null : null);
            }
        }
    }

    private static string ToChineseNumber(int n)
    {
        string[] digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        return n < 10 ? digits[n] : n.ToString(CultureInfo.InvariantCulture);
    }

    private static string Slug(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder();
        foreach (var ch in normalized)
        {
            if (ch is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                sb.Append(ch);
            }
            else if (ch is >= 'A' and <= 'Z')
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
        }
        return sb.ToString();
    }

    /// <summary>Common Chinese surnames with their pinyin (lower case).</summary>
    internal static readonly (string Zh, string Pinyin)[] Surnames =
    [
        ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"),
        ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"), ("郭", "guo"),
        ("何", "he"), ("林", "lin"), ("高", "gao"), ("罗", "luo"), ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"),
    ];

    /// <summary>Common Chinese given names with their pinyin (lower case).</summary>
    internal static readonly (string Zh, string Pinyin)[] GivenNames =
    [
        ("志强", "zhiqiang"), ("建华", "jianhua"), ("丽娟", "lijuan"), ("晓明", "xiaoming"), ("海燕", "haiyan"), ("静怡", "jingyi"),
        ("文博", "wenbo"), ("子涵", "zihan"), ("国庆", "guoqing"), ("嘉怡", "jiayi"), ("俊杰", "junjie"), ("雪梅", "xuemei"),
        ("宇航", "yuhang"), ("佳琪", "jiaqi"), ("伟", "wei"), ("芳", "fang"), ("磊", "lei"), ("敏", "min"), ("洋", "yang"),
        ("婷", "ting"), ("浩然", "haoran"), ("思远", "siyuan"), ("雨萱", "yuxuan"), ("明辉", "minghui"), ("春燕", "chunyan"),
        ("立新", "lixin"), ("晨曦", "chenxi"), ("亚楠", "yanan"), ("振东", "zhendong"), ("慧敏", "huimin"),
    ];

    /// <summary>A Chinese person: display name and a unique ASCII user name (pinyin).</summary>
    public (string UserName, string DisplayName) Person(Random r)
    {
        var (surname, surnamePinyin) = Surnames[r.Next(Surnames.Length)];
        var (given, givenPinyin) = GivenNames[r.Next(GivenNames.Length)];
        var userName = givenPinyin + "." + surnamePinyin;
        for (var n = 2; !_userNames.Add(userName); n++)
        {
            userName = givenPinyin + "." + surnamePinyin + n.ToString(CultureInfo.InvariantCulture);
        }
        return (userName, surname + given);
    }

    public void ReserveUserName(string userName) => _userNames.Add(userName);
}
