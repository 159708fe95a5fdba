using System.Globalization;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using MediatR;
using Microsoft.Extensions.Localization;
using Row = Crm.Web.Features.Dashboard.GetDashboardBreakdown.Row;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// GET /exports/dashboard-breakdown.csv|.xlsx?edition=9&amp;by=team: the rows of a dashboard breakdown (<see cref="GetDashboardBreakdown"/>,
/// through the mediator, so counted over what the user may see), in the user's language. Without an edition, the
/// current one; without a breakdown, by delegation (as the page).
/// </summary>
public static class ExportDashboardBreakdown
{
    public static IEndpointRouteBuilder MapDashboardBreakdownExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/dashboard-breakdown.{format}", async (string format, HttpContext http, IMediator mediator, IStringLocalizer<DashboardText> text) =>
        {
            if (!Enum.TryParse<TableFormat>(format, ignoreCase: true, out var tableFormat))
            {
                return Results.NotFound();
            }
            var query = ViewQuery.Parse(http.Request.Query);
            var by = query.Text("by") is { } asked ? ByOf(asked) : GetDashboardBreakdown.By.Delegation;
            var edition = query.Number("edition");
            if (by is null || (query.Text("edition") is not null && edition is null))
            {
                return Results.Problem(text["ExportUnreadable"], statusCode: StatusCodes.Status400BadRequest);
            }
            GetDashboardBreakdown.Result breakdown;
            try
            {
                breakdown = await mediator.Send(new GetDashboardBreakdown.Query(edition, by.Value), http.RequestAborted);
            }
            catch (RequestValidationException refused)
            {
                return Results.Problem(refused.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            var name = text["ExportBreakdownFileName", breakdown.EditionNumber, text[$"By_{breakdown.By}"]];
            return ListExports.File(tableFormat, new ListExport<Row>(name, Columns(text, breakdown), breakdown.Rows));
        });
        return endpoints;
    }

    /// <summary>
    /// The rows' columns: the row's name and key, this and the previous edition's intended value, the change, the contracted
    /// value and the counts; then (added last, so the earlier columns keep their places) the value expected to become real
    /// in both editions (empty without a forecast) and the realised value.
    /// </summary>
    public static IReadOnlyList<TableColumn<Row>> Columns(IStringLocalizer<DashboardText> text, GetDashboardBreakdown.Result breakdown)
    {
        var chinese = Cultures.IsChinese(CultureInfo.CurrentUICulture);
        return
        [
            new("name", text[$"By_{breakdown.By}"], r => r.Key.Length == 0 ? text["NoKey"].Value : chinese && r.NameZh.Length > 0 ? r.NameZh : r.Name),
            new("key", text["ExportColKey"], r => r.Key),
            new("intendedValue", text["ExportColIntendedValue", breakdown.EditionNumber], r => r.IntendedValueUsd),
            new("previousIntendedValue", breakdown.PreviousNumber is { } previous ? text["ExportColIntendedValue", previous] : text["ExportColPreviousIntendedValue"],
                r => r.PreviousIntendedValueUsd),
            new("change", text["ExportColChange"], r => r.Change),
            new("changePercent", text["ExportColChangePercent"], r => r.ChangePercent),
            new("contractValue", text["ExportColContractValue"], r => r.ContractValueUsd),
            new("intents", text["ColIntents"], r => r.Intents),
            new("contracts", text["ColContracts"], r => r.Contracts),
            new("landed", text["ColLanded"], r => r.Landed),
            new("expectedValue", text["ExportColExpectedValue", breakdown.EditionNumber], r => r.ExpectedValueUsd),
            new("previousExpectedValue", breakdown.PreviousNumber is { } before ? text["ExportColExpectedValue", before] : text["ExportColPreviousExpectedValue"],
                r => r.PreviousExpectedValueUsd),
            new("realisedValue", text["ExportColRealisedValue"], r => r.RealisedValueUsd),
        ];
    }

    /// <summary>A breakdown by its name in any case ("team", "Team"); null for any other value (numbers included).</summary>
    private static GetDashboardBreakdown.By? ByOf(string value) =>
        Enum.TryParse<GetDashboardBreakdown.By>(value, ignoreCase: true, out var by) && Enum.IsDefined(by) && !int.TryParse(value, out _) ? by : null;
}
