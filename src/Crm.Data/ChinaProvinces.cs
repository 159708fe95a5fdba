namespace Crm.Data;

/// <summary>
/// The English names of China's provincial-level divisions, by the Chinese name buyers are kept under (上海市, 广西壮族自治区…).
/// The CRM stores a buyer's province in Chinese only; pages in English show these names.
/// </summary>
public static class ChinaProvinces
{
    private static readonly Dictionary<string, string> English = new(StringComparer.Ordinal)
    {
        ["北京市"] = "Beijing", ["天津市"] = "Tianjin", ["上海市"] = "Shanghai", ["重庆市"] = "Chongqing",
        ["河北省"] = "Hebei", ["山西省"] = "Shanxi", ["辽宁省"] = "Liaoning", ["吉林省"] = "Jilin", ["黑龙江省"] = "Heilongjiang",
        ["江苏省"] = "Jiangsu", ["浙江省"] = "Zhejiang", ["安徽省"] = "Anhui", ["福建省"] = "Fujian", ["江西省"] = "Jiangxi",
        ["山东省"] = "Shandong", ["河南省"] = "Henan", ["湖北省"] = "Hubei", ["湖南省"] = "Hunan", ["广东省"] = "Guangdong",
        ["海南省"] = "Hainan", ["四川省"] = "Sichuan", ["贵州省"] = "Guizhou", ["云南省"] = "Yunnan", ["陕西省"] = "Shaanxi",
        ["甘肃省"] = "Gansu", ["青海省"] = "Qinghai", ["台湾省"] = "Taiwan",
        ["内蒙古自治区"] = "Inner Mongolia", ["广西壮族自治区"] = "Guangxi", ["西藏自治区"] = "Tibet",
        ["宁夏回族自治区"] = "Ningxia", ["新疆维吾尔自治区"] = "Xinjiang", ["新疆生产建设兵团"] = "Xinjiang Production and Construction Corps",
        ["香港特别行政区"] = "Hong Kong SAR", ["澳门特别行政区"] = "Macao SAR",
    };

    /// <summary>The English name, or the Chinese one when the name is not a province the list knows.</summary>
    public static string InEnglish(string chinese) => English.GetValueOrDefault(chinese, chinese);
}
