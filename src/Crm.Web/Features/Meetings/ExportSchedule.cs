using System.Globalization;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// GET /exports/schedule.ics?buyer=…|exhibitor=…|delegation=…|session=…[&amp;table=…]: those meetings as an iCalendar file, in
/// the user's language, through the same query and access rules as the pages (see <see cref="ScheduleAddress"/>).
/// </summary>
public static class ExportSchedule
{
    public static IEndpointRouteBuilder MapScheduleExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/schedule.ics", async (HttpContext http, IMediator mediator, IStringLocalizer<MeetingsText> text, TimeProvider clock) =>
        {
            IReadOnlyList<ListSchedule.Row> rows;
            try
            {
                rows = await mediator.Send(ScheduleAddress.Parse(key => http.Request.Query[key]), http.RequestAborted);
            }
            catch (RequestValidationException refused)
            {
                return Results.Problem(refused.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            var chinese = Cultures.IsChinese(CultureInfo.CurrentUICulture);
            string Name(string name, string? zh) => chinese && !string.IsNullOrEmpty(zh) ? zh : name;
            var events = rows.Select(r => new CalendarEvent(r.Code + "@expo-crm", r.StartsAt, r.EndsAt,
                text["IcsSummary", Name(r.ExhibitorName, r.ExhibitorNameZh), r.BuyerName is null ? "" : Name(r.BuyerName, r.BuyerNameZh)],
                string.Join(" · ", new[] { r.Venue, r.Session is null ? null : Name(r.Session, r.SessionZh), r.TableCode is null ? null : text["IcsTable", r.TableCode].Value }
                    .Where(p => !string.IsNullOrEmpty(p))),
                text["IcsDescription", r.Code, text["Place_" + r.Place]]));
            var file = ICalendar.Write(text["IcsCalendar"], events, clock.GetUtcNow().UtcDateTime);
            return Results.File(System.Text.Encoding.UTF8.GetBytes(file), ICalendar.ContentType, "schedule.ics");
        });
        return endpoints;
    }
}
