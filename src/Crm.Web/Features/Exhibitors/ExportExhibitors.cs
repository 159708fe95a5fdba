using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Exhibitors;

/// <summary>GET /exports/exhibitors.csv|.xlsx?…: the exhibitor list as shown (the view's filters, order and columns), every row.</summary>
public static class ExportExhibitors
{
    public static IEndpointRouteBuilder MapExhibitorExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapListExport<ListExhibitors.Row>("exhibitors", async (query, mediator, services, cancellationToken) =>
        {
            var view = ExhibitorsView.Parse(ViewQuery.Parse(query));
            var page = await mediator.Send(view.ToQuery(0, ListExhibitors.MaxTake), cancellationToken);
            var text = services.GetRequiredService<IStringLocalizer<ExhibitorsText>>();
            return new ListExport<ListExhibitors.Row>(text["ExportFileName", page.Edition],
                view.TableColumns(text, Cultures.IsChinese(System.Globalization.CultureInfo.CurrentUICulture)), page.Rows);
        });
}
