using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Teams;

/// <summary>What the promotion team list shows: its columns. The page keeps one, saved views and the export link carry it.</summary>
public sealed record TeamsView(IReadOnlyList<string>? Columns = null)
{
    /// <summary>Every column the list can show, in its order (the grid's column ids, the export's columns).</summary>
    public static readonly IReadOnlyList<string> AllColumns =
        ["code", "team", "district", "park", "focus", "members", "leads", "open", "signed", "signedValue"];

    public string ToQueryString() => ViewQuery.Build(new Dictionary<string, object?> { [ListColumns.Parameter] = Columns });

    public static TeamsView Parse(ViewQuery q) => new(ListColumns.Parse(q, AllColumns));

    /// <summary>The exported columns: the chosen ones in their order, else all.</summary>
    public IReadOnlyList<TableColumn<ListTeams.Row>> TableColumns(IStringLocalizer<TeamsText> text, bool chinese)
    {
        string Pick(string en, string zh) => chinese && zh.Length > 0 ? zh : en;
        return ListColumns.Export<ListTeams.Row>(Columns,
        [
            new("code", text["ColCode"], r => r.Code),
            new("team", text["ColTeam"], r => Pick(r.Name, r.NameZh)),
            new("district", text["ColDistrict"], r => Pick(r.DistrictEn, r.DistrictZh)),
            new("park", text["ColPark"], r => r.Park),
            new("focus", text["ColFocus"], r => string.Join(chinese ? "、" : "; ", chinese ? r.FocusZh : r.FocusEn)),
            new("members", text["ColMembers"], r => r.Members),
            new("leads", text["ColLeads"], r => r.Pipeline?.Leads),
            new("open", text["ColOpen"], r => r.Pipeline?.Open),
            new("signed", text["ColSigned"], r => r.Pipeline?.Signed),
            new("signedValue", text["ColSignedValueUsd"], r => r.Pipeline?.SignedValueUsd),
        ]);
    }
}
