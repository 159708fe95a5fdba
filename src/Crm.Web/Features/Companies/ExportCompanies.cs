using System.Globalization;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>GET /exports/companies.csv|.xlsx?…: the company directory as filtered and ordered on the screen, every row.</summary>
public static class ExportCompanies
{
    public static IEndpointRouteBuilder MapCompanyExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapListExport<ListCompanies.Row>("companies", async (query, mediator, services, cancellationToken) =>
        {
            var view = CompaniesView.Parse(ViewQuery.Parse(query));
            var page = await mediator.Send(view.ToQuery(0, ListCompanies.MaxTake), cancellationToken);
            var text = services.GetRequiredService<IStringLocalizer<CompaniesText>>();
            return new ListExport<ListCompanies.Row>(text["ExportFileName"],
                view.TableColumns(text, Cultures.IsChinese(CultureInfo.CurrentUICulture)), page.Rows);
        });
}
