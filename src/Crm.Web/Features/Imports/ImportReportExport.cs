using Crm.Data.Csv;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Lists;
using MediatR;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Imports;

/// <summary>GET /imports/{job}/report.csv|.xlsx: every reason of an import (line, column, reason), in the user's language.</summary>
public static class ImportReportExport
{
    public static IEndpointRouteBuilder MapImportReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/imports/{job:int}/report.{format}", async (int job, string format, IMediator mediator, IStringLocalizer<ImportsText> text,
            CancellationToken cancellationToken) =>
        {
            if (!Enum.TryParse<TableFormat>(format, ignoreCase: true, out var tableFormat)
                || await mediator.Send(new GetImportReport.Query(job), cancellationToken) is not { } report)
            {
                return Results.NotFound();
            }
            TableColumn<ImportError>[] columns =
            [
                new("line", text["ColLine"], e => e.Line),
                new("column", text["ColColumn"], e => e.Column),
                new("reason", text["ColReason"], e => e.Reason),
            ];
            var name = text["ReportFileName", Path.GetFileNameWithoutExtension(report.FileName)].Value;
            return ListExports.File(tableFormat, new ListExport<ImportError>(name, columns, report.Summary.Errors));
        }).RequireAuthorization(policy => policy.RequireRole(Roles.Administrator)); // refused before the request is even sent
        return endpoints;
    }
}
