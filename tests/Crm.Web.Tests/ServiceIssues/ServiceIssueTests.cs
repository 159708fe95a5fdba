using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.History;
using Crm.Web.Features.ServiceIssues;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.ServiceIssues;

/// <summary>
/// The service desk's issue list (J5) through its handlers, over the small seed in SQLite: recording with the edition's
/// codes, assigning, resolving with a note, closing and reopening, the version guard, the refusals in both languages, and
/// the report's counts recomputed from the rows.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class ServiceIssueTests(SeededCrm crm)
{
    [Fact]
    public async Task A_recorded_issue_gets_the_next_code_of_its_edition_and_is_listed_as_open_and_unassigned()
    {
        var (edition, exhibitor, _) = await CurrentEditionAsync();

        var recorded = await crm.SendAs(crm.TeamMember, Record(edition, exhibitor, ServiceIssueParty.Exhibitor, "展位电源不足"));
        var again = await crm.SendAs(crm.TeamMember, Record(edition, exhibitor, ServiceIssueParty.Exhibitor, "展位网络不通"));

        Assert.StartsWith($"SI{edition:00}-", recorded.Code);
        Assert.Equal(int.Parse(recorded.Code[5..], CultureInfo.InvariantCulture) + 1, int.Parse(again.Code[5..], CultureInfo.InvariantCulture));
        var page = await crm.SendAs(crm.Manager, new ListServiceIssues.Query(edition, OpenOnly: true, Owner: ListServiceIssues.OwnerFilter.Nobody,
            Search: "展位电源不足"));
        var row = Assert.Single(page.Rows);
        Assert.Equal((recorded.Code, ServiceIssueStatus.Open, null, exhibitor), (row.Code, row.Status, row.OwnerName, row.CompanyId));
    }

    [Fact]
    public async Task Issues_recorded_at_the_same_moment_each_get_their_own_code()
    {
        var (edition, exhibitor, _) = await CurrentEditionAsync();

        var recorded = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            crm.SendAs(crm.Manager, Record(edition, exhibitor, ServiceIssueParty.Exhibitor, $"同时登记 {i}"))));

        Assert.Equal(6, recorded.Select(r => r.Code).Distinct().Count());
    }

    [Fact]
    public async Task An_assigned_issue_is_in_progress_in_its_owners_list_and_resolving_it_keeps_the_note_who_and_when()
    {
        var (edition, _, buyer) = await CurrentEditionAsync();
        var recorded = await crm.SendAs(crm.Manager, Record(edition, buyer, ServiceIssueParty.Buyer, "采购商证件未寄到"));
        var opened = (await crm.SendAs(crm.Manager, new GetServiceIssue.Query(recorded.Id)))!;

        var assigned = await crm.SendAs(crm.Manager, new AssignServiceIssue.Command(recorded.Id, opened.Version, crm.TeamMember.Id));

        Assert.True(assigned.Saved);
        Assert.Equal(ServiceIssueStatus.InProgress, assigned.Status);
        var mine = await crm.SendAs(crm.TeamMember, new ListServiceIssues.Query(edition, Owner: ListServiceIssues.OwnerFilter.Me));
        Assert.Contains(mine.Rows, r => r.Id == recorded.Id && r.Status == ServiceIssueStatus.InProgress);

        var resolved = await crm.SendAs(crm.TeamMember, new ResolveServiceIssue.Command(recorded.Id, assigned.Version, "  已补办证件并快递寄出  "));

        Assert.True(resolved.Saved);
        var issue = (await crm.SendAs(crm.DelegationLead, new GetServiceIssue.Query(recorded.Id)))!;
        Assert.Equal((ServiceIssueStatus.Resolved, "已补办证件并快递寄出", crm.TeamMember.Id), (issue.Status, issue.Resolution, issue.OwnerUserId));
        Assert.NotNull(issue.ResolvedAt);
        // Its history, which every signed-in user reads on the issue.
        var history = await crm.SendAs(crm.DelegationLead, new ListHistory.Query(ListHistory.Of.ServiceIssue, recorded.Id));
        Assert.Contains(history, h => h.UserName == crm.TeamMember.UserName
            && h.Changes.Any(c => c.Property == nameof(ServiceIssue.Status) && c.New == nameof(ServiceIssueStatus.Resolved)));
        Assert.Contains(history, h => h.UserName == crm.Manager.UserName && h.Action == AuditAction.Created);
    }

    [Fact]
    public async Task A_resolved_issue_is_closed_or_reopened_and_reopening_clears_its_resolution()
    {
        var (edition, exhibitor, _) = await CurrentEditionAsync();
        var recorded = await crm.SendAs(crm.Manager, Record(edition, exhibitor, ServiceIssueParty.Exhibitor, "展品通关资料缺失"));
        var version = (await crm.SendAs(crm.Manager, new GetServiceIssue.Query(recorded.Id)))!.Version;
        var resolved = await crm.SendAs(crm.Manager, new ResolveServiceIssue.Command(recorded.Id, version, "已协调海关补交资料"));

        var closed = await crm.SendAs(crm.Manager, new CloseServiceIssue.Command(recorded.Id, resolved.Version));
        var reopened = await crm.SendAs(crm.Manager, new ReopenServiceIssue.Command(recorded.Id, closed.Version));

        Assert.Equal(ServiceIssueStatus.Closed, closed.Status);
        // The resolver took it on: reopened, it is theirs again, in progress.
        Assert.Equal(ServiceIssueStatus.InProgress, reopened.Status);
        var issue = (await crm.SendAs(crm.Manager, new GetServiceIssue.Query(recorded.Id)))!;
        Assert.Null(issue.Resolution);
        Assert.Null(issue.ResolvedAt);
    }

    [Fact]
    public async Task Acting_on_an_issue_someone_changed_meanwhile_writes_nothing_and_says_how_it_stands()
    {
        var (edition, exhibitor, _) = await CurrentEditionAsync();
        var recorded = await crm.SendAs(crm.Manager, Record(edition, exhibitor, ServiceIssueParty.Exhibitor, "餐饮券不足"));
        var seen = (await crm.SendAs(crm.Manager, new GetServiceIssue.Query(recorded.Id)))!.Version;
        var theirs = await crm.SendAs(crm.Manager, new AssignServiceIssue.Command(recorded.Id, seen, crm.Manager.Id));

        var mine = await crm.SendAs(crm.TeamMember, new ResolveServiceIssue.Command(recorded.Id, seen, "已补发餐券"));

        Assert.False(mine.Saved);
        Assert.Equal((theirs.Version, ServiceIssueStatus.InProgress), (mine.Version, mine.Status));
        await using var db = crm.Database.CreateDbContext();
        var stored = await db.ServiceIssues.SingleAsync(i => i.Id == recorded.Id);
        Assert.Equal((ServiceIssueStatus.InProgress, null, crm.Manager.Id), (stored.Status, stored.Resolution, stored.OwnerUserId));
    }

    [Theory]
    [InlineData("zh-CN", "请简要填写问题。", "该企业不是第 {0} 届的采购商。", "请选择一位可以处理问题的在职同事。")]
    [InlineData("en", "Say in a few words what the issue is.", "This company is not a buyer in edition {0}.",
        "Choose an active colleague who can work on issues.")]
    public async Task A_bad_issue_is_refused_in_the_users_language_and_nothing_is_written(string culture, string title, string notBuyer, string owner)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var (edition, _, _) = await CurrentEditionAsync();
        await using var db = crm.Database.CreateDbContext();
        var notABuyer = await db.Exhibitors.Where(e => e.Edition!.Number == edition)
            .Where(e => !db.Buyers.Any(b => b.CompanyId == e.CompanyId && b.EditionId == e.EditionId)).Select(e => e.CompanyId).FirstAsync();
        var before = await db.ServiceIssues.CountAsync();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager,
            new RecordServiceIssue.Command(edition, notABuyer, ServiceIssueParty.Buyer, ServiceIssueCategory.Badges, ServiceIssueSeverity.High, " ",
                null, crm.Viewer.Id)));

        Assert.Equal([title, string.Format(CultureInfo.InvariantCulture, notBuyer, edition), owner], refused.Failures.Select(f => f.ErrorMessage));
        Assert.Equal(before, await db.ServiceIssues.CountAsync());
    }

    [Theory]
    [InlineData("zh-CN", "请填写处理结果。", "只有已解决的问题可以关闭；该问题当前为“待处理”。")]
    [InlineData("en", "Say how the issue was resolved.", "Only a resolved issue can be closed; this one is Open.")]
    public async Task An_issue_is_resolved_only_with_a_note_and_closed_only_once_resolved(string culture, string noNote, string notResolved)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var (edition, exhibitor, _) = await CurrentEditionAsync();
        var recorded = await crm.SendAs(crm.Manager, Record(edition, exhibitor, ServiceIssueParty.Exhibitor, "住宿预订有误"));
        var version = (await crm.SendAs(crm.Manager, new GetServiceIssue.Query(recorded.Id)))!.Version;

        var withoutNote = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.Manager, new ResolveServiceIssue.Command(recorded.Id, version, "")));
        var notYet = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.Manager, new CloseServiceIssue.Command(recorded.Id, version)));

        Assert.Equal(noNote, Assert.Single(withoutNote.Failures).ErrorMessage);
        Assert.Equal(notResolved, Assert.Single(notYet.Failures).ErrorMessage);
        Assert.Equal(version, (await crm.SendAs(crm.Manager, new GetServiceIssue.Query(recorded.Id)))!.Version);
    }

    [Fact]
    public async Task A_viewer_reads_the_issue_list_but_records_and_resolves_nothing()
    {
        var (edition, exhibitor, _) = await CurrentEditionAsync();
        var recorded = await crm.SendAs(crm.Manager, Record(edition, exhibitor, ServiceIssueParty.Exhibitor, "观察员可见"));
        var version = (await crm.SendAs(crm.Viewer, new GetServiceIssue.Query(recorded.Id)))!.Version;

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, Record(edition, exhibitor, ServiceIssueParty.Exhibitor, "越权登记")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, new ResolveServiceIssue.Command(recorded.Id, version, "越权销号")));

        var page = await crm.SendAs(crm.Viewer, new ListServiceIssues.Query(edition, Search: "观察员可见"));
        Assert.Equal(ServiceIssueStatus.Open, Assert.Single(page.Rows).Status);
    }

    [Fact]
    public async Task The_report_counts_every_issue_of_the_edition_once_by_category_open_or_closed_and_by_age()
    {
        var (edition, exhibitor, _) = await CurrentEditionAsync();
        await crm.SendAs(crm.Manager, Record(edition, exhibitor, ServiceIssueParty.Exhibitor, "报表核对"));
        await using var db = crm.Database.CreateDbContext();
        var issues = await db.ServiceIssues.Where(i => i.Edition!.Number == edition).Select(i => new { i.Category, i.Status }).ToListAsync();

        var report = await crm.SendAs(crm.Manager, new CountServiceIssues.Query(edition));

        Assert.Equal(edition, report.Edition);
        Assert.Equal(issues.Count, report.Total.Total);
        foreach (var category in issues.Select(i => i.Category).Distinct())
        {
            var line = Assert.Single(report.Lines, l => l.Category == category);
            var open = issues.Count(i => i.Category == category && i.Status is ServiceIssueStatus.Open or ServiceIssueStatus.InProgress);
            Assert.Equal((open, issues.Count(i => i.Category == category) - open), (line.Open, line.Closed));
            Assert.Equal(open, line.OpenByAge.Sum());
        }
        Assert.Equal(report.Lines.Sum(l => l.Open), report.Total.Open);
        // Raised today: the youngest band.
        Assert.True(report.Total.OpenByAge[0] >= 1);
    }

    [Theory]
    [InlineData("2026-11-01T15:00:00Z", null, "2026-11-02", 1)]   // 23:00 on the 1st in Shanghai: a day old on the 2nd
    [InlineData("2026-11-01T16:30:00Z", null, "2026-11-02", 0)]   // 00:30 on the 2nd in Shanghai: raised today
    [InlineData("2026-11-01T02:00:00Z", "2026-11-09T02:00:00Z", "2026-12-01", 8)]
    public void An_issues_age_counts_days_in_Shanghai_until_resolved_or_today(string raised, string? resolved, string today, int days)
    {
        var age = ServiceIssueAge.Days(DateTime.Parse(raised, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
            resolved is null ? null : DateTime.Parse(resolved, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal),
            DateOnly.Parse(today, CultureInfo.InvariantCulture));

        Assert.Equal(days, age);
    }

    [Theory]
    [InlineData(0, ServiceIssueAge.Band.UpToOneDay)]
    [InlineData(1, ServiceIssueAge.Band.UpToOneDay)]
    [InlineData(2, ServiceIssueAge.Band.TwoToThreeDays)]
    [InlineData(3, ServiceIssueAge.Band.TwoToThreeDays)]
    [InlineData(7, ServiceIssueAge.Band.FourToSevenDays)]
    [InlineData(8, ServiceIssueAge.Band.OverAWeek)]
    public void Open_issues_fall_into_age_bands_by_whole_days(int days, ServiceIssueAge.Band band) =>
        Assert.Equal(band, ServiceIssueAge.BandOf(days));

    [Fact]
    public void A_view_survives_the_round_trip_through_its_link_with_its_columns_in_their_order()
    {
        var view = new ServiceIssuesView(9, true, null, ServiceIssueCategory.Booth, null, null, ListServiceIssues.OwnerFilter.Me, null, "断电",
            ListServiceIssues.SortBy.Severity, false, ["status", "code", "resolved"]);

        var back = ServiceIssuesView.Parse(ViewQuery.Parse(view.ToQueryString()));

        Assert.Equal(view with { Columns = null }, back with { Columns = null });
        Assert.Equal(["status", "code", "resolved"], back.Columns);
    }

    private static RecordServiceIssue.Command Record(int edition, int company, ServiceIssueParty side, string title) =>
        new(edition, company, side, ServiceIssueCategory.Booth, ServiceIssueSeverity.Medium, title, null);

    /// <summary>The current edition, one of its exhibitors and one of its buyers.</summary>
    private async Task<(int Edition, int Exhibitor, int Buyer)> CurrentEditionAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        var edition = await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => new { e.Id, e.Number }).SingleAsync();
        var exhibitor = await db.Exhibitors.Where(e => e.EditionId == edition.Id).OrderBy(e => e.Id).Select(e => e.CompanyId).FirstAsync();
        var buyer = await db.Buyers.Where(b => b.EditionId == edition.Id).OrderBy(b => b.Id).Select(b => b.CompanyId).FirstAsync();
        return (edition.Number, exhibitor, buyer);
    }
}
