using System.Globalization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// Whose schedule, in an address: buyer=12, exhibitor=7, delegation=3, or session=3 with an optional table=A-017. The same
/// keys for the schedule page, its print view and the calendar file, so that one can link to another.
/// </summary>
public static class ScheduleAddress
{
    /// <summary>The query string (without "?") that asks for <paramref name="query"/>'s meetings.</summary>
    public static string Of(ListSchedule.Query query)
    {
        var parts = new List<string>();
        void Add(string key, object? value)
        {
            if (value is not null)
            {
                parts.Add(key + "=" + Uri.EscapeDataString(Convert.ToString(value, CultureInfo.InvariantCulture)!));
            }
        }
        Add("buyer", query.BuyerId);
        Add("exhibitor", query.ExhibitorId);
        Add("delegation", query.DelegationId);
        Add("session", query.SessionId);
        Add("table", query.TableCode);
        return string.Join("&", parts);
    }

    /// <summary>The query an address asks for: unreadable numbers and an empty table count as not given.</summary>
    public static ListSchedule.Query Parse(Func<string, string?> value)
    {
        int? Id(string key) => int.TryParse(value(key), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return new ListSchedule.Query(Id("buyer"), Id("exhibitor"), Id("delegation"), Id("session"), Table(value("table")));
    }

    /// <summary>A table code as given in an address, or null when there is none.</summary>
    public static string? Table(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
