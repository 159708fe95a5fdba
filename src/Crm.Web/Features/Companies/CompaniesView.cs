using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>What the company list shows: its filters, order and columns; the export link carries it.</summary>
public sealed record CompaniesView(
    string? Search = null,
    string? CountryCode = null,
    string? SectorCode = null,
    bool? Fortune500 = null,
    int? Edition = null,
    ListCompanies.Role? As = null,
    ListCompanies.SortBy Sort = ListCompanies.SortBy.Name,
    bool Descending = false,
    IReadOnlyList<string>? Columns = null)
{
    /// <summary>Every column the list can show, in its order (the grid's column ids, the export's columns).</summary>
    public static readonly IReadOnlyList<string> AllColumns = ["code", "company", "country", "sector", "f500", "exhibited", "bought"];

    public ListCompanies.Query ToQuery(int skip, int take) => new(Search, CountryCode, SectorCode, Fortune500, Edition, As, Sort, Descending, skip, take);

    public string ToQueryString() => ViewQuery.Build(new Dictionary<string, object?>
    {
        ["search"] = Search, ["country"] = CountryCode, ["sector"] = SectorCode, ["f500"] = Fortune500?.ToString(), ["edition"] = Edition,
        ["as"] = As?.ToString(), ["sort"] = Sort.ToString(), ["desc"] = Descending, [ListColumns.Parameter] = Columns,
    });

    public static CompaniesView Parse(ViewQuery q) => new(
        q.Text("search"), q.Text("country"), q.Text("sector"), q.Flag("f500"), q.Number("edition"),
        q.Text("as") is null ? null : q.Choice("as", ListCompanies.Role.Exhibitor), q.Choice("sort", ListCompanies.SortBy.Name), q.Flag("desc") == true,
        ListColumns.Parse(q, AllColumns));

    /// <summary>The exported columns: the chosen ones in their order, else all.</summary>
    public IReadOnlyList<TableColumn<ListCompanies.Row>> TableColumns(IStringLocalizer<CompaniesText> text, bool chinese)
    {
        string Pick(string en, string zh) => chinese && zh.Length > 0 ? zh : en;
        return ListColumns.Export<ListCompanies.Row>(Columns,
        [
            new("code", text["ColCode"], r => r.Code),
            new("company", text["ColCompany"], r => Pick(r.Name, r.NameZh)),
            new("country", text["FieldCountry"], r => Pick(r.CountryEn, r.CountryZh)),
            new("sector", text["FieldSector"], r => Pick(r.SectorEn, r.SectorZh)),
            new("f500", text["Fortune500"], r => r.IsFortune500 ? text["Yes"].Value : text["No"].Value),
            new("exhibited", text["EditionsExhibited"], r => r.EditionsExhibited),
            new("bought", text["EditionsBought"], r => r.EditionsBought),
        ]);
    }
}
