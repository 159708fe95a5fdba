using System.Globalization;
using MediatR;

namespace Crm.Web.Infrastructure.Lists;

/// <summary>What a list's export holds: the file's name (without extension), its columns and its rows.</summary>
public sealed record ListExport<TRow>(string FileName, IReadOnlyList<TableColumn<TRow>> Columns, IReadOnlyList<TRow> Rows);

public static class ListExports
{
    /// <summary>
    /// GET /exports/{list}.csv|.xlsx?…: a list as shown, every row, in the user's language. <paramref name="produce"/> reads
    /// the view from the query string and sends the page's own query through the mediator (so the same access rules).
    /// </summary>
    public static IEndpointRouteBuilder MapListExport<TRow>(this IEndpointRouteBuilder endpoints, string list,
        Func<IQueryCollection, IMediator, IServiceProvider, CancellationToken, Task<ListExport<TRow>>> produce)
    {
        endpoints.MapGet($"/exports/{list}.{{format}}", async (string format, HttpContext http, IMediator mediator) =>
        {
            if (!Enum.TryParse<TableFormat>(format, ignoreCase: true, out var tableFormat))
            {
                return Results.NotFound();
            }
            return File(tableFormat, await produce(http.Request.Query, mediator, http.RequestServices, http.RequestAborted));
        });
        return endpoints;
    }

    /// <summary>The table as a file to download, in the user's language.</summary>
    public static IResult File<TRow>(TableFormat format, ListExport<TRow> export)
    {
        // Written whole before sending: the writers are synchronous, and a response body is not to be written synchronously.
        var file = new MemoryStream();
        TableFile.Write(file, format, export.FileName, export.Columns, export.Rows, CultureInfo.CurrentUICulture);
        file.Position = 0;
        return Results.File(file, TableFile.ContentType(format), export.FileName + TableFile.Extension(format));
    }
}
