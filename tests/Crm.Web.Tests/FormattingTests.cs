using System.Globalization;
using Crm.Web.Infrastructure;

namespace Crm.Web.Tests;

public sealed class FormattingTests
{
    private static readonly CultureInfo _chinese = new("zh-CN");
    private static readonly CultureInfo _english = new("en");

    [Theory]
    [InlineData(83.49, "US$83.49 bn", "834.9亿美元")]
    [InlineData(72.62, "US$72.62 bn", "726.2亿美元")]
    [InlineData(57.83, "US$57.83 bn", "578.3亿美元")]
    [InlineData(0.5, "US$500 m", "5亿美元")]
    public void Reported_deal_values_read_in_billions_in_English_and_in_yi_in_Chinese(double billions, string english, string chinese)
    {
        Assert.Equal(english, Formatting.UsdBillions((decimal)billions, _english));
        Assert.Equal(chinese, Formatting.UsdBillions((decimal)billions, _chinese));
    }

    [Theory]
    [InlineData(3_750_000, Currency.Usd, "US$3.75 m", "375万美元")]
    [InlineData(1_234, Currency.Usd, "US$1,234", "1,234美元")]
    [InlineData(0, Currency.Usd, "US$0", "0美元")]
    [InlineData(250_000_000, Currency.Cny, "CN¥250 m", "2.5亿元")]
    [InlineData(12_500, Currency.Cny, "CN¥12,500", "1.25万元")]
    [InlineData(-2_000_000, Currency.Usd, "-US$2 m", "-200万美元")]
    public void Money_is_shortened_the_way_each_language_counts(double amount, Currency currency, string english, string chinese)
    {
        Assert.Equal(english, Formatting.Money((decimal)amount, currency, _english));
        Assert.Equal(chinese, Formatting.Money((decimal)amount, currency, _chinese));
    }

    [Theory]
    [InlineData(72.62, 71.13, "+2.1%")] // the 3rd CIIE on the 2nd
    [InlineData(70.72, 72.62, "-2.6%")]
    [InlineData(80.0, 80.0, "0.0%")]
    public void Change_on_the_previous_edition_is_a_signed_percentage(double current, double previous, string expected)
    {
        Assert.Equal(expected, Formatting.Change((decimal)current, (decimal)previous, _english));
    }

    [Fact]
    public void No_change_is_shown_without_a_baseline()
    {
        Assert.Equal("", Formatting.Change(83.49m, null, _english));
        Assert.Equal("", Formatting.Change(null, 80m, _english));
        Assert.Equal("", Formatting.Change(83.49m, 0m, _english));
    }

    [Fact]
    public void Counts_and_dates_follow_the_culture()
    {
        Assert.Equal("4,108", Formatting.Count(4108, _chinese));
        Assert.Equal("4,108", Formatting.Count(4108, _english));
        Assert.Equal("", Formatting.Count(null, _english));
        Assert.Equal("2025/11/5", Formatting.Date(new DateOnly(2025, 11, 5), _chinese));
        Assert.Equal("11/5/2025", Formatting.Date(new DateOnly(2025, 11, 5), _english));
    }

    [Fact]
    public void Moments_stored_in_UTC_are_shown_on_Shanghais_clocks_whatever_the_servers_zone()
    {
        // 18:30 UTC on 4 November is 02:30 on the opening day in Shanghai.
        var utc = new DateTime(2026, 11, 4, 18, 30, 0, DateTimeKind.Utc);

        Assert.Equal(new DateTime(2026, 11, 5, 2, 30, 0).ToString("g", _chinese), Formatting.ExpoTime(utc, _chinese));
        Assert.StartsWith("2026/11/5", Formatting.ExpoTime(utc, _chinese));
        Assert.Equal(new DateTime(2026, 11, 5, 2, 30, 0).ToString("g", _english), Formatting.ExpoTime(utc, _english));
        Assert.Equal(new DateOnly(2026, 11, 5), ExpoCalendar.DayOf(utc));
    }
}
