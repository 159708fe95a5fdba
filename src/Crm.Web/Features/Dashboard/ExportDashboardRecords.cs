using System.Globalization;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using MediatR;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// GET /exports/dashboard-records.csv|.xlsx?edition=9&amp;measure=intents[&amp;by=delegation&amp;key=SH][&amp;until=2025-12-02]:
/// the records behind a dashboard figure (the address of <see cref="DashboardSlice"/>), every one, with the columns of
/// <see cref="DashboardRecordsTable"/> in the user's language, through the same query and access rules as the page.
/// </summary>
public static class ExportDashboardRecords
{
    public static IEndpointRouteBuilder MapDashboardRecordsExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/dashboard-records.{format}", async (string format, HttpContext http, IMediator mediator,
            IStringLocalizer<DashboardText> text, IStringLocalizer<PipelineText> pipeline) =>
        {
            if (!Enum.TryParse<TableFormat>(format, ignoreCase: true, out var tableFormat))
            {
                return Results.NotFound();
            }
            var query = http.Request.Query;
            if (DashboardSlice.Parse(query["edition"], query["measure"], query["by"], query["key"], query["until"]) is not { } slice)
            {
                return Results.Problem(text["RecordsAddressUnreadable"], statusCode: StatusCodes.Status400BadRequest);
            }
            ListDashboardRecords.Result records;
            try
            {
                records = await mediator.Send(new ListDashboardRecords.Query(slice), http.RequestAborted);
            }
            catch (RequestValidationException refused)
            {
                return Results.Problem(refused.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            var table = new DashboardRecordsTable(text, pipeline, Cultures.IsChinese(CultureInfo.CurrentUICulture));
            var name = table.FileName(records);
            return records.Kind switch
            {
                ListDashboardRecords.RecordKind.Deals => ListExports.File(tableFormat, new ListExport<ListDashboardRecords.DealRow>(name, table.DealColumns, records.Deals)),
                ListDashboardRecords.RecordKind.Meetings => ListExports.File(tableFormat, new ListExport<ListDashboardRecords.MeetingRow>(name, table.MeetingColumns, records.Meetings)),
                _ => ListExports.File(tableFormat, new ListExport<ListDashboardRecords.MatchRow>(name, table.MatchColumns, records.Matches)),
            };
        });
        return endpoints;
    }
}
