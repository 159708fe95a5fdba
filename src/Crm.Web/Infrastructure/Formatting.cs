using System.Globalization;

namespace Crm.Web.Infrastructure;

public enum Currency { Usd, Cny }

/// <summary>
/// Numbers, money and dates as each language writes them. Chinese counts large sums in 万 (10⁴) and 亿 (10⁸):
/// US$83.49 bn is "834.9亿美元" in zh-CN and "US$83.49 bn" in en.
/// </summary>
public static class Formatting
{
    private const decimal Wan = 10_000m;
    private const decimal Yi = 100_000_000m;
    private const decimal Million = 1_000_000m;
    private const decimal Billion = 1_000_000_000m;

    /// <summary>A reported total in US$ billion, e.g. 83.49 → "US$83.49 bn" / "834.9亿美元".</summary>
    public static string UsdBillions(decimal billions, CultureInfo? culture = null) =>
        Money(billions * Billion, Currency.Usd, culture);

    /// <summary>An amount of money, shortened to millions/billions (en) or 万/亿 (zh-CN) when large.</summary>
    public static string Money(decimal amount, Currency currency, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        var sign = amount < 0 ? "-" : "";
        var value = Math.Abs(amount);
        if (Cultures.IsChinese(culture))
        {
            var unit = currency == Currency.Usd ? "美元" : "元";
            return value switch
            {
                >= Yi => $"{sign}{Short(value / Yi, culture)}亿{unit}",
                >= Wan => $"{sign}{Short(value / Wan, culture)}万{unit}",
                _ => $"{sign}{value.ToString("#,0.##", culture)}{unit}",
            };
        }
        var symbol = currency == Currency.Usd ? "US$" : "CN¥";
        return value switch
        {
            >= Billion => $"{sign}{symbol}{Short(value / Billion, culture)} bn",
            >= Million => $"{sign}{symbol}{Short(value / Million, culture)} m",
            _ => $"{sign}{symbol}{value.ToString("#,0.##", culture)}",
        };
    }

    /// <summary>A change against a baseline in percent, signed: "+2.1%", "-5.0%"; empty without a baseline.</summary>
    public static string Change(decimal? current, decimal? previous, CultureInfo? culture = null)
    {
        if (current is null || previous is null or 0)
        {
            return "";
        }
        culture ??= CultureInfo.CurrentCulture;
        var percent = Math.Round((current.Value - previous.Value) / previous.Value * 100m, 1, MidpointRounding.AwayFromZero);
        return (percent > 0 ? "+" : "") + percent.ToString("0.0", culture) + "%";
    }

    /// <summary>A count with the culture's group separator: 3,600.</summary>
    public static string Count(int? value, CultureInfo? culture = null) =>
        value?.ToString("N0", culture ?? CultureInfo.CurrentCulture) ?? "";

    /// <summary>A date as the culture writes it: 2025-11-05 (zh-CN) or 11/5/2025 (en).</summary>
    public static string Date(DateOnly? value, CultureInfo? culture = null) =>
        value?.ToString("d", culture ?? CultureInfo.CurrentCulture) ?? "";

    /// <summary>A moment stored in UTC, on Shanghai's clocks, as the culture writes a short date and time: "2026/12/2 05:49".</summary>
    public static string ExpoTime(DateTime utc, CultureInfo? culture = null) =>
        Crm.Data.ExpoClock.ToShanghai(utc).ToString("g", culture ?? CultureInfo.CurrentCulture);

    /// <summary>The time of day on Shanghai's clocks of a moment stored in UTC, as the culture writes it: "9:40" (zh-CN) or "9:40 AM" (en).</summary>
    public static string ExpoTimeOfDay(DateTime utc, CultureInfo? culture = null) =>
        Crm.Data.ExpoClock.ToShanghai(utc).ToString("t", culture ?? CultureInfo.CurrentCulture);

    /// <summary>Up to two decimals, without trailing zeros: 83.49, 834.9, 1,234.</summary>
    private static string Short(decimal value, CultureInfo culture) =>
        Math.Round(value, 2, MidpointRounding.AwayFromZero).ToString("#,0.##", culture);
}
