using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Companies;

/// <summary>
/// A company's record page through its handlers, over the small seed in SQLite: the facts and participation across
/// editions, what each role reaches of it, and the activity timeline with tasks, due dates and "my open tasks".
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class CompanyRecordTests(SeededCrm crm)
{
    [Fact]
    public async Task The_record_shows_every_edition_a_company_exhibited_in_and_its_deals_newest_first()
    {
        await using var db = crm.Database.CreateDbContext();
        var company = await db.Exhibitors.GroupBy(e => e.CompanyId).Where(g => g.Count() >= 2).Select(g => g.Key).OrderBy(id => id).FirstAsync();
        var editions = await db.Exhibitors.Where(e => e.CompanyId == company).Select(e => e.Edition!.Number).OrderByDescending(n => n).ToListAsync();
        var deals = await db.Deals.CountAsync(d => d.Exhibitor!.CompanyId == company || d.Buyer!.CompanyId == company);

        var record = await crm.SendAs(crm.Manager, new GetCompany.Query(company));

        Assert.NotNull(record);
        Assert.Equal(editions, record.Exhibited.Select(e => e.EditionNumber));
        Assert.Equal(deals, record.Deals.Count);
        Assert.Equal(record.Deals.Select(d => d.EditionNumber).OrderByDescending(n => n), record.Deals.Select(d => d.EditionNumber));
        Assert.False(string.IsNullOrEmpty(record.CountryZh));
        Assert.Null(await crm.SendAs(crm.Manager, new GetCompany.Query(int.MaxValue)));
    }

    [Fact]
    public async Task A_delegation_lead_sees_a_companys_buying_only_in_their_delegations_and_a_team_member_none()
    {
        await using var db = crm.Database.CreateDbContext();
        var outside = await db.Buyers
            .Where(b => b.DelegationId != null && !crm.DelegationLead.DelegationIds.Contains(b.DelegationId.Value))
            .Select(b => b.CompanyId).OrderBy(id => id).FirstAsync();
        var inside = await db.Buyers
            .Where(b => b.DelegationId != null && crm.DelegationLead.DelegationIds.Contains(b.DelegationId.Value))
            .Select(b => b.CompanyId).OrderBy(id => id).FirstAsync();

        var reachable = await db.Buyers.CountAsync(b => b.CompanyId == outside && b.DelegationId != null
            && crm.DelegationLead.DelegationIds.Contains(b.DelegationId.Value));
        Assert.True((await crm.SendAs(crm.Manager, new GetCompany.Query(outside)))!.Bought.Count > reachable);
        var seenByLead = await crm.SendAs(crm.DelegationLead, new GetCompany.Query(outside));
        Assert.NotNull(seenByLead); // the directory is public ...
        Assert.Equal(reachable, seenByLead.Bought.Count);
        Assert.NotEmpty((await crm.SendAs(crm.DelegationLead, new GetCompany.Query(inside)))!.Bought);
        Assert.Empty((await crm.SendAs(crm.TeamMember, new GetCompany.Query(inside)))!.Bought); // ... the buying is not
    }

    [Fact]
    public async Task An_activity_is_logged_on_the_timeline_newest_first_with_its_owner()
    {
        var company = await AnyCompanyAsync();

        var first = await crm.SendAs(crm.Manager, new RecordActivity.Command(company, ActivityKind.Call, "  询问参展意向 ", "对方关注临港新片区", null));
        var second = await crm.SendAs(crm.Manager, new RecordActivity.Command(company, ActivityKind.Visit, "展位拜访", null, null));

        var timeline = await crm.SendAs(crm.Manager, new ListActivities.Query(company));
        Assert.Equal([second, first], timeline.Where(a => a.Id == first || a.Id == second).Select(a => a.Id));
        var call = timeline.Single(a => a.Id == first);
        Assert.Equal(("询问参展意向", "对方关注临港新片区", crm.Manager.Id), (call.Subject, call.Notes, call.OwnerUserId));
        await using var db = crm.Database.CreateDbContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == nameof(Activity) && e.EntityKey == first.ToString() && e.Action == AuditAction.Created
            && e.UserName == crm.Manager.UserName));
    }

    [Theory]
    [InlineData("en", ActivityKind.Task, "call back", false, "A task needs a due date.")]
    [InlineData("zh-CN", ActivityKind.Task, "回访", false, "待办事项需要截止日期。")]
    [InlineData("zh-CN", ActivityKind.Note, "备注", true, "只有待办事项可以设置截止日期。")]
    [InlineData("en", ActivityKind.Call, "   ", false, "Give the activity a subject.")]
    public async Task An_incomplete_activity_is_refused_in_the_users_language_and_nothing_is_written(
        string culture, ActivityKind kind, string subject, bool withDueDate, string message)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var company = await AnyCompanyAsync();
        var before = await CountAsync();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager,
            new RecordActivity.Command(company, kind, subject, null, withDueDate ? new DateOnly(2026, 11, 30) : null)));

        Assert.Equal([message], refused.Failures.Select(f => f.ErrorMessage));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_viewer_cannot_log_an_activity()
    {
        var before = await CountAsync();
        var company = await AnyCompanyAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer,
            new RecordActivity.Command(company, ActivityKind.Note, "只读用户", null, null)));

        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_task_past_its_due_day_is_overdue_in_my_open_tasks_until_it_is_done()
    {
        var company = await AnyCompanyAsync();
        var yesterday = ExpoCalendar.Today(TimeProvider.System).AddDays(-1);
        var late = await crm.SendAs(crm.TeamMember, new RecordActivity.Command(company, ActivityKind.Task, "补交投资意向书", null, yesterday));
        var later = await crm.SendAs(crm.TeamMember, new RecordActivity.Command(company, ActivityKind.Task, "安排园区参观", null, yesterday.AddDays(10)));

        var mine = await crm.SendAs(crm.TeamMember, new ListActivities.Query(null, MyOpenTasks: true));
        Assert.Equal([late, later], mine.Where(t => t.Id == late || t.Id == later).Select(t => t.Id));
        Assert.True(mine.Single(t => t.Id == late).IsOverdue);
        Assert.False(mine.Single(t => t.Id == later).IsOverdue);
        Assert.DoesNotContain(await crm.SendAs(crm.Manager, new ListActivities.Query(null, MyOpenTasks: true)), t => t.Id == late);

        await crm.SendAs(crm.TeamMember, new CompleteTask.Command(late));

        Assert.DoesNotContain(await crm.SendAs(crm.TeamMember, new ListActivities.Query(null, MyOpenTasks: true)), t => t.Id == late);
        var done = (await crm.SendAs(crm.TeamMember, new ListActivities.Query(company))).Single(t => t.Id == late);
        Assert.NotNull(done.CompletedAt);
        Assert.False(done.IsOverdue);
    }

    [Fact]
    public async Task A_team_member_does_not_see_someone_elses_activity_on_a_company_outside_their_deals_nor_complete_it()
    {
        var company = await AnyCompanyAsync();
        var managers = await crm.SendAs(crm.Manager, new RecordActivity.Command(company, ActivityKind.Task, "内部跟进", null, new DateOnly(2026, 12, 1)));

        Assert.DoesNotContain(await crm.SendAs(crm.TeamMember, new ListActivities.Query(company)), a => a.Id == managers);
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.TeamMember, new CompleteTask.Command(managers)));
        Assert.Equal(nameof(CompleteTask.Command.ActivityId), Assert.Single(refused.Failures).PropertyName);
    }

    /// <summary>A company that only exhibits (no deal of any team), so activities on it reach nobody through a deal.</summary>
    private async Task<int> AnyCompanyAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Exhibitors.Where(e => !db.Deals.Any(d => d.Exhibitor!.CompanyId == e.CompanyId || d.Buyer!.CompanyId == e.CompanyId))
            .Select(e => e.CompanyId).OrderBy(id => id).FirstAsync();
    }

    private async Task<int> CountAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Activities.CountAsync();
    }
}
