using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Dashboard;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;
using By = Crm.Web.Features.Dashboard.GetDashboardBreakdown.By;
using Figure = Crm.Web.Features.Dashboard.GetDashboardHeadlines.Figure;

namespace Crm.Web.Tests.Dashboard;

/// <summary>
/// Issue 8's first part: the managers' dashboard, each figure reconciled with the deals and meetings it counts, over the
/// small seed in SQLite (shared by the collection: assertions recount rather than expect fixed numbers).
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class DashboardTests(SeededCrm crm)
{
    [Fact]
    public async Task Every_headline_of_a_manager_is_the_recount_of_both_editions_deals_and_meetings_final_and_at_the_same_point()
    {
        var (current, startsOn) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var asOf = startsOn.AddDays(60);

        var dashboard = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(AsOf: asOf));

        Assert.Equal((current, current - 1, 60), (dashboard.EditionNumber, dashboard.PreviousNumber, dashboard.DaysFromOpening));
        Assert.Equal(dashboard.PreviousStartsOn!.Value.AddDays(60), dashboard.PreviousCutOff);
        await using var db = crm.Database.CreateDbContext();
        var final = await DashboardRecount.FiguresAsync(db, current, null);
        var samePoint = await DashboardRecount.FiguresAsync(db, current, asOf);
        var previousFinal = await DashboardRecount.FiguresAsync(db, current - 1, null);
        var previousSamePoint = await DashboardRecount.FiguresAsync(db, current - 1, dashboard.PreviousCutOff);
        foreach (var figure in Enum.GetValues<Figure>())
        {
            var headline = dashboard[figure];
            Assert.Equal((figure, final[figure], previousFinal[figure]), (figure, headline.Final.Current, headline.Final.Previous));
            Assert.Equal((figure, samePoint[figure], previousSamePoint[figure]), (figure, headline.SamePoint.Current, headline.SamePoint.Previous));
            Assert.Equal(headline.Final.Current - headline.Final.Previous, headline.Final.Change);
        }
        // The seed's previous edition has a year of outcomes: its final figures are more than at 60 days, and not nothing.
        Assert.True(previousFinal[Figure.Intents] > previousSamePoint[Figure.Intents]);
        Assert.True(previousSamePoint[Figure.Intents] > 0);
        var reported = await db.Editions.Where(e => e.Number == current - 1).Select(e => e.ReportedIntendedDealValueUsdBn).SingleAsync();
        Assert.Equal(reported, dashboard.PreviousReportedIntendedValueUsdBn);
    }

    [Fact]
    public async Task A_past_edition_is_compared_with_the_one_before_it_and_its_change_in_percent_is_the_recounts()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var past = current - 1;

        var dashboard = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(past, new DateOnly(2026, 1, 10)));

        await using var db = crm.Database.CreateDbContext();
        var now = await DashboardRecount.FiguresAsync(db, past, null);
        var before = await DashboardRecount.FiguresAsync(db, past - 1, null);
        var value = dashboard[Figure.IntendedValue].Final;
        Assert.Equal((now[Figure.IntendedValue], before[Figure.IntendedValue]), (value.Current, value.Previous));
        Assert.Equal(Math.Round((value.Current!.Value - value.Previous!.Value) / value.Previous.Value * 100m, 1), value.ChangePercent);
        Assert.Equal(past - 1, dashboard.PreviousNumber);
    }

    [Fact]
    public async Task A_deal_signed_after_the_same_point_in_the_previous_edition_counts_in_its_final_figures_only()
    {
        var (current, startsOn) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var asOf = startsOn.AddDays(20);
        var before = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(current, asOf));
        var cutOff = before.PreviousCutOff!.Value;

        await AddPreviousEditionDealAsync(current - 1, intentOn: cutOff, value: 1_000_000m);          // on the day: counts
        await AddPreviousEditionDealAsync(current - 1, intentOn: cutOff.AddDays(1), value: 7_000_000m); // the day after: final only

        var after = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(current, asOf));
        Assert.Equal(before[Figure.Intents].Final.Previous + 2, after[Figure.Intents].Final.Previous);
        Assert.Equal(before[Figure.Intents].SamePoint.Previous + 1, after[Figure.Intents].SamePoint.Previous);
        Assert.Equal(before[Figure.IntendedValue].Final.Previous + 8_000_000m, after[Figure.IntendedValue].Final.Previous);
        Assert.Equal(before[Figure.IntendedValue].SamePoint.Previous + 1_000_000m, after[Figure.IntendedValue].SamePoint.Previous);
        Assert.Equal(before[Figure.Intents].Final.Current, after[Figure.Intents].Final.Current);
    }

    [Fact]
    public async Task Without_a_previous_value_the_change_in_percent_is_empty_not_infinite()
    {
        var first = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(1));

        Assert.Null(first.PreviousNumber);
        Assert.All(first.Headlines, h => Assert.Equal((h.Figure, (decimal?)null, (decimal?)null, (decimal?)null),
            (h.Figure, h.Final.Previous, h.Final.ChangePercent, h.SamePoint.ChangePercent)));
        Assert.Null(new GetDashboardHeadlines.Comparison(5m, 0m).ChangePercent);
        Assert.Equal(5m, new GetDashboardHeadlines.Comparison(5m, 0m).Change);
        Assert.Equal(-50m, new GetDashboardHeadlines.Comparison(5m, 10m).ChangePercent);
        var rows = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(1, By.Sector))).Rows;
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Null(r.ChangePercent));
    }

    [Theory]
    [InlineData(By.Sector)]
    [InlineData(By.Area)]
    [InlineData(By.Country)]
    public async Task A_breakdown_of_every_deal_sums_to_the_headlines_in_both_editions(By by)
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var headlines = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(current - 1));

        var rows = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(current - 1, by))).Rows;

        Assert.Equal(headlines[Figure.IntendedValue].Final.Current, rows.Sum(r => r.IntendedValueUsd));
        Assert.Equal(headlines[Figure.IntendedValue].Final.Previous, rows.Sum(r => r.PreviousIntendedValueUsd));
        Assert.Equal(headlines[Figure.ContractValue].Final.Current, rows.Sum(r => r.ContractValueUsd));
        Assert.Equal(headlines[Figure.Intents].Final.Current, rows.Sum(r => r.Intents));
        Assert.Equal(headlines[Figure.Contracts].Final.Current, rows.Sum(r => r.Contracts));
        Assert.Equal(headlines[Figure.LandedProjects].Final.Current, rows.Sum(r => r.Landed));
        Assert.Equal(rows.Count, rows.Select(r => r.Key).Distinct().Count());
        Assert.All(rows, r => Assert.NotEqual(r.Key, r.Name)); // named from the reference data
    }

    [Fact]
    public async Task Delegations_and_teams_split_the_headline_between_procurement_and_investment_and_provinces_sum_to_the_delegations()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var headlines = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(current - 1));

        var delegations = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(current - 1, By.Delegation))).Rows;
        var teams = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(current - 1, By.Team))).Rows;
        var provinces = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(current - 1, By.Province))).Rows;

        Assert.Equal(headlines[Figure.IntendedValue].Final.Current, delegations.Sum(r => r.IntendedValueUsd) + teams.Sum(r => r.IntendedValueUsd));
        Assert.Equal(headlines[Figure.IntendedValue].Final.Previous,
            delegations.Sum(r => r.PreviousIntendedValueUsd) + teams.Sum(r => r.PreviousIntendedValueUsd));
        Assert.Equal(headlines[Figure.Intents].Final.Current, delegations.Sum(r => r.Intents) + teams.Sum(r => r.Intents));
        Assert.Equal(delegations.Sum(r => r.IntendedValueUsd), provinces.Sum(r => r.IntendedValueUsd));
        Assert.All(provinces.Where(r => r.Key.Length > 0), r => Assert.Equal((r.Key, ChinaProvinces.InEnglish(r.Key)), (r.NameZh, r.Name)));
        Assert.Contains(provinces, r => r.Name == "Shanghai");
        Assert.Equal(headlines[Figure.LandedProjects].Final.Current, teams.Sum(r => r.Landed));
    }

    [Fact]
    public async Task Sub_delegation_rows_are_each_buyers_own_delegation_and_sum_to_the_delegation_rows()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;

        var delegations = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(edition, By.Delegation))).Rows;
        var subs = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(edition, By.SubDelegation))).Rows;

        await using var db = crm.Database.CreateDbContext();
        var now = (await DashboardRecount.DealsAsync(db, edition)).Where(d => d.Kind == MatchKind.Procurement && d.IntentSignedOn != null)
            .GroupBy(d => d.DelegationCode is { } code ? code[(code.IndexOf('-') + 1)..] : "")
            .ToDictionary(g => g.Key, g => g.Sum(d => d.IntendedValueUsd ?? 0m));
        Assert.Contains(now.Keys, key => key.Count(c => c == '-') == 1); // the seed has buyers in sub-delegations
        Assert.All(now, pair => Assert.Equal(pair.Value, subs.Single(r => r.Key == pair.Key).IntendedValueUsd));
        Assert.Equal(delegations.Sum(r => r.IntendedValueUsd), subs.Sum(r => r.IntendedValueUsd));
        Assert.Equal(delegations.Sum(r => r.PreviousIntendedValueUsd), subs.Sum(r => r.PreviousIntendedValueUsd));
        Assert.All(subs.Where(r => r.Key.Length > 0), r => Assert.NotEqual(r.Key, r.Name));
    }

    [Fact]
    public async Task Each_delegation_row_is_its_whole_tree_and_is_matched_with_the_previous_editions_delegation_of_the_same_code()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;

        var rows = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(edition, By.Delegation))).Rows;

        await using var db = crm.Database.CreateDbContext();
        var now = (await DashboardRecount.DealsAsync(db, edition)).Where(d => d.Kind == MatchKind.Procurement && d.IntentSignedOn != null)
            .GroupBy(DashboardRecount.DelegationKey).ToDictionary(g => g.Key, g => g.Sum(d => d.IntendedValueUsd ?? 0m));
        var before = (await DashboardRecount.DealsAsync(db, edition - 1)).Where(d => d.Kind == MatchKind.Procurement && d.IntentSignedOn != null)
            .GroupBy(DashboardRecount.DelegationKey).ToDictionary(g => g.Key, g => g.Sum(d => d.IntendedValueUsd ?? 0m));
        Assert.NotEmpty(now);
        Assert.Equal(now.Keys.Union(before.Keys).Order(StringComparer.Ordinal), rows.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(rows, r => Assert.Equal((r.Key, now.GetValueOrDefault(r.Key), before.GetValueOrDefault(r.Key)),
            (r.Key, r.IntendedValueUsd, r.PreviousIntendedValueUsd)));
        // A delegation of this edition carries its id, to open its deals in the pipeline.
        var shanghai = await db.TradeDelegations.Where(t => t.Edition!.Number == edition && t.ParentId == null && now.Keys.Contains(t.Code.Substring(4)))
            .Select(t => new { t.Id, t.Code, t.NameZh }).FirstAsync();
        var row = rows.Single(r => r.Key == shanghai.Code[4..]);
        Assert.Equal((shanghai.Id, shanghai.NameZh), (row.Id, row.NameZh));
    }

    [Fact]
    public async Task A_team_members_dashboard_counts_only_their_teams_deals_and_meetings()
    {
        var (current, startsOn) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var asOf = startsOn.AddDays(60);
        var teams = crm.TeamMember.TeamIds;

        var mine = await crm.SendAs(crm.TeamMember, new GetDashboardHeadlines.Query(current - 1, asOf.AddYears(-1)));
        var byTeam = (await crm.SendAs(crm.TeamMember, new GetDashboardBreakdown.Query(current - 1, By.Team))).Rows;
        var byDelegation = (await crm.SendAs(crm.TeamMember, new GetDashboardBreakdown.Query(current - 1, By.Delegation))).Rows;

        await using var db = crm.Database.CreateDbContext();
        var final = await DashboardRecount.FiguresAsync(db, current - 1, null, teams);
        var samePoint = await DashboardRecount.FiguresAsync(db, current - 1, mine.AsOf, teams);
        var previousSamePoint = await DashboardRecount.FiguresAsync(db, current - 2, mine.PreviousCutOff, teams);
        foreach (var figure in Enum.GetValues<Figure>())
        {
            Assert.Equal((figure, final[figure]), (figure, mine[figure].Final.Current));
            Assert.Equal((figure, samePoint[figure], previousSamePoint[figure]), (figure, mine[figure].SamePoint.Current, mine[figure].SamePoint.Previous));
        }
        var teamCodes = await db.PromotionTeams.Where(t => teams.Contains(t.Id)).Select(t => t.Code).ToListAsync();
        Assert.NotEmpty(byTeam);
        Assert.All(byTeam, r => Assert.Contains(r.Key, teamCodes));
        Assert.Empty(byDelegation);
        var all = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(current - 1));
        Assert.True(all[Figure.Intents].Final.Current > mine[Figure.Intents].Final.Current);
    }

    [Fact]
    public async Task A_delegation_leads_dashboard_counts_only_their_delegations_buyers_and_rolls_them_into_one_row()
    {
        var (current, startsOn) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var lead = crm.DelegationLead;
        // A signed intent of a buyer in one of the lead's sub-delegations, and one of a buyer outside their delegation.
        await AddProcurementDealAsync(current, inSubDelegationOf: lead.DelegationIds, value: 2_500_000m);
        await AddProcurementDealAsync(current, outside: lead.DelegationIds, value: 9_000_000m);

        var mine = await crm.SendAs(lead, new GetDashboardHeadlines.Query(current, startsOn.AddDays(30)));
        var byDelegation = (await crm.SendAs(lead, new GetDashboardBreakdown.Query(current, By.Delegation))).Rows;
        var byTeam = (await crm.SendAs(lead, new GetDashboardBreakdown.Query(current, By.Team))).Rows;

        await using var db = crm.Database.CreateDbContext();
        var final = await DashboardRecount.FiguresAsync(db, current, null, delegations: lead.DelegationIds);
        foreach (var figure in Enum.GetValues<Figure>())
        {
            Assert.Equal((figure, final[figure]), (figure, mine[figure].Final.Current));
        }
        var root = await db.TradeDelegations.Where(t => lead.DelegationIds.Contains(t.Id) && t.ParentId == null).Select(t => t.Code).SingleAsync();
        Assert.All(byDelegation, r => Assert.Equal(root[(root.IndexOf('-') + 1)..], r.Key));
        Assert.Equal(final[Figure.IntendedValue], byDelegation.Single().IntendedValueUsd);
        Assert.True(final[Figure.IntendedValue] >= 2_500_000m);
        Assert.Empty(byTeam);
    }

    [Fact]
    public async Task A_viewer_sees_the_managers_figures()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);

        var viewer = await crm.SendAs(crm.Viewer, new GetDashboardHeadlines.Query(current - 1));
        var manager = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(current - 1));

        Assert.Equal(manager.Headlines, viewer.Headlines);
    }

    [Fact]
    public async Task An_unknown_edition_is_refused_with_a_message_naming_it()
    {
        var headlines = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(99)));
        var breakdown = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(99, By.Team)));

        Assert.Contains("99", headlines.Failures.Single().ErrorMessage);
        Assert.Contains("99", breakdown.Failures.Single().ErrorMessage);
        await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(null, (By)42)));
    }


    /// <summary>A procurement deal (code D09-95xxxx) with a signed intent, of a buyer in a sub-delegation of the tree or outside it.</summary>
    private async Task AddProcurementDealAsync(int edition, decimal value, int[]? inSubDelegationOf = null, int[]? outside = null)
    {
        await using var db = crm.Database.CreateDbContext();
        var buyer = await db.Buyers.IgnoreQueryFilters()
            .Where(b => b.Edition!.Number == edition && b.DelegationId != null)
            .Where(b => inSubDelegationOf == null || (inSubDelegationOf.Contains(b.DelegationId!.Value) && b.Delegation!.ParentId != null))
            .Where(b => outside == null || !outside.Contains(b.DelegationId!.Value))
            .OrderBy(b => b.Id).FirstAsync();
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Number == edition).OrderBy(e => e.Id).FirstAsync();
        var prefix = Deal.CodePrefix(edition) + "95";
        var number = await db.Deals.IgnoreQueryFilters().CountAsync(d => d.Code.StartsWith(prefix)) + 1;
        var signedOn = await db.Editions.Where(e => e.Number == edition).Select(e => e.StartsOn).SingleAsync();
        db.Deals.Add(new Deal
        {
            Code = $"{prefix}{number:0000}", EditionId = exhibitor.EditionId, Kind = MatchKind.Procurement, ExhibitorId = exhibitor.Id,
            BuyerId = buyer.Id, Stage = DealStage.IntentSigned, IntentSignedOn = signedOn, IntendedValueUsd = value, IntendedValue = value,
            IntendedCurrency = DealCurrency.Usd, Counterpart = "Dashboard test", NextStep = "Follow up", NextStepDueOn = signedOn.AddDays(30),
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>An investment deal of the previous edition (code D08-95xxxx) with an intent signed on that day.</summary>
    private async Task AddPreviousEditionDealAsync(int edition, DateOnly intentOn, decimal value)
    {
        await using var db = crm.Database.CreateDbContext();
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Number == edition).OrderBy(e => e.Id).FirstAsync();
        var prefix = Deal.CodePrefix(edition) + "95";
        var number = await db.Deals.IgnoreQueryFilters().CountAsync(d => d.Code.StartsWith(prefix)) + 1;
        db.Deals.Add(new Deal
        {
            Code = $"{prefix}{number:0000}", EditionId = exhibitor.EditionId, Kind = MatchKind.Investment, ExhibitorId = exhibitor.Id,
            PromotionTeamId = await db.PromotionTeams.OrderBy(t => t.Code).Select(t => t.Id).FirstAsync(),
            Stage = DealStage.IntentSigned, IntentSignedOn = intentOn, IntendedValueUsd = value, IntendedValue = value,
            IntendedCurrency = DealCurrency.Usd, Counterpart = "Dashboard test", NextStep = "Follow up", NextStepDueOn = intentOn.AddDays(30),
            CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}
