using System.Globalization;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>GET /exports/service-issues.csv|.xlsx?…: the issue list as filtered and ordered on the screen, every row.</summary>
public static class ExportServiceIssues
{
    public static IEndpointRouteBuilder MapServiceIssueExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapListExport<ListServiceIssues.Row>("service-issues", async (query, mediator, services, cancellationToken) =>
        {
            var view = ServiceIssuesView.Parse(ViewQuery.Parse(query));
            var page = await mediator.Send(view.ToQuery(0, ListServiceIssues.MaxTake), cancellationToken);
            var text = services.GetRequiredService<IStringLocalizer<ServiceIssuesText>>();
            return new ListExport<ListServiceIssues.Row>(text["ExportFileName", page.Edition],
                view.TableColumns(text, Cultures.IsChinese(CultureInfo.CurrentUICulture)), page.Rows);
        });
}
