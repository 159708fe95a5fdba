namespace Crm.Seed;

/// <summary>
/// The trade delegations of the expo as they are organised every year: the 31 provinces, autonomous regions and
/// municipalities, the Xinjiang Production and Construction Corps, the five cities with independent planning status,
/// and the central enterprises (state-owned and financial). Each has its cities (or member groups), from which
/// sub-delegations (交易分团) are formed, and the world regions its buyers lean towards (used by the ground truth).
/// </summary>
public static class ChinaGeography
{
    /// <summary>One delegation as it recurs across editions.</summary>
    /// <param name="Key">Short code used in delegation codes, e.g. "GD" → D09-GD.</param>
    /// <param name="Short">Chinese short name, e.g. 广东.</param>
    /// <param name="Province">Province (or group) written on buyers and as the delegation's region, e.g. 广东省.</param>
    /// <param name="English">English name, e.g. Guangdong.</param>
    /// <param name="Weight">Relative number of buyers.</param>
    /// <param name="Cities">Cities (or member groups of a central delegation) that form sub-delegations.</param>
    /// <param name="AffinityRegions">World regions the delegation's buyers favour.</param>
    /// <param name="IsCentral">A delegation of central enterprises: its members are groups, not cities.</param>
    public sealed record DelegationSource(
        string Key, string Short, string Province, string English, double Weight, IReadOnlyList<string> Cities,
        IReadOnlyList<string> AffinityRegions, bool IsCentral = false, IReadOnlyList<string>? GroupSectors = null);

    private const string EastAsia = "East Asia", SoutheastAsia = "Southeast Asia", SouthAsia = "South Asia", CentralAsia = "Central Asia",
        MiddleEast = "Middle East", Europe = "Europe", NorthAmerica = "North America", LatinAmerica = "Latin America", Africa = "Africa",
        Oceania = "Oceania";

    private static DelegationSource P(string key, string shortName, string province, string english, double weight, string cities, params string[] regions) =>
        new(key, shortName, province, english, weight, cities.Split('|'), regions);

    public static IReadOnlyList<DelegationSource> Delegations { get; } =
    [
        P("SH", "上海", "上海市", "Shanghai", 12, "浦东新区|黄浦区|徐汇区|长宁区|静安区|普陀区|虹口区|杨浦区|闵行区|宝山区|嘉定区|金山区|松江区|青浦区|奉贤区|崇明区", Europe, NorthAmerica, Oceania),
        P("BJ", "北京", "北京市", "Beijing", 4, "朝阳区|海淀区|东城区|西城区|丰台区|大兴区|顺义区|通州区", NorthAmerica, Europe),
        P("TJ", "天津", "天津市", "Tianjin", 2.5, "滨海新区|和平区|河西区|南开区|东丽区|西青区|武清区", EastAsia, Europe),
        P("HE", "河北", "河北省", "Hebei", 2, "石家庄市|唐山市|保定市|廊坊市|邯郸市|沧州市|秦皇岛市", Europe, Oceania),
        P("SX", "山西", "山西省", "Shanxi", 1.5, "太原市|大同市|长治市|晋中市|运城市", Europe, CentralAsia),
        P("NM", "内蒙古", "内蒙古自治区", "Inner Mongolia", 1.2, "呼和浩特市|包头市|鄂尔多斯市|赤峰市|呼伦贝尔市", EastAsia, Europe, CentralAsia),
        P("LN", "辽宁", "辽宁省", "Liaoning", 2, "沈阳市|鞍山市|锦州市|营口市|丹东市|盘锦市", EastAsia, Europe),
        P("JL", "吉林", "吉林省", "Jilin", 1.5, "长春市|吉林市|延边州|四平市|通化市", EastAsia, Europe),
        P("HL", "黑龙江", "黑龙江省", "Heilongjiang", 1.5, "哈尔滨市|齐齐哈尔市|牡丹江市|大庆市|佳木斯市|黑河市", Europe, EastAsia),
        P("JS", "江苏", "江苏省", "Jiangsu", 8, "南京市|苏州市|无锡市|常州市|南通市|扬州市|徐州市|盐城市|镇江市|泰州市|淮安市|连云港市|宿迁市", Europe, NorthAmerica, EastAsia),
        P("ZJ", "浙江", "浙江省", "Zhejiang", 7, "杭州市|温州市|嘉兴市|湖州市|绍兴市|金华市|台州市|丽水市|舟山市|衢州市", Europe, NorthAmerica, LatinAmerica),
        P("AH", "安徽", "安徽省", "Anhui", 2.5, "合肥市|芜湖市|蚌埠市|马鞍山市|安庆市|滁州市|阜阳市", Europe, SoutheastAsia),
        P("FJ", "福建", "福建省", "Fujian", 2.5, "福州市|泉州市|漳州市|莆田市|南平市|龙岩市|宁德市", SoutheastAsia, EastAsia),
        P("JX", "江西", "江西省", "Jiangxi", 1.5, "南昌市|赣州市|九江市|上饶市|宜春市|景德镇市", Europe, Africa),
        P("SD", "山东", "山东省", "Shandong", 4, "济南市|烟台市|潍坊市|临沂市|淄博市|济宁市|威海市|日照市|德州市", EastAsia, Europe),
        P("HA", "河南", "河南省", "Henan", 2.5, "郑州市|洛阳市|新乡市|许昌市|南阳市|开封市|焦作市", Europe, Oceania),
        P("HB", "湖北", "湖北省", "Hubei", 2.5, "武汉市|宜昌市|襄阳市|荆州市|黄石市|十堰市", Europe, Africa),
        P("HN", "湖南", "湖南省", "Hunan", 2.5, "长沙市|株洲市|湘潭市|岳阳市|衡阳市|常德市", Africa, Europe),
        P("GD", "广东", "广东省", "Guangdong", 7, "广州市|珠海市|佛山市|东莞市|中山市|江门市|惠州市|汕头市|湛江市|肇庆市", SoutheastAsia, EastAsia, NorthAmerica),
        P("GX", "广西", "广西壮族自治区", "Guangxi", 2, "南宁市|柳州市|桂林市|北海市|钦州市|防城港市|玉林市", SoutheastAsia),
        P("HI", "海南", "海南省", "Hainan", 1.5, "海口市|三亚市|儋州市|琼海市|万宁市", SoutheastAsia, Europe),
        P("CQ", "重庆", "重庆市", "Chongqing", 2.5, "渝中区|两江新区|江北区|九龙坡区|沙坪坝区|涪陵区|永川区", Europe, SoutheastAsia),
        P("SC", "四川", "四川省", "Sichuan", 3, "成都市|绵阳市|德阳市|宜宾市|泸州市|乐山市|南充市", Europe, SouthAsia),
        P("GZ", "贵州", "贵州省", "Guizhou", 1.2, "贵阳市|遵义市|六盘水市|安顺市|毕节市", Europe, SoutheastAsia),
        P("YN", "云南", "云南省", "Yunnan", 1.8, "昆明市|曲靖市|玉溪市|红河州|大理州|西双版纳州", SoutheastAsia, SouthAsia),
        P("XZ", "西藏", "西藏自治区", "Tibet", 0.5, "拉萨市|日喀则市|林芝市|山南市", SouthAsia),
        P("SN", "陕西", "陕西省", "Shaanxi", 2, "西安市|宝鸡市|咸阳市|渭南市|榆林市|汉中市", CentralAsia, Europe),
        P("GS", "甘肃", "甘肃省", "Gansu", 1, "兰州市|天水市|酒泉市|张掖市|武威市", CentralAsia, MiddleEast),
        P("QH", "青海", "青海省", "Qinghai", 0.6, "西宁市|海东市|海西州|格尔木市", CentralAsia, SouthAsia),
        P("NX", "宁夏", "宁夏回族自治区", "Ningxia", 0.6, "银川市|石嘴山市|吴忠市|中卫市", MiddleEast, CentralAsia),
        P("XJ", "新疆", "新疆维吾尔自治区", "Xinjiang", 1.2, "乌鲁木齐市|喀什地区|伊犁州|昌吉州|阿克苏地区|克拉玛依市", CentralAsia, MiddleEast, Europe),
        P("XJBT", "新疆生产建设兵团", "新疆生产建设兵团", "Xinjiang Production and Construction Corps", 0.6, "第一师阿拉尔市|第六师五家渠市|第八师石河子市|第十二师", CentralAsia),
        P("DL", "大连", "辽宁省", "Dalian", 1.2, "大连市", EastAsia),
        P("QD", "青岛", "山东省", "Qingdao", 1.5, "青岛市", EastAsia, Europe),
        P("NB", "宁波", "浙江省", "Ningbo", 1.5, "宁波市", Europe, LatinAmerica),
        P("XM", "厦门", "福建省", "Xiamen", 1.2, "厦门市", SoutheastAsia, EastAsia),
        P("SZ", "深圳", "广东省", "Shenzhen", 2.5, "深圳市", SoutheastAsia, NorthAmerica, EastAsia),
        new("SOE", "中央企业", "中央企业", "Central State-owned Enterprises", 7,
            ["中国石油化工集团", "中国石油天然气集团", "国家电网", "中国中化控股", "中国五矿集团", "中国宝武钢铁集团", "中国医药集团",
             "中粮集团", "招商局集团", "中国远洋海运集团", "东方航空集团", "华润集团", "中国建材集团", "中国一汽", "东风汽车集团",
             "中国移动", "中国电信", "中国航空工业集团", "中国商用飞机", "中国通用技术集团"],
            [MiddleEast, Europe, NorthAmerica, LatinAmerica, Oceania], IsCentral: true,
            GroupSectors: ["ENERGY", "ENERGY", "ENERGY", "MATERIALS", "MATERIALS", "MATERIALS", "BIOMED", "AGRIFOOD", "LOGISTICS", "LOGISTICS",
                "LOGISTICS", "CONSUMER", "MATERIALS", "AUTO", "AUTO", "ICT", "ICT", "EQUIP", "EQUIP", "BIOMED"]),
        new("CFE", "中央金融企业", "中央金融企业", "Central Financial Enterprises", 1.5,
            ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "中国人寿", "中国人民保险集团", "中国进出口银行"],
            [Europe, NorthAmerica, MiddleEast], IsCentral: true,
            GroupSectors: ["FINANCE", "AGRIFOOD", "FINANCE", "FINANCE", "FINANCE", "HEALTH", "HEALTH", "LOGISTICS"]),
    ];

    /// <summary>Industry sub-delegations a province forms besides its cities (name suffix, English, sector).</summary>
    public static IReadOnlyList<(string Zh, string En, string Sector)> IndustryGroups { get; } =
    [
        ("医疗卫生", "Healthcare", "BIOMED"),
        ("商贸流通", "Commerce and Retail", "CONSUMER"),
        ("工业制造", "Manufacturing", "EQUIP"),
        ("农业农村", "Agriculture", "AGRIFOOD"),
        ("能源环保", "Energy and Environment", "ENERGY"),
        ("信息产业", "Information Industry", "ICT"),
    ];

    /// <summary>The city part of a company name: "广州市" → "广州", "浦东新区" → "浦东".</summary>
    public static string CityShort(string city) =>
        city.EndsWith("新区", StringComparison.Ordinal) ? city[..^2]
        : city.EndsWith("自治州", StringComparison.Ordinal) ? city[..^3]
        : city.EndsWith("地区", StringComparison.Ordinal) ? city[..^2]
        : city.Length > 2 && (city.EndsWith('市') || city.EndsWith('区') || city.EndsWith('州')) ? city[..^1]
        : city;
}
