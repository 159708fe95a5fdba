using System.Globalization;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Teams;

/// <summary>GET /exports/teams.csv|.xlsx: the promotion team list as shown (pipelines only where the user reaches them).</summary>
public static class ExportTeams
{
    public static IEndpointRouteBuilder MapTeamExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapListExport<ListTeams.Row>("teams", async (_, mediator, services, cancellationToken) =>
        {
            var text = services.GetRequiredService<IStringLocalizer<TeamsText>>();
            var chinese = Cultures.IsChinese(CultureInfo.CurrentUICulture);
            string Pick(string en, string zh) => chinese && zh.Length > 0 ? zh : en;
            TableColumn<ListTeams.Row>[] columns =
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
            ];
            return new ListExport<ListTeams.Row>(text["ExportFileName"], columns, await mediator.Send(new ListTeams.Query(), cancellationToken));
        });
}
