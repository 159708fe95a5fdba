using Crm.Data.Csv;
using Crm.Web.Features.Api;
using MediatR;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Imports;

/// <summary>
/// POST /api/v1/imports?kind=&amp;mode=&amp;fileName= with the file as the body (text/csv, or an .xlsx workbook): starts an
/// import job as the Imports page does (administrators); GET /api/v1/imports/{id}: its status, and its report line by
/// line once finished.
/// </summary>
public static class ImportsApi
{
    public sealed record Status(ListImports.Row Import, GetImportReport.Report? Report);

    public static RouteGroupBuilder MapImportsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/imports", async (string kind, ImportMode? mode, string? fileName, HttpRequest request, IMediator mediator,
                IOptions<ImportOptions> options, IStringLocalizer<ImportsText> text, CancellationToken ct) =>
            {
                var content = await ReadBodyAsync(request, options.Value.MaxFileBytes, ct);
                if (content is null)
                {
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["Content"] = [text["FileTooLarge", StartImport.Megabytes(options.Value.MaxFileBytes)]] },
                        statusCode: StatusCodes.Status413PayloadTooLarge);
                }
                var name = string.IsNullOrWhiteSpace(fileName) ? kind + DefaultExtension(request.ContentType) : fileName;
                var id = await mediator.Send(new StartImport.Command(kind, mode ?? ImportMode.AllOrNothing, name, content), ct);
                return Results.Accepted($"{ApiSetup.Prefix}/v1/imports/{id}", new { id });
            })
            .WithName("StartImport").WithSummary("Starts an import of one kind from the request's body (CSV in the documented format, or .xlsx).")
            .Accepts<byte[]>("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            .Produces(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/imports/{id:int}", async (int id, IMediator mediator, CancellationToken ct) =>
            {
                if ((await mediator.Send(new ListImports.Query(1, id), ct)).SingleOrDefault() is not { } import)
                {
                    return Results.NotFound();
                }
                var report = import.IsOpen ? null : await mediator.Send(new GetImportReport.Query(id), ct);
                return Results.Ok(new Status(import, report));
            })
            .WithName("GetImport").WithSummary("An import's status and, once finished, its report.")
            .Produces<Status>().Produces(StatusCodes.Status404NotFound);
        return api;
    }

    /// <summary>The body, or null when it is larger than an upload may be (read no further than that).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string DefaultExtension(string? contentType) =>
        contentType?.StartsWith("application/vnd.openxmlformats", StringComparison.OrdinalIgnoreCase) == true ? ".xlsx" : ".csv";
}
