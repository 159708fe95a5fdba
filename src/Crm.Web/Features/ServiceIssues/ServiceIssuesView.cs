using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>What the issue list shows: its filters, order and columns. The page keeps one, the address and the export link carry it.</summary>
public sealed record ServiceIssuesView(
    int? Edition = null,
    bool OpenOnly = false,
    ServiceIssueStatus? Status = null,
    ServiceIssueCategory? Category = null,
    ServiceIssueSeverity? Severity = null,
    ServiceIssueParty? RaisedAs = null,
    ListServiceIssues.OwnerFilter Owner = ListServiceIssues.OwnerFilter.Anyone,
    string? OwnerUserId = null,
    string? Search = null,
    ListServiceIssues.SortBy Sort = ListServiceIssues.SortBy.Raised,
    bool Descending = true,
    IReadOnlyList<string>? Columns = null)
{
    /// <summary>Every column the list can show, in its order (the grid's column ids, the export's columns).</summary>
    public static readonly IReadOnlyList<string> AllColumns =
        ["code", "company", "companyCode", "side", "title", "category", "severity", "owner", "status", "raised", "resolved", "age"];

    public ListServiceIssues.Query ToQuery(int skip, int take) =>
        new(Edition, OpenOnly, Status, Category, Severity, RaisedAs, Owner, OwnerUserId, Search, Sort, Descending, skip, take);

    public string ToQueryString() => ViewQuery.Build(new Dictionary<string, object?>
    {
        ["edition"] = Edition, ["open"] = OpenOnly, ["status"] = Status?.ToString(), ["category"] = Category?.ToString(),
        ["severity"] = Severity?.ToString(), ["side"] = RaisedAs?.ToString(),
        ["owner"] = Owner == ListServiceIssues.OwnerFilter.Anyone ? null : Owner.ToString(), ["ownerId"] = OwnerUserId, ["search"] = Search,
        ["sort"] = Sort.ToString(), ["asc"] = !Descending, [ListColumns.Parameter] = Columns,
    });

    public static ServiceIssuesView Parse(ViewQuery q) => new(
        q.Number("edition"), q.Flag("open") == true, Optional<ServiceIssueStatus>(q, "status"), Optional<ServiceIssueCategory>(q, "category"),
        Optional<ServiceIssueSeverity>(q, "severity"), Optional<ServiceIssueParty>(q, "side"),
        OwnerOf(q), q.Text("ownerId"), q.Text("search"), q.Choice("sort", ListServiceIssues.SortBy.Raised), q.Flag("asc") != true,
        ListColumns.Parse(q, AllColumns));

    /// <summary>A particular owner only with their id; without it, anyone's.</summary>
    private static ListServiceIssues.OwnerFilter OwnerOf(ViewQuery q) =>
        q.Choice("owner", ListServiceIssues.OwnerFilter.Anyone) is var owner && (owner != ListServiceIssues.OwnerFilter.User || q.Text("ownerId") is not null)
            ? owner : ListServiceIssues.OwnerFilter.Anyone;

    private static TEnum? Optional<TEnum>(ViewQuery q, string key) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(q.Text(key), out var value) && Enum.IsDefined(value) ? value : null;

    /// <summary>The exported columns: the chosen ones in their order, else all.</summary>
    public IReadOnlyList<TableColumn<ListServiceIssues.Row>> TableColumns(IStringLocalizer<ServiceIssuesText> text, bool chinese)
    {
        string Pick(string en, string zh) => chinese && zh.Length > 0 ? zh : en;
        return ListColumns.Export<ListServiceIssues.Row>(Columns,
        [
            new("code", text["ColCode"], r => r.Code),
            new("company", text["ColCompany"], r => Pick(r.CompanyName, r.CompanyNameZh)),
            new("companyCode", text["ColCompanyCode"], r => r.CompanyCode),
            new("side", text["ColRaisedAs"], r => text["Party." + r.RaisedAs].Value),
            new("title", text["ColTitle"], r => r.Title),
            new("category", text["ColCategory"], r => text["Category." + r.Category].Value),
            new("severity", text["ColSeverity"], r => text["Severity." + r.Severity].Value),
            new("owner", text["ColOwner"], r => r.OwnerName),
            new("status", text["ColStatus"], r => text["Status." + r.Status].Value),
            new("raised", text["ColRaised"], r => Crm.Data.ExpoClock.ToShanghai(r.RaisedAt)),
            new("resolved", text["ColResolved"], r => r.ResolvedAt is { } resolved ? Crm.Data.ExpoClock.ToShanghai(resolved) : null),
            new("age", text["ColAge"], r => r.AgeDays),
        ]);
    }
}
