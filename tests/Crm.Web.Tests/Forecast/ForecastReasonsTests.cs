using System.Globalization;
using Crm.Data.Entities;
using Crm.Web.Features.Forecast;
using Crm.Web.Features.Matching;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crm.Web.Tests.Forecast;

/// <summary>A forecast's stored reasons in words, in Chinese and in English: the deal's own facts and the pair's features.</summary>
public sealed class ForecastReasonsTests
{
    private const string Stored = """
        [{"feature":"days_since_intent","value":300,"contribution":-1.2},
         {"feature":"category_overlap","value":0.75,"contribution":0.4},
         {"feature":"days_since_last_activity","value":"NaN","contribution":-0.1},
         {"feature":"collective_signing","value":1,"contribution":0.2},
         {"feature":"no_such_feature","value":1,"contribution":2}]
        """;

    private static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    [Theory]
    [InlineData("zh-CN", "意向签约已 300 天", "没有跟进记录", "在集中签约仪式上签约")]
    [InlineData("en", "Intent signed 300 days ago", "No follow-up logged", "Signed at a collective signing")]
    public void Reasons_are_said_in_the_users_language_what_speaks_for_the_deal_first(string culture, string age, string noFollowUp, string collective)
    {
        var previous = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var reasons = ForecastReasons.Describe(MatchKind.Procurement, Stored, new StringLocalizer<ForecastText>(Factory), new StringLocalizer<MatchingText>(Factory));

            Assert.Equal(4, reasons.Count); // the unknown feature is left out
            Assert.Equal([true, true, false, false], reasons.Select(r => r.PushesUp));
            Assert.Equal(collective, reasons[1].Text);
            Assert.Equal(age, reasons[2].Text);
            Assert.Equal(noFollowUp, reasons[3].Text);
            Assert.Contains("75", reasons[0].Text); // the ranker's sentence for the category overlap
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = previous;
        }
    }
}

/// <summary>Up to which day outcomes count as known: a few fresh entries over an older history do not move it.</summary>
public sealed class OutcomesKnownUntilTests
{
    [Fact]
    public void A_few_fresh_entries_over_a_history_that_ends_earlier_leave_its_unfinished_year_incomplete()
    {
        var today = new DateOnly(2026, 12, 2);
        var history = Enumerable.Range(0, 1000).Select(i => new DateOnly(2026, 9, 30).AddDays(-i)).ToList();
        var known = ForecastDataLoader.OutcomesKnownUntil([.. history, today, today, today], today);
        Assert.InRange(known, new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30));
    }

    [Fact]
    public void With_nothing_recorded_outcomes_are_known_until_today_and_never_after_it()
    {
        var today = new DateOnly(2026, 12, 2);
        Assert.Equal(today, ForecastDataLoader.OutcomesKnownUntil([], today));
        Assert.Equal(today, ForecastDataLoader.OutcomesKnownUntil([new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1)], today));
    }
}
