using System.Globalization;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Teams;

/// <summary>GET /exports/teams.csv|.xlsx?columns=…: the promotion team list as shown (its columns; pipelines only where the user reaches them).</summary>
public static class ExportTeams
{
    public static IEndpointRouteBuilder MapTeamExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapListExport<ListTeams.Row>("teams", async (query, mediator, services, cancellationToken) =>
        {
            var view = TeamsView.Parse(ViewQuery.Parse(query));
            var text = services.GetRequiredService<IStringLocalizer<TeamsText>>();
            return new ListExport<ListTeams.Row>(text["ExportFileName"], view.TableColumns(text, Cultures.IsChinese(CultureInfo.CurrentUICulture)),
                await mediator.Send(new ListTeams.Query(), cancellationToken));
        });
}
