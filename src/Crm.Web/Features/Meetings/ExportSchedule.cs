using System.Globalization;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// GET /exports/schedule.ics?buyer=…|exhibitor=…|delegation=…|session=…: those meetings as an iCalendar file, in the
/// user's language, through the same query and access rules as the pages.
/// </summary>
public static class ExportSchedule
{
    public static IEndpointRouteBuilder MapScheduleExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/exports/schedule.ics", async (HttpContext http, IMediator mediator, IStringLocalizer<MeetingsText> text, TimeProvider clock) =>
        {
            int? Id(string key) => int.TryParse(http.Request.Query[key], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
            var rows = await mediator.Send(new ListSchedule.Query(Id("buyer"), Id("exhibitor"), Id("delegation"), Id("session")), http.RequestAborted);
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
