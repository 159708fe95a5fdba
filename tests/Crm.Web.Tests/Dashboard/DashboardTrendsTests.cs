using Crm.Data.Entities;
using Crm.Web.Features.Dashboard;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Dashboard;

/// <summary>The dashboard's charts (issue 8, item 4): each series recounted from the deals, over the small seed.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class DashboardTrendsTests(SeededCrm crm)
{
    [Fact]
    public async Task Every_editions_value_is_the_recount_of_its_deals_beside_the_reported_total()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);

        var trends = await crm.SendAs(crm.Manager, new GetDashboardTrends.Query(current - 1));

        await using var db = crm.Database.CreateDbContext();
        var editions = await db.Editions.OrderBy(e => e.Number).Select(e => new { e.Number, e.ReportedIntendedDealValueUsdBn }).ToListAsync();
        Assert.Equal(editions.Select(e => e.Number), trends.Editions.Select(e => e.Number));
        foreach (var edition in editions)
        {
            var deals = await DashboardRecount.DealsAsync(db, edition.Number);
            var recounted = new GetDashboardTrends.EditionValue(edition.Number,
                deals.Where(d => d.IntentSignedOn != null).Sum(d => d.IntendedValueUsd ?? 0m),
                deals.Where(d => d.ContractSignedOn != null).Sum(d => d.ContractValueUsd ?? 0m),
                deals.Where(d => d.LandedOn != null).Sum(d => d.CapexUsd ?? 0m),
                edition.ReportedIntendedDealValueUsdBn);
            Assert.Equal(recounted, trends.Editions.Single(e => e.Number == edition.Number));
        }
        Assert.Contains(trends.Editions, e => e.ReportedIntendedValueUsdBn is not null && e.IntendedValueUsd > 0);
    }

    [Fact]
    public async Task Each_week_sums_both_editions_intents_signed_up_to_its_end_counted_from_each_opening()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;

        var trends = await crm.SendAs(crm.Manager, new GetDashboardTrends.Query(edition));

        await using var db = crm.Database.CreateDbContext();
        var openings = await db.Editions.Where(e => e.Number == edition || e.Number == edition - 1).ToDictionaryAsync(e => e.Number, e => e.StartsOn);
        var now = (await DashboardRecount.DealsAsync(db, edition)).Where(d => d.IntentSignedOn != null).ToList();
        var then = (await DashboardRecount.DealsAsync(db, edition - 1)).Where(d => d.IntentSignedOn != null).ToList();
        decimal UpTo(IEnumerable<DashboardRecount.DealFacts> deals, DateOnly opening, int week) =>
            deals.Where(d => d.IntentSignedOn!.Value.DayNumber < opening.AddDays(7 * (week + 1)).DayNumber).Sum(d => d.IntendedValueUsd ?? 0m);

        Assert.NotEmpty(trends.Weeks);
        Assert.Equal(Enumerable.Range(trends.Weeks[0].Week, trends.Weeks.Count), trends.Weeks.Select(w => w.Week)); // no gaps
        Assert.All(trends.Weeks, w => Assert.Equal(
            (w.Week, UpTo(now, openings[edition], w.Week), UpTo(then, openings[edition - 1], w.Week)),
            (w.Week, w.CurrentUsd, w.PreviousUsd)));
        // From the first intent of either edition to the last: the lines end at the editions' final values.
        Assert.Equal(now.Sum(d => d.IntendedValueUsd ?? 0m), trends.Weeks[^1].CurrentUsd);
        Assert.Equal(then.Sum(d => d.IntendedValueUsd ?? 0m), trends.Weeks[^1].PreviousUsd);
        Assert.True(trends.Weeks[0].CurrentUsd > 0 || trends.Weeks[0].PreviousUsd > 0);
    }

    [Fact]
    public async Task The_current_editions_line_stops_at_this_week_while_the_previous_one_goes_on()
    {
        var (current, startsOn) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var thisWeek = (int)Math.Floor((ExpoCalendar.Today(TimeProvider.System).DayNumber - startsOn.DayNumber) / 7.0);

        var trends = await crm.SendAs(crm.Manager, new GetDashboardTrends.Query(current));

        Assert.All(trends.Weeks.Where(w => w.Week > thisWeek), w => Assert.Null(w.CurrentUsd));
        Assert.All(trends.Weeks.Where(w => w.Week <= thisWeek), w => Assert.NotNull(w.CurrentUsd));
        Assert.All(trends.Weeks, w => Assert.NotNull(w.PreviousUsd));
    }

    [Fact]
    public async Task The_top_sectors_and_countries_are_the_largest_intended_values_recounted()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;

        var trends = await crm.SendAs(crm.Manager, new GetDashboardTrends.Query(edition));

        await using var db = crm.Database.CreateDbContext();
        var intents = (await DashboardRecount.DealsAsync(db, edition)).Where(d => d.IntentSignedOn != null).ToList();
        IEnumerable<(string, decimal, int)> Top(Func<DashboardRecount.DealFacts, string> key) => intents.GroupBy(key)
            .Select(g => (g.Key, g.Sum(d => d.IntendedValueUsd ?? 0m), g.Count()))
            .OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).Take(GetDashboardTrends.Top);
        Assert.Equal(Top(d => d.SectorCode), trends.TopSectors.Select(r => (r.Key, r.IntendedValueUsd, r.Intents)));
        Assert.Equal(Top(d => d.CountryCode), trends.TopCountries.Select(r => (r.Key, r.IntendedValueUsd, r.Intents)));
        Assert.All(trends.TopSectors.Concat(trends.TopCountries), r => Assert.NotEqual(r.Key, r.NameZh)); // named from the reference data
    }

    [Fact]
    public async Task A_team_members_charts_count_only_their_teams_deals()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var teams = crm.TeamMember.TeamIds;

        var mine = await crm.SendAs(crm.TeamMember, new GetDashboardTrends.Query(current - 1));

        await using var db = crm.Database.CreateDbContext();
        var theirs = (await DashboardRecount.DealsAsync(db, current - 1, teams)).Where(d => d.IntentSignedOn != null).ToList();
        Assert.Equal(theirs.Sum(d => d.IntendedValueUsd ?? 0m), mine.Editions.Single(e => e.Number == current - 1).IntendedValueUsd);
        Assert.Equal(theirs.Sum(d => d.IntendedValueUsd ?? 0m), mine.Weeks[^1].CurrentUsd);
        Assert.Equal(theirs.Count, mine.TopSectors.Sum(r => r.Intents) + OutsideTheTop(theirs));
        var all = await crm.SendAs(crm.Manager, new GetDashboardTrends.Query(current - 1));
        Assert.True(all.Editions.Single(e => e.Number == current - 1).IntendedValueUsd > mine.Editions.Single(e => e.Number == current - 1).IntendedValueUsd);
    }

    [Fact]
    public async Task An_unknown_edition_is_refused()
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new GetDashboardTrends.Query(99)));

        Assert.Contains("99", refused.Failures.Single().ErrorMessage);
    }

    private static int OutsideTheTop(List<DashboardRecount.DealFacts> intents) =>
        intents.GroupBy(d => d.SectorCode).OrderByDescending(g => g.Sum(d => d.IntendedValueUsd ?? 0m)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Skip(GetDashboardTrends.Top).Sum(g => g.Count());

}
