using System.Globalization;

namespace Crm.Web.Features.Dashboard;

/// <summary>What the records behind a dashboard number are: the deals, meetings or matches it counts.</summary>
public enum DashboardMeasure
{
    /// <summary>Deals with a signed intent (intended value, intents).</summary>
    Intents,

    /// <summary>Deals with a signed contract (contracted value, contracts).</summary>
    Contracts,

    /// <summary>Deals with a landing date (capex, jobs, landed projects).</summary>
    Landed,

    /// <summary>Meetings held.</summary>
    MeetingsHeld,

    /// <summary>Meetings held or missed: what the no-show rate is taken of.</summary>
    Attendance,

    /// <summary>Matches proposed (every match of the edition): the funnel's first step.</summary>
    Proposed,

    /// <summary>Matches both sides accepted.</summary>
    Accepted,
}

/// <summary>
/// The records that make one dashboard number (issue 8, drill-down): an edition's <see cref="Measure"/>, optionally one
/// breakdown row (<see cref="By"/> and its <see cref="Key"/>, "" for the "(none)" row) and a cut-off day (the same point
/// of the calendar, inclusive). Its address is <c>dashboard/records?edition=9&amp;measure=intents&amp;by=delegation&amp;key=SH&amp;until=2025-12-02</c>;
/// the page and the exports read the same keys.
/// </summary>
public sealed record DashboardSlice(
    int EditionNumber,
    DashboardMeasure Measure,
    GetDashboardBreakdown.By? By = null,
    string? Key = null,
    DateOnly? Until = null)
{
    /// <summary>The query string (without "?") of this slice; a "(none)" row's key is present and empty.</summary>
    public string Query
    {
        get
        {
            var parts = new List<string>
            {
                "edition=" + EditionNumber.ToString(CultureInfo.InvariantCulture),
                "measure=" + Measure.ToString().ToLowerInvariant(),
            };
            if (By is { } by)
            {
                parts.Add("by=" + by.ToString().ToLowerInvariant());
                parts.Add("key=" + Uri.EscapeDataString(Key ?? ""));
            }
            if (Until is { } until)
            {
                parts.Add("until=" + until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            return string.Join("&", parts);
        }
    }

    /// <summary>The records page of this slice.</summary>
    public string Address => "dashboard/records?" + Query;

    /// <summary>
    /// The slice an address asks for, or null when it names no edition or no measure it knows. A breakdown without a key
    /// asks for the "(none)" row; a key without a breakdown is ignored; an unreadable day counts as not given.
    /// </summary>
    public static DashboardSlice? Parse(string? edition, string? measure, string? by, string? key, string? until)
    {
        if (!int.TryParse(edition, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || Enum<DashboardMeasure>(measure) is not { } what)
        {
            return null;
        }
        var breakdown = Enum<GetDashboardBreakdown.By>(by);
        DateOnly? day = DateOnly.TryParseExact(until, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        return new DashboardSlice(number, what, breakdown, breakdown is null ? null : key ?? "", day);
    }

    private static TEnum? Enum<TEnum>(string? value) where TEnum : struct, Enum =>
        System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(value, out _) ? parsed : null;
}
