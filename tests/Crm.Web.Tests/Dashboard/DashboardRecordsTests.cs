using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Dashboard;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using By = Crm.Web.Features.Dashboard.GetDashboardBreakdown.By;
using Figure = Crm.Web.Features.Dashboard.GetDashboardHeadlines.Figure;
using Totals = Crm.Web.Features.Dashboard.ListDashboardRecords.Totals;

namespace Crm.Web.Tests.Dashboard;

/// <summary>
/// Issue 8's drill-down: every dashboard number opens the records that make it, and they add up to it. Over the small
/// seed shared by the collection, so everything is recounted, never expected as a fixed number; records a test adds are
/// removed again.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class DashboardRecordsTests(SeededCrm crm)
{
    /// <summary>Which records a headline figure is the total of, and which total.</summary>
    private static (DashboardMeasure Measure, Func<Totals, decimal?> Total) RecordsOf(Figure figure) => figure switch
    {
        Figure.IntendedValue => (DashboardMeasure.Intents, t => t.IntendedValueUsd),
        Figure.ContractValue => (DashboardMeasure.Contracts, t => t.ContractValueUsd),
        Figure.Capex => (DashboardMeasure.Landed, t => t.CapexUsd),
        Figure.Jobs => (DashboardMeasure.Landed, t => t.Jobs),
        Figure.Intents => (DashboardMeasure.Intents, t => t.Records),
        Figure.Contracts => (DashboardMeasure.Contracts, t => t.Records),
        Figure.LandedProjects => (DashboardMeasure.Landed, t => t.Records),
        Figure.MeetingsHeld => (DashboardMeasure.MeetingsHeld, t => t.Records),
        Figure.NoShowRate => (DashboardMeasure.Attendance, t => t.NoShowRate),
        _ => throw new ArgumentOutOfRangeException(nameof(figure)),
    };

    [Fact]
    public async Task Every_headline_is_the_total_of_its_records_final_and_at_the_same_point_in_both_editions()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1; // a year of outcomes
        var asOf = (await StartsOnAsync(edition)).AddDays(60);
        var headlines = await crm.SendAs(crm.Manager, new GetDashboardHeadlines.Query(edition, asOf));
        var previousCutOff = headlines.PreviousCutOff!.Value;

        foreach (var figure in Enum.GetValues<Figure>())
        {
            var (measure, total) = RecordsOf(figure);
            var final = await RecordsAsync(crm.Manager, new DashboardSlice(edition, measure));
            var samePoint = await RecordsAsync(crm.Manager, new DashboardSlice(edition, measure, Until: asOf));
            var previousFinal = await RecordsAsync(crm.Manager, new DashboardSlice(edition - 1, measure));
            var previousSamePoint = await RecordsAsync(crm.Manager, new DashboardSlice(edition - 1, measure, Until: previousCutOff));
            var headline = headlines[figure];
            Assert.Equal((figure, headline.Final.Current, headline.SamePoint.Current), (figure, total(final.Totals), total(samePoint.Totals)));
            Assert.Equal((figure, headline.Final.Previous, headline.SamePoint.Previous), (figure, total(previousFinal.Totals), total(previousSamePoint.Totals)));
        }
        // Not vacuous: the seed's edition has more outcomes in its year than at 60 days, and some at 60 days.
        var intents = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Intents));
        var intentsAt = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Intents, Until: asOf));
        Assert.True(intents.Totals.Records > intentsAt.Totals.Records && intentsAt.Totals.Records > 0);
        Assert.All(intentsAt.Deals, d => Assert.True(d.IntentSignedOn <= asOf));
        Assert.Equal(intents.Totals.Records, intents.Deals.Count);
    }

    [Fact]
    public async Task Meetings_are_counted_by_their_day_in_Shanghai_and_the_records_are_the_recounts()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;
        var until = (await StartsOnAsync(edition)).AddDays(1);

        var held = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.MeetingsHeld, Until: until));
        var attendance = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Attendance, Until: until));

        await using var db = crm.Database.CreateDbContext();
        var meetings = await db.Meetings.IgnoreQueryFilters().Where(m => m.Edition!.Number == edition)
            .Select(m => new { m.Code, m.Status, m.StartsAt, m.ExhibitorId, m.BuyerId, m.PromotionTeamId }).ToListAsync();
        var byThen = meetings.Where(m => ExpoCalendar.DayOf(m.StartsAt) <= until).ToList();
        Assert.Equal(byThen.Where(m => m.Status == MeetingStatus.Held).Select(m => m.Code).Order(), held.Meetings.Select(m => m.Code).Order());
        Assert.Equal(byThen.Count(m => m.Status == MeetingStatus.NoShow), attendance.Totals.NoShows);
        Assert.Equal(held.Totals.Records, attendance.Totals.Held);
        Assert.Equal(byThen.Where(m => m.Status is MeetingStatus.Held or MeetingStatus.NoShow)
            .Select(m => (m.ExhibitorId, m.BuyerId, m.PromotionTeamId)).Distinct().Count(), attendance.Totals.Pairs);
        Assert.True(held.Totals.Records > 0 && held.Totals.Records < meetings.Count(m => m.Status == MeetingStatus.Held));
    }

    [Theory]
    [InlineData(By.Delegation)]
    [InlineData(By.SubDelegation)]
    [InlineData(By.Team)]
    [InlineData(By.Sector)]
    [InlineData(By.Area)]
    [InlineData(By.Country)]
    [InlineData(By.Province)]
    public async Task Every_row_of_a_breakdown_is_the_total_of_its_records(By by)
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;

        var rows = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(edition, by))).Rows;

        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            var intents = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Intents, by, row.Key));
            var contracts = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Contracts, by, row.Key));
            var landed = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Landed, by, row.Key));
            var before = await RecordsAsync(crm.Manager, new DashboardSlice(edition - 1, DashboardMeasure.Intents, by, row.Key));
            Assert.Equal((row.Key, row.Intents, row.IntendedValueUsd), (row.Key, intents.Totals.Records, intents.Totals.IntendedValueUsd));
            Assert.Equal((row.Key, row.Contracts, row.ContractValueUsd), (row.Key, contracts.Totals.Records, contracts.Totals.ContractValueUsd));
            Assert.Equal((row.Key, row.Landed), (row.Key, landed.Totals.Records));
            Assert.Equal((row.Key, row.PreviousIntendedValueUsd), (row.Key, before.Totals.IntendedValueUsd));
            if (row.Key.Length > 0)
            {
                Assert.Equal((row.Name, row.NameZh), (intents.Row!.Name, intents.Row.NameZh));
            }
        }
    }

    [Fact]
    public async Task The_none_row_lists_the_procurement_deals_of_buyers_in_no_delegation()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;
        await using var db = crm.Database.CreateDbContext();
        db.AuditRows = false;
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Number == edition).OrderBy(e => e.Id).FirstAsync();
        var company = await db.Companies.Where(c => !db.Buyers.IgnoreQueryFilters().Any(b => b.CompanyId == c.Id && b.EditionId == exhibitor.EditionId))
            .OrderBy(c => c.Id).FirstAsync();
        var loner = new Buyer { EditionId = exhibitor.EditionId, CompanyId = company.Id, Province = "西藏自治区", City = "拉萨市", SectorCode = company.SectorCode, BudgetUsd = 1_000_000m };
        db.Buyers.Add(loner);
        await db.SaveChangesAsync();
        var deal = NewDeal(edition, 190001, exhibitor, loner, (await StartsOnAsync(edition)).AddDays(3), 4_200_000m);
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        try
        {
            var delegations = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(edition, By.Delegation))).Rows;
            var subDelegations = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(edition, By.SubDelegation))).Rows;
            var none = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Intents, By.Delegation, ""));
            var noSub = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Intents, By.SubDelegation, ""));
            var province = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Intents, By.Province, "西藏自治区"));

            var row = delegations.Single(r => r.Key == "");
            Assert.Equal((row.Intents, row.IntendedValueUsd), (none.Totals.Records, none.Totals.IntendedValueUsd));
            Assert.Equal((row.Intents, row.IntendedValueUsd), (subDelegations.Single(r => r.Key == "").Intents, noSub.Totals.IntendedValueUsd));
            var listed = Assert.Single(none.Deals, d => d.Code == deal.Code);
            Assert.Null(listed.Delegation);
            Assert.True(none.Row!.IsNone);
            Assert.Contains(province.Deals, d => d.Code == deal.Code);
            Assert.Equal(("Tibet", "西藏自治区"), (province.Row!.Name, province.Row.NameZh)); // kept in Chinese, named in English from the list
        }
        finally
        {
            db.Deals.Remove(deal);
            db.Buyers.Remove(loner);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Meetings_of_a_delegation_row_are_its_buyers_meetings_and_the_rows_with_the_team_rows_hold_every_meeting()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;
        await using var db = crm.Database.CreateDbContext();
        var meetings = await db.Meetings.IgnoreQueryFilters().Where(m => m.Edition!.Number == edition && m.Status == MeetingStatus.Held)
            .Select(m => new { m.Code, m.BuyerId, Team = m.PromotionTeam!.Code, Delegation = m.Buyer!.Delegation!.Parent!.Code ?? m.Buyer.Delegation.Code })
            .ToListAsync();
        var byDelegation = meetings.Where(m => m.BuyerId != null).GroupBy(m => DashboardEditions.DelegationKey(m.Delegation)).ToList();
        var byTeam = meetings.Where(m => m.BuyerId == null).GroupBy(m => m.Team ?? "").ToList();
        Assert.True(byDelegation.Count > 1 && byTeam.Count > 0);

        foreach (var group in byDelegation)
        {
            var records = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.MeetingsHeld, By.Delegation, group.Key));
            Assert.Equal(group.Select(m => m.Code).Order(), records.Meetings.Select(m => m.Code).Order());
            Assert.All(records.Meetings, m => Assert.Equal(MatchKind.Procurement, m.Kind));
        }
        foreach (var group in byTeam)
        {
            var records = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.MeetingsHeld, By.Team, group.Key));
            Assert.Equal(group.Select(m => m.Code).Order(), records.Meetings.Select(m => m.Code).Order());
        }
        var all = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.MeetingsHeld));
        Assert.Equal(meetings.Count, all.Totals.Records);
    }

    [Fact]
    public async Task Matches_proposed_and_accepted_are_listed_by_their_edition_row_and_the_day_they_were_made_in_Shanghai()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;
        var until = (await StartsOnAsync(edition)).AddDays(-30);
        var endOfUntil = ExpoClock.ToUtc(until.AddDays(1).ToDateTime(TimeOnly.MinValue));
        await using var db = crm.Database.CreateDbContext();
        db.AuditRows = false;
        var team = await db.PromotionTeams.OrderBy(t => t.Code).FirstAsync();
        var exhibitors = await db.Exhibitors.Where(e => e.Edition!.Number == edition)
            .Where(e => !db.Matches.IgnoreQueryFilters().Any(m => m.ExhibitorId == e.Id && m.PromotionTeamId == team.Id))
            .OrderBy(e => e.Id).Take(3).ToListAsync();
        Match Made(Exhibitor exhibitor, DateTime at, MatchDecision counterpart) => new()
        {
            EditionId = exhibitor.EditionId, Kind = MatchKind.Investment, ExhibitorId = exhibitor.Id, PromotionTeamId = team.Id,
            Score = 0.5, Rank = 99, ModelVersion = "records-test", ExhibitorDecision = MatchDecision.Accepted, CounterpartDecision = counterpart, CreatedAt = at,
        };
        var matches = new[]
        {
            Made(exhibitors[0], endOfUntil.AddMinutes(-1), MatchDecision.Accepted),  // 23:59 on the day: counts at the cut-off
            Made(exhibitors[1], endOfUntil, MatchDecision.Accepted),                 // midnight after: final only
            Made(exhibitors[2], endOfUntil.AddDays(-1), MatchDecision.Declined),    // proposed, not accepted
        };
        db.Matches.AddRange(matches);
        await db.SaveChangesAsync();
        try
        {
            var proposed = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Proposed, By.Team, team.Code));
            var accepted = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Accepted, By.Team, team.Code));
            var acceptedThen = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Accepted, By.Team, team.Code, until));
            var ofDelegations = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Proposed, By.Delegation, ""));

            var all = await db.Matches.IgnoreQueryFilters().Where(m => m.Edition!.Number == edition && m.PromotionTeamId == team.Id).ToListAsync();
            Assert.Equal(all.Count, proposed.Totals.Records);
            var both = all.Where(m => m.ExhibitorDecision == MatchDecision.Accepted && m.CounterpartDecision == MatchDecision.Accepted).ToList();
            Assert.Equal(both.Select(m => m.Id).Order(), accepted.Matches.Select(m => m.Id).Order());
            Assert.Equal(both.Where(m => m.CreatedAt < endOfUntil).Select(m => m.Id).Order(), acceptedThen.Matches.Select(m => m.Id).Order());
            Assert.Contains(acceptedThen.Matches, m => m.Id == matches[0].Id);
            Assert.DoesNotContain(acceptedThen.Matches, m => m.Id == matches[1].Id);
            Assert.DoesNotContain(accepted.Matches, m => m.Id == matches[2].Id);
            Assert.DoesNotContain(ofDelegations.Matches, m => matches.Any(made => made.Id == m.Id)); // investment matches have no delegation row
        }
        finally
        {
            db.Matches.RemoveRange(matches);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task A_team_member_lists_only_their_teams_records_and_nothing_of_another_teams_row()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var edition = current - 1;
        await using var db = crm.Database.CreateDbContext();
        var teams = await db.PromotionTeams.Select(t => new { t.Id, t.Code }).ToListAsync();
        var mine = teams.Single(t => crm.TeamMember.TeamIds.Contains(t.Id));
        var managersRows = (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(edition, By.Team))).Rows;
        var other = managersRows.First(r => r.Key != mine.Code && r.Key.Length > 0 && r.Intents > 0);

        var own = await RecordsAsync(crm.TeamMember, new DashboardSlice(edition, DashboardMeasure.Intents, By.Team, mine.Code));
        var everything = await RecordsAsync(crm.TeamMember, new DashboardSlice(edition, DashboardMeasure.Intents));
        var others = await RecordsAsync(crm.TeamMember, new DashboardSlice(edition, DashboardMeasure.Intents, By.Team, other.Key));
        var headlines = await crm.SendAs(crm.TeamMember, new GetDashboardHeadlines.Query(edition));

        var managers = await RecordsAsync(crm.Manager, new DashboardSlice(edition, DashboardMeasure.Intents, By.Team, mine.Code));
        Assert.Equal(managers.Deals, own.Deals);
        Assert.NotEmpty(own.Deals);
        var reached = await db.Deals.IgnoreQueryFilters().Where(d => d.Edition!.Number == edition && d.IntentSignedOn != null)
            .Where(d => d.PromotionTeamId != null && crm.TeamMember.TeamIds.Contains(d.PromotionTeamId.Value)).Select(d => d.Code).ToListAsync();
        Assert.Equal(reached.Order(), everything.Deals.Select(d => d.Code).Order());
        Assert.Equal(headlines[Figure.IntendedValue].Final.Current, everything.Totals.IntendedValueUsd);
        // Another team's row: not refused, and empty, as the member's dashboard has no such row; its name is reference data.
        Assert.Empty(others.Deals);
        Assert.Equal(0, others.Totals.Records);
        Assert.Equal(other.Name, others.Row!.Name);
    }

    [Fact]
    public async Task A_viewer_reads_the_managers_records()
    {
        var (current, _) = await DashboardRecount.CurrentEditionAsync(crm.Database);
        var slice = new DashboardSlice(current - 1, DashboardMeasure.Contracts, By.Sector,
            (await crm.SendAs(crm.Manager, new GetDashboardBreakdown.Query(current - 1, By.Sector))).Rows[0].Key);

        var viewer = await RecordsAsync(crm.Viewer, slice);
        var manager = await RecordsAsync(crm.Manager, slice);

        Assert.NotEmpty(viewer.Deals);
        Assert.Equal(manager.Deals, viewer.Deals);
        Assert.Equal(manager.Totals, viewer.Totals);
    }

    [Fact]
    public async Task An_unknown_edition_a_key_too_long_and_an_unknown_measure_are_refused_with_messages()
    {
        var edition = await Assert.ThrowsAsync<RequestValidationException>(() => RecordsAsync(crm.Manager, new DashboardSlice(99, DashboardMeasure.Intents)));
        var key = await Assert.ThrowsAsync<RequestValidationException>(() =>
            RecordsAsync(crm.Manager, new DashboardSlice(8, DashboardMeasure.Intents, By.Team, new string('x', ListDashboardRecords.KeyMaxLength + 1))));
        var measure = await Assert.ThrowsAsync<RequestValidationException>(() => RecordsAsync(crm.Manager, new DashboardSlice(8, (DashboardMeasure)42)));

        Assert.Contains("99", edition.Failures.Single().ErrorMessage);
        Assert.Contains(ListDashboardRecords.KeyMaxLength.ToString(System.Globalization.CultureInfo.InvariantCulture), key.Failures.Single().ErrorMessage);
        Assert.Single(measure.Failures);
        await Assert.ThrowsAsync<AccessDeniedException>(() => RecordsAsync(SeededCrm.Anonymous, new DashboardSlice(8, DashboardMeasure.Intents)));
    }

    [Fact]
    public void A_slice_survives_the_round_trip_through_its_address()
    {
        DashboardSlice[] slices =
        [
            new(9, DashboardMeasure.Intents),
            new(8, DashboardMeasure.MeetingsHeld, By.Delegation, "SH", new DateOnly(2025, 12, 2)),
            new(8, DashboardMeasure.Landed, By.Team, ""),
            new(8, DashboardMeasure.Accepted, By.Province, "上海市 & co=1?", new DateOnly(2025, 1, 31)),
            new(7, DashboardMeasure.Attendance, Until: new DateOnly(2024, 11, 5)),
        ];
        foreach (var slice in slices)
        {
            Assert.StartsWith("dashboard/records?", slice.Address);
            Assert.Equal(slice, Parse(slice.Address));
        }
        Assert.Equal("dashboard/records?edition=8&measure=intents&by=delegation&key=SH&until=2025-12-02",
            new DashboardSlice(8, DashboardMeasure.Intents, By.Delegation, "SH", new DateOnly(2025, 12, 2)).Address);
        Assert.Equal(new DashboardSlice(8, DashboardMeasure.Intents, By.Team, ""), Parse("dashboard/records?edition=8&measure=intents&by=team"));
        Assert.Null(Parse("dashboard/records?edition=8&measure=everything"));
        Assert.Null(Parse("dashboard/records?measure=intents"));
    }

    private static DashboardSlice? Parse(string address)
    {
        var query = QueryHelpers.ParseQuery(address[address.IndexOf('?')..]);
        string? Value(string key) => query.TryGetValue(key, out var value) ? value.ToString() : null;
        return DashboardSlice.Parse(Value("edition"), Value("measure"), Value("by"), Value("key"), Value("until"));
    }

    private Task<ListDashboardRecords.Result> RecordsAsync(SeededUser user, DashboardSlice slice) =>
        crm.SendAs(user, new ListDashboardRecords.Query(slice));


    private async Task<DateOnly> StartsOnAsync(int edition)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Editions.Where(e => e.Number == edition).Select(e => e.StartsOn).SingleAsync();
    }

    /// <summary>A procurement deal with a signed intent, coded D0N-1xxxxx (this class's range).</summary>
    private static Deal NewDeal(int edition, int number, Exhibitor exhibitor, Buyer buyer, DateOnly signedOn, decimal value) => new()
    {
        Code = $"{Deal.CodePrefix(edition)}{number:000000}", EditionId = exhibitor.EditionId, Kind = MatchKind.Procurement, ExhibitorId = exhibitor.Id,
        BuyerId = buyer.Id, Stage = DealStage.IntentSigned, IntentSignedOn = signedOn, IntendedValueUsd = value, IntendedValue = value,
        IntendedCurrency = DealCurrency.Usd, Counterpart = "Records test", NextStep = "Follow up", NextStepDueOn = signedOn.AddDays(30),
        CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
    };
}
