namespace Crm.Data.Entities;

/// <summary>Reference data named by a code, in English and Chinese.</summary>
public interface ICodedReference
{
    string Code { get; set; }
    string NameEn { get; set; }
    string NameZh { get; set; }
}

/// <summary>A country or region, keyed by its ISO 3166-1 alpha-2 code.</summary>
public class Country : ICodedReference
{
    public string Code { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string NameZh { get; set; } = "";
    /// <summary>World region (e.g. "Europe", "Asia"), used for affinity features.</summary>
    public string Region { get; set; } = "";
    /// <summary>Main business language as an ISO 639-1 code.</summary>
    public string Language { get; set; } = "";
}

/// <summary>One of the expo's exhibition areas (展区), e.g. Food and Agricultural Products.</summary>
public class ExhibitionArea : ICodedReference
{
    public string Code { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string NameZh { get; set; } = "";
}

/// <summary>A product category within an exhibition area; exhibitors show and buyers want categories.</summary>
public class ProductCategory : ICodedReference
{
    public string Code { get; set; } = "";
    public string AreaCode { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string NameZh { get; set; } = "";
    /// <summary>The sector a category belongs to (companies and promotion teams are tagged by sector).</summary>
    public string SectorCode { get; set; } = "";
}

/// <summary>An industry sector (行业).</summary>
public class Sector : ICodedReference
{
    public string Code { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string NameZh { get; set; } = "";
}

/// <summary>A district of Shanghai (or another host locality) whose promotion teams work the expo.</summary>
public class District : ICodedReference
{
    public string Code { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string NameZh { get; set; } = "";
}
