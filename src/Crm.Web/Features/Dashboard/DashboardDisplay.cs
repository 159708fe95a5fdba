using System.Globalization;
using Crm.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>How the dashboard's pages and exports write editions, offsets and changes, in the user's language.</summary>
public static class DashboardDisplay
{
    /// <summary>"CIIE 9" / "第9届进博会"; "no previous edition" without one.</summary>
    public static string EditionName(IStringLocalizer<DashboardText> text, int? number) =>
        number is { } n ? text["EditionName", n] : text["NoPrevious"];

    /// <summary>"opening day", "27 days after opening", "3 days before opening".</summary>
    public static string DayOffset(IStringLocalizer<DashboardText> text, int days) => days switch
    {
        0 => text["OpeningDay"],
        > 0 => text["DaysAfterOpening", Formatting.Count(days)],
        _ => text["DaysBeforeOpening", Formatting.Count(-days)],
    };

    /// <summary>A change in %, signed ("+2.1%"); "–" without a baseline.</summary>
    public static string Percent(decimal? percent) =>
        percent is { } p ? (p > 0 ? "+" : "") + p.ToString("0.0", CultureInfo.CurrentCulture) + "%" : "–";

    /// <summary>A magnitude with the sign of <paramref name="value"/>.</summary>
    public static string Signed(decimal value, string magnitude) => (value > 0 ? "+" : value < 0 ? "-" : "") + magnitude;

    /// <summary>A value expected to become real in US$; "no forecast" without one (never a 0 that would look forecast).</summary>
    public static string Expected(IStringLocalizer<DashboardText> text, decimal? value) =>
        value is { } v ? Formatting.Money(v, Currency.Usd) : text["NoForecastCell"];

    /// <summary>A signed change of money in US$.</summary>
    public static string MoneyChange(decimal value) => Signed(value, Formatting.Money(Math.Abs(value), Currency.Usd));
}
