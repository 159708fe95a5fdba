using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Exhibitors;

/// <summary>
/// What the exhibitor list shows: its filters, its order and its columns. The page keeps one, the export link carries it
/// in its query string, and the export reads it back: so the file holds exactly the rows and columns on the screen.
/// </summary>
public sealed record ExhibitorsView(
    int? Edition = null,
    string? Search = null,
    string? AreaCode = null,
    string? CountryCode = null,
    string? SectorCode = null,
    string? Category = null,
    bool? InterestedInInvesting = null,
    ListExhibitors.SortBy Sort = ListExhibitors.SortBy.Company,
    bool Descending = false,
    IReadOnlyList<string>? Columns = null)
{
    /// <summary>Every column the list can show, in its default order (keys are stable: the grid's column ids, the export's parameter).</summary>
    public static readonly IReadOnlyList<string> AllColumns =
        ["code", "company", "country", "sector", "area", "booth", "boothArea", "categories", "investing", "capacity"];

    public ListExhibitors.Query ToQuery(int skip, int take) =>
        new(Edition, Search, AreaCode, CountryCode, SectorCode, Category, InterestedInInvesting, Sort, Descending, skip, take);

    public string ToQueryString() => ViewQuery.Build(new Dictionary<string, object?>
    {
        ["edition"] = Edition, ["search"] = Search, ["area"] = AreaCode, ["country"] = CountryCode, ["sector"] = SectorCode,
        ["category"] = Category, ["investing"] = InterestedInInvesting?.ToString(), ["sort"] = Sort.ToString(), ["desc"] = Descending,
        [ListColumns.Parameter] = Columns,
    });

    public static ExhibitorsView Parse(ViewQuery q) => new(
        q.Number("edition"), q.Text("search"), q.Text("area"), q.Text("country"), q.Text("sector"), q.Text("category"), q.Flag("investing"),
        q.Choice("sort", ListExhibitors.SortBy.Company), q.Flag("desc") == true, ListColumns.Parse(q, AllColumns));

    /// <summary>The exported columns: the chosen ones in their order, else all.</summary>
    public IReadOnlyList<TableColumn<ListExhibitors.Row>> TableColumns(IStringLocalizer<ExhibitorsText> text, bool chinese)
    {
        string Pick(string en, string zh) => chinese && zh.Length > 0 ? zh : en;
        return ListColumns.Export<ListExhibitors.Row>(Columns,
        [
            new("code", text["ColCode"], r => r.Code),
            new("company", text["ColCompany"], r => Pick(r.Name, r.NameZh)),
            new("country", text["ColCountry"], r => Pick(r.CountryEn, r.CountryZh)),
            new("sector", text["ColSector"], r => Pick(r.SectorEn, r.SectorZh)),
            new("area", text["ColArea"], r => Pick(r.AreaEn, r.AreaZh)),
            new("booth", text["ColBooth"], r => r.Booth),
            new("boothArea", text["ColBoothArea"], r => r.BoothAreaSqm),
            new("categories", text["ColCategories"], r => r.Categories),
            new("investing", text["ColInvesting"], r => r.InterestedInInvesting ? text["Yes"].Value : text["No"].Value),
            new("capacity", text["ColCapacity"], r => r.MeetingCapacity),
        ]);
    }
}
