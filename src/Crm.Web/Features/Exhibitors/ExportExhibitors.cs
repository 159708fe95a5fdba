using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using MediatR;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Exhibitors;

/// <summary>
/// GET /exports/exhibitors.csv|.xlsx?…: the exhibitor list as shown (the view's filters, order and columns), every row,
/// in the user's language, through the same query as the page (so the same access rules).
/// </summary>
public static class ExportExhibitors
{
    public static IEndpointRouteBuilder MapExhibitorExports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/exhibitors.{format}", async (string format, HttpContext http, IMediator mediator, IStringLocalizer<ExhibitorsText> text) =>
        {
            if (!Enum.TryParse<TableFormat>(format, ignoreCase: true, out var tableFormat))
            {
                return Results.NotFound();
            }
            var view = ExhibitorsView.Parse(http.Request.Query);
            var page = await mediator.Send(view.ToQuery(0, ListExhibitors.MaxTake), http.RequestAborted);
            var culture = System.Globalization.CultureInfo.CurrentUICulture;
            var columns = view.TableColumns(text, Cultures.IsChinese(culture));
            var name = text["ExportFileName", page.Edition].Value;
            // Written whole before sending: the writers are synchronous, and a response body is not to be written synchronously.
            var file = new MemoryStream();
            TableFile.Write(file, tableFormat, name, columns, page.Rows, culture);
            file.Position = 0;
            return Results.File(file, TableFile.ContentType(tableFormat), name + TableFile.Extension(tableFormat));
        });
        return endpoints;
    }
}
