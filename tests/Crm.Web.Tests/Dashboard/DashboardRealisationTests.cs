using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Dashboard;
using Crm.Web.Features.Forecast;
using Crm.Web.Features.Matching;
using Crm.Web.Tests.Access;
using Crm.Web.Tests.Forecast;
using Microsoft.EntityFrameworkCore;
using By = Crm.Web.Features.Dashboard.GetDashboardBreakdown.By;
using Figure = Crm.Web.Features.Dashboard.GetDashboardHeadlines.Figure;

namespace Crm.Web.Tests.Dashboard;

/// <summary>
/// Issue 10 on the managers' dashboard: intended vs expected to become real vs realised, per edition and per breakdown
/// row, over the small seed in SQLite with the realisation models trained (once, for the class). Every expected value is
/// recounted by hand from the deals and the stored forecasts.
/// </summary>
public sealed class DashboardRealisationTests(DashboardRealisationTests.ForecastedCrm seed) : IClassFixture<DashboardRealisationTests.ForecastedCrm>
{
    private SeededCrm Crm => seed.Crm;

    [Fact]
    public async Task An_editions_expected_value_is_its_realised_value_plus_its_open_intents_forecasts_beside_the_previous_editions()
    {
        var edition = await LastWithIntentsAsync();

        var dashboard = await Crm.SendAs(Crm.Manager, new GetDashboardHeadlines.Query(edition));

        var realisation = dashboard.Realisation;
        Assert.True(realisation.Forecast.Any);
        Assert.NotNull(realisation.Forecast.ForecastOn);
        foreach (var kind in realisation.Forecast.Kinds)
        {
            var now = await RecountAsync(edition, d => d.Kind == kind);
            var before = await RecountAsync(edition - 1, d => d.Kind == kind);
            var line = realisation[kind];
            Assert.Equal((kind, now.Intended, now.Realised, now.Expected), (kind, line.Intended.Current, line.Realised.Current, line.Expected.Current));
            Assert.Equal((kind, before.Intended, before.Realised, before.Expected), (kind, line.Intended.Previous, line.Realised.Previous, line.Expected.Previous));
        }
        // The edition has open intents with forecasts: the forecast adds to what is realised, not all of the intent.
        var procurement = await RecountAsync(edition, d => d.Kind == MatchKind.Procurement);
        Assert.True(procurement.Forecasts > 0);
        Assert.InRange(realisation[MatchKind.Procurement].Expected.Current!.Value, procurement.Realised + 0.01m, procurement.Intended);
        Assert.Equal(dashboard[Figure.IntendedValue].Final.Current, realisation.Total.Intended.Current);
        if (realisation.Forecast.Kinds.Count == Enum.GetValues<MatchKind>().Length)
        {
            var all = await RecountAsync(edition, _ => true);
            Assert.Equal(all.Expected, realisation.Total.Expected.Current);
            Assert.InRange(realisation.Total.Expected.Current!.Value, all.Realised, all.Intended);
        }
    }

    [Fact]
    public async Task A_delegation_a_team_and_a_sector_row_each_expect_their_realised_value_plus_their_open_intents_forecasts()
    {
        var edition = await LastWithIntentsAsync();
        var forecast = (await Crm.SendAs(Crm.Manager, new GetDashboardHeadlines.Query(edition))).Realisation.Forecast;

        var delegations = await Crm.SendAs(Crm.Manager, new GetDashboardBreakdown.Query(edition, By.Delegation));
        var teams = await Crm.SendAs(Crm.Manager, new GetDashboardBreakdown.Query(edition, By.Team));
        var sectors = await Crm.SendAs(Crm.Manager, new GetDashboardBreakdown.Query(edition, By.Sector));

        Assert.Equal(forecast.Kinds, delegations.Forecast.Kinds);
        Assert.Equal(forecast.Models, delegations.Forecast.Models);
        // The delegation with the most forecast value, recounted from its whole tree's buyers' deals.
        var delegation = delegations.Rows.Where(r => r.Key.Length > 0).MaxBy(r => r.ExpectedValueUsd - r.RealisedValueUsd)!;
        var byDelegation = await RecountAsync(edition, d => d.Kind == MatchKind.Procurement && DashboardRecount.DelegationKey(d) == delegation.Key);
        Assert.True(byDelegation.Forecasts > 0);
        Assert.Equal((byDelegation.Realised, byDelegation.Expected), (delegation.RealisedValueUsd, delegation.ExpectedValueUsd));
        Assert.InRange(delegation.ExpectedValueUsd!.Value, delegation.RealisedValueUsd, delegation.IntendedValueUsd);

        var sector = sectors.Rows.MaxBy(r => r.IntendedValueUsd)!;
        var bySector = await RecountAsync(edition, d => d.SectorCode == sector.Key);
        Assert.Equal((bySector.Realised, bySector.Expected), (sector.RealisedValueUsd, sector.ExpectedValueUsd));

        var team = teams.Rows.MaxBy(r => r.IntendedValueUsd)!;
        var byTeam = await RecountAsync(edition, d => d.Kind == MatchKind.Investment && d.TeamCode == team.Key);
        Assert.Equal((byTeam.Realised, byTeam.Expected), (team.RealisedValueUsd, team.ExpectedValueUsd));

        // The rows split the headline: delegations and teams by kind, sectors in all; the previous edition's too.
        var headlines = (await Crm.SendAs(Crm.Manager, new GetDashboardHeadlines.Query(edition))).Realisation;
        Assert.Equal(headlines[MatchKind.Procurement].Expected.Current, Sum(delegations.Rows.Select(r => r.ExpectedValueUsd)));
        Assert.Equal(headlines[MatchKind.Procurement].Expected.Previous, Sum(delegations.Rows.Select(r => r.PreviousExpectedValueUsd)));
        Assert.Equal(headlines[MatchKind.Investment].Realised.Current, teams.Rows.Sum(r => r.RealisedValueUsd));
        Assert.Equal(headlines.Total.Realised.Current, sectors.Rows.Sum(r => r.RealisedValueUsd));
        if (forecast.Kinds.Count == Enum.GetValues<MatchKind>().Length)
        {
            Assert.Equal(headlines[MatchKind.Investment].Expected.Current, Sum(teams.Rows.Select(r => r.ExpectedValueUsd)));
            Assert.Equal(headlines.Total.Expected.Current, Sum(sectors.Rows.Select(r => r.ExpectedValueUsd)));
        }
    }

    [Fact]
    public async Task A_team_members_expected_value_counts_only_their_teams_deals_and_forecasts()
    {
        var edition = await LastWithIntentsAsync();
        var teams = Crm.TeamMember.TeamIds;

        var mine = (await Crm.SendAs(Crm.TeamMember, new GetDashboardHeadlines.Query(edition))).Realisation;

        var recount = await RecountAsync(edition, d => d.TeamId is { } team && teams.Contains(team));
        Assert.Equal((recount.Intended, recount.Realised), (mine.Total.Intended.Current, mine.Total.Realised.Current));
        Assert.Equal(mine.Forecast.Covers(MatchKind.Investment) ? recount.Expected : null, mine[MatchKind.Investment].Expected.Current);
        Assert.Equal(0m, mine[MatchKind.Procurement].Intended.Current);
    }

    [Fact]
    public void A_kind_with_open_intents_and_no_active_model_has_no_expected_value_and_nor_has_their_total()
    {
        var procurementOnly = new DashboardRealisation.Forecast([MatchKind.Procurement], ["forecast-procurement-1"], new DateOnly(2026, 12, 2));
        DashboardRealisation.KindSums Sums(MatchKind kind, int open) => new(null, kind, 100m, 30m, open > 0 ? 20m : 0m, open);

        Assert.Equal(50m, DashboardRealisation.Expected(procurementOnly, [Sums(MatchKind.Procurement, 3)]));
        Assert.Null(DashboardRealisation.Expected(procurementOnly, [Sums(MatchKind.Investment, 1)]));
        Assert.Null(DashboardRealisation.Expected(procurementOnly, [Sums(MatchKind.Procurement, 3), Sums(MatchKind.Investment, 1)]));
        Assert.Equal(80m, DashboardRealisation.Expected(procurementOnly, [Sums(MatchKind.Procurement, 3), Sums(MatchKind.Investment, 0)])); // nothing left to forecast
        Assert.Null(DashboardRealisation.Expected(DashboardRealisation.Forecast.None, [Sums(MatchKind.Procurement, 0)]));
    }

    /// <summary>The newest edition with signed intents (the seed's current one has none yet): the one the figures are checked on.</summary>
    private async Task<int> LastWithIntentsAsync()
    {
        await using var db = Crm.Database.CreateDbContext();
        return await db.Deals.IgnoreQueryFilters().Where(d => d.IntentSignedOn != null).MaxAsync(d => d.Edition!.Number);
    }

    private static decimal? Sum(IEnumerable<decimal?> values) => values.Aggregate((decimal?)0m, (sum, v) => sum + v);

    private sealed record Recount(decimal Intended, decimal Realised, decimal Expected, int Forecasts);

    /// <summary>
    /// An edition's signed intents (of the deals <paramref name="keep"/> keeps), read without the row-level filters and
    /// counted in memory: realised value (contract signed, project landed: contracted value, else intended), and expected =
    /// realised + the stored ExpectedValueUsd of the open (not realised, not lost) ones.
    /// </summary>
    private async Task<Recount> RecountAsync(int edition, Func<DashboardRecount.DealFacts, bool> keep)
    {
        await using var db = Crm.Database.CreateDbContext();
        var deals = (await DashboardRecount.DealsAsync(db, edition)).Where(d => d.IntentSignedOn != null).Where(keep).ToList();
        var codes = deals.Select(d => d.Code).ToHashSet();
        var facts = await db.Deals.IgnoreQueryFilters().AsNoTracking().Where(d => d.Edition!.Number == edition && d.IntentSignedOn != null)
            .Select(d => new { d.Code, d.Stage, Forecast = db.DealForecasts.Where(f => f.DealId == d.Id).Select(f => f.ExpectedValueUsd).FirstOrDefault() })
            .ToListAsync();
        var byCode = facts.Where(f => codes.Contains(f.Code)).ToDictionary(f => f.Code);
        bool Realised(DashboardRecount.DealFacts d) => d.Kind == MatchKind.Procurement ? d.ContractSignedOn != null : d.LandedOn != null;
        var realised = deals.Where(Realised).Sum(d => d.ContractValueUsd ?? d.IntendedValueUsd ?? 0m);
        var open = deals.Where(d => !Realised(d) && byCode[d.Code].Stage != DealStage.Lost).ToList();
        var forecasts = open.Sum(d => byCode[d.Code].Forecast ?? 0m);
        return new Recount(deals.Sum(d => d.IntendedValueUsd ?? 0m), realised, realised + forecasts, open.Count(d => byCode[d.Code].Forecast is not null));
    }

    /// <summary>The seeded CRM (its users and their reach) with the realisation models trained and the open deals forecast.</summary>
    public sealed class ForecastedCrm : IAsyncLifetime
    {
        public SeededCrm Crm { get; } = new();

        public async Task InitializeAsync()
        {
            await Crm.InitializeAsync();
            var service = new ForecastService(Crm.Database.SystemContexts(), TimeProvider.System);
            await service.TrainAsync(new MatchingActor(null, "admin"), null, CancellationToken.None);
        }

        public Task DisposeAsync() => Crm.DisposeAsync();
    }
}

/// <summary>The same dashboard over the seeded CRM no realisation model was trained on: it says there is no forecast.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class DashboardWithoutForecastTests(SeededCrm crm)
{
    [Fact]
    public async Task Without_an_active_realisation_model_the_dashboard_reports_no_forecast_rather_than_a_number()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);

        var headlines = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(current));
        var teams = await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(current - 1, By.Team));

        Assert.False(headlines.Realisation.Forecast.Any);
        Assert.All(headlines.Realisation.Lines, l => Assert.Equal((l.Kind, (decimal?)null, (decimal?)null, (decimal?)null),
            (l.Kind, l.Expected.Current, l.Expected.Previous, l.ExpectedShare)));
        Assert.Equal(headlines[Figure.IntendedValue].Final.Current, headlines.Realisation.Total.Intended.Current);
        var past = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(current - 1));
        Assert.True(past.Realisation.Total.Realised.Current > 0);
        Assert.True(past.Realisation.Total.Realised.Previous > 0);
        Assert.All(past.Realisation.Lines, l => Assert.Equal((l.Kind, (decimal?)null, (decimal?)null), (l.Kind, l.Expected.Current, l.Expected.Previous)));
        Assert.False(teams.Forecast.Any);
        Assert.NotEmpty(teams.Rows);
        Assert.All(teams.Rows, r => Assert.Equal((r.Key, (decimal?)null, (decimal?)null), (r.Key, r.ExpectedValueUsd, r.PreviousExpectedValueUsd)));
    }
}
