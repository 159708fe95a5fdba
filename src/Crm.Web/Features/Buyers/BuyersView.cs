using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Buyers;

/// <summary>What the buyer list shows: its filters, order and columns; the export link carries it, so the file holds what the screen does.</summary>
public sealed record BuyersView(
    int? Edition = null,
    string? Search = null,
    int? DelegationId = null,
    string? Province = null,
    string? SectorCode = null,
    string? Category = null,
    decimal? MinBudgetUsd = null,
    ListBuyers.SortBy Sort = ListBuyers.SortBy.Company,
    bool Descending = false,
    IReadOnlyList<string>? Columns = null)
{
    public static readonly IReadOnlyList<string> AllColumns = ["code", "company", "city", "sector", "delegation", "budget", "wanted"];

    public ListBuyers.Query ToQuery(int skip, int take) =>
        new(Edition, Search, DelegationId, Province, SectorCode, Category, MinBudgetUsd, Sort, Descending, skip, take);

    public string ToQueryString() => ViewQuery.Build(new Dictionary<string, object?>
    {
        ["edition"] = Edition, ["search"] = Search, ["delegation"] = DelegationId, ["province"] = Province, ["sector"] = SectorCode,
        ["category"] = Category, ["budget"] = MinBudgetUsd, ["sort"] = Sort.ToString(), ["desc"] = Descending, [ListColumns.Parameter] = Columns,
    });

    public static BuyersView Parse(ViewQuery q) => new(
        q.Number("edition"), q.Text("search"), q.Number("delegation"), q.Text("province"), q.Text("sector"), q.Text("category"),
        q.Number("budget"), q.Choice("sort", ListBuyers.SortBy.Company), q.Flag("desc") == true, ListColumns.Parse(q, AllColumns));

    /// <summary>The exported columns: the chosen ones in their order, else all.</summary>
    public IReadOnlyList<TableColumn<ListBuyers.Row>> TableColumns(IStringLocalizer<BuyersText> text, bool chinese)
    {
        string Pick(string? en, string? zh) => chinese && !string.IsNullOrEmpty(zh) ? zh : en ?? "";
        return ListColumns.Export<ListBuyers.Row>(Columns,
        [
            new("code", text["ColCode"], r => r.Code),
            new("company", text["ColCompany"], r => Pick(r.Name, r.NameZh)),
            new("city", text["ColCity"], r => r.Province == r.City ? r.City : $"{r.Province} {r.City}"),
            new("sector", text["ColSector"], r => Pick(r.SectorEn, r.SectorZh)),
            new("delegation", text["ColDelegation"], r => Pick(r.Delegation, r.DelegationZh)),
            new("budget", text["ColBudget"], r => r.BudgetUsd),
            new("wanted", text["ColWanted"], r => r.WantedCategories),
        ]);
    }
}
