using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Buyers;

/// <summary>GET /exports/buyers.csv|.xlsx?…: the buyer list as shown, every row the user reaches.</summary>
public static class ExportBuyers
{
    public static IEndpointRouteBuilder MapBuyerExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapListExport<ListBuyers.Row>("buyers", async (query, mediator, services, cancellationToken) =>
        {
            var view = BuyersView.Parse(ViewQuery.Parse(query));
            var page = await mediator.Send(view.ToQuery(0, ListBuyers.MaxTake), cancellationToken);
            var text = services.GetRequiredService<IStringLocalizer<BuyersText>>();
            return new ListExport<ListBuyers.Row>(text["ExportFileName", page.Edition],
                view.TableColumns(text, Cultures.IsChinese(System.Globalization.CultureInfo.CurrentUICulture)), page.Rows);
        });
}
