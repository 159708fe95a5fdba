using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Admin;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Admin;

/// <summary>J4: an administrator manages users and roles through the handlers, over the real small seed.</summary>
public sealed class UserAdministrationTests(AdminFixture app) : IClassFixture<AdminFixture>, IAsyncLifetime
{
    private const string StrongPassword = "Shanghai#2026";

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        await app.SignInAsAsync("admin");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_administrator_creates_a_user_with_roles_teams_and_delegations_and_reads_it_back()
    {
        var choices = await app.SendAsync(new ListUserChoices.Query());
        var team = choices.Teams[0];
        var delegation = choices.Delegations[0];

        var id = await app.SendAsync(NewUser("zhao.lei", [Roles.TeamMember, Roles.DelegationLead], [new(team.Id, IsLead: true)], [delegation.Id]));

        var user = await app.SendAsync(new GetUser.Query(id));
        Assert.NotNull(user);
        Assert.Equal("zhao.lei", user.UserName);
        Assert.Equal("赵磊", user.DisplayName);
        Assert.Equal("en", user.Culture);
        Assert.True(user.IsActive);
        Assert.Equal([Roles.DelegationLead, Roles.TeamMember], user.Roles);
        Assert.Equal([new TeamMembership(team.Id, true)], user.Teams);
        Assert.Equal([delegation.Id], user.Delegations);

        var listed = await app.SendAsync(new ListUsers.Query(Search: "zhao.lei"));
        var row = Assert.Single(listed.Rows);
        Assert.Contains(team.Name + " ★", row.Teams);
        Assert.Equal([delegation.Name], row.Delegations);

        // The new account signs in with its password and the row-level access sees its team and delegation.
        await using var db = app.Database.CreateDbContext();
        var stored = await db.Users.SingleAsync(u => u.Id == id);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<AppUser>().VerifyHashedPassword(stored, stored.PasswordHash!, StrongPassword));
        Assert.Equal("ZHAO.LEI", stored.NormalizedUserName);
        var access = await Crm.Data.Access.AccessResolver.ForUserAsync(db, id);
        Assert.Contains(team.Id, access.TeamIds);
        Assert.Contains(delegation.Id, access.DelegationIds);
    }

    [Theory]
    [InlineData("en", "The password must have at least 8 characters.", "The password must contain a digit (0-9).")]
    [InlineData("zh-CN", "密码至少需要 8 个字符。", "密码必须包含数字（0-9）。")]
    public async Task A_weak_password_is_refused_in_the_users_language_and_nothing_is_written(string culture, string tooShort, string noDigit)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var before = await CountsAsync();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.SendAsync(NewUser("weak.pw." + culture, [Roles.Manager], [], []) with { Password = "abc" }));

        var messages = refused.Errors[nameof(CreateUser.Command.Password)];
        Assert.Contains(tooShort, messages);
        Assert.Contains(noDigit, messages);
        Assert.Equal(4, messages.Length); // too short, no symbol, no digit, no upper case
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_user_name_or_email_already_taken_is_refused()
    {
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            app.SendAsync(NewUser("ADMIN", [Roles.Manager], [], []) with { Email = "manager@expo-crm.example.com" }));

        Assert.Equal(["The user name 'ADMIN' is already taken."], refused.Errors[nameof(CreateUser.Command.UserName)]);
        Assert.Equal(["The e-mail address 'manager@expo-crm.example.com' is already used by another user."], refused.Errors[nameof(CreateUser.Command.Email)]);
    }

    [Fact]
    public async Task Changing_a_users_roles_leaves_audit_entries_naming_the_administrator_and_the_operation()
    {
        var admin = await app.SignInAsAsync("admin");
        var id = await app.SendAsync(NewUser("qian.hong", [Roles.TeamMember], [], []));
        var user = (await app.SendAsync(new GetUser.Query(id)))!;

        await app.SendAsync(Edit(user) with { Roles = [Roles.Manager] });

        var audit = await app.SendAsync(new ListAuditEntries.Query(KeyContains: id, Action: null, EntityType: null));
        var roleRows = audit.Rows.Where(r => r.EntityType.StartsWith("IdentityUserRole", StringComparison.Ordinal) && r.Operation == nameof(UpdateUser)).ToList();
        var removed = Assert.Single(roleRows, r => r.Action == AuditAction.Deleted);
        var added = Assert.Single(roleRows, r => r.Action == AuditAction.Created);
        Assert.Equal($"{id}|role-teammember", removed.EntityKey);
        Assert.Equal($"{id}|role-manager", added.EntityKey);
        Assert.Equal("qian.hong · Manager", added.Record);
        Assert.All(roleRows, r => Assert.Equal("admin", r.UserName));
        await using var db = app.Database.CreateDbContext();
        Assert.All(await db.AuditEntries.Where(e => e.EntityKey.StartsWith(id) && e.Operation == nameof(UpdateUser)).ToListAsync(),
            e => Assert.Equal(admin.Id, e.UserId));
        // The account itself: a new security stamp ends the user's sessions with the old roles (not shown in the trail).
        Assert.NotEqual(user.ConcurrencyStamp, (await app.SendAsync(new GetUser.Query(id)))!.ConcurrencyStamp);
    }

    [Fact]
    public async Task An_edit_based_on_an_old_read_is_refused_and_does_not_overwrite_the_newer_one()
    {
        var id = await app.SendAsync(NewUser("sun.yu", [Roles.Viewer], [], []));
        var read = (await app.SendAsync(new GetUser.Query(id)))!;
        await app.SendAsync(Edit(read) with { DisplayName = "孙宇（新）" });

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => app.SendAsync(Edit(read) with { DisplayName = "孙宇（旧）" }));

        Assert.Contains("changed this user meanwhile", refused.Message);
        Assert.Equal("孙宇（新）", (await app.SendAsync(new GetUser.Query(id)))!.DisplayName);
    }

    [Fact]
    public async Task Unlocking_a_locked_out_user_clears_the_lockout_and_the_failed_count()
    {
        var id = await app.SendAsync(NewUser("li.na", [Roles.TeamMember], [], []));
        await using (var db = app.Database.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.Id == id);
            user.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            user.AccessFailedCount = 5;
            await db.SaveChangesAsync();
        }
        Assert.NotNull(Assert.Single((await app.SendAsync(new ListUsers.Query(Search: "li.na"))).Rows).LockedOutUntil);

        await app.SendAsync(new UnlockUser.Command(id));

        var unlocked = (await app.SendAsync(new GetUser.Query(id)))!;
        Assert.Null(unlocked.LockoutEnd);
        Assert.Equal(0, unlocked.AccessFailedCount);
        Assert.Null(Assert.Single((await app.SendAsync(new ListUsers.Query(Search: "li.na"))).Rows).LockedOutUntil);
    }

    [Fact]
    public async Task An_administrator_sets_a_new_password_that_must_meet_the_policy()
    {
        var id = await app.SendAsync(NewUser("zhou.jie", [Roles.Manager], [], []));

        await Assert.ThrowsAsync<RequestValidationException>(() => app.SendAsync(new ResetPassword.Command(id, "password")));
        await app.SendAsync(new ResetPassword.Command(id, "Pudong@2027x"));

        await using var db = app.Database.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.Id == id);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<AppUser>().VerifyHashedPassword(user, user.PasswordHash!, "Pudong@2027x"));
        var audit = await db.AuditEntries.Where(e => e.EntityKey == id && e.Operation == nameof(ResetPassword)).SingleAsync();
        Assert.Equal(AuditAction.PasswordChanged, audit.Action);
        Assert.Equal("admin", audit.UserName);
        Assert.DoesNotContain("PasswordHash", audit.Changes); // the trail never holds a password or its hash
        Assert.DoesNotContain("Pudong", audit.Changes);
    }

    [Fact]
    public async Task Users_are_listed_a_page_at_a_time_filtered_by_role_and_active_and_sorted()
    {
        var all = await app.SendAsync(new ListUsers.Query(Take: 5));
        var leads = await app.SendAsync(new ListUsers.Query(Role: Roles.DelegationLead, Take: 200));
        var byDisplayName = await app.SendAsync(new ListUsers.Query(Sort: ListUsers.SortBy.DisplayName, Descending: true, Take: 200));

        Assert.Equal(5, all.Rows.Count);
        Assert.True(all.Total > 5);
        Assert.Equal([.. all.Rows.Select(r => r.UserName).Order(StringComparer.Ordinal)], all.Rows.Select(r => r.UserName));
        Assert.NotEmpty(leads.Rows);
        Assert.All(leads.Rows, r => Assert.Contains(Roles.DelegationLead, r.Roles));
        Assert.All(leads.Rows.Where(r => r.Roles.SequenceEqual([Roles.DelegationLead])), r => Assert.Single(r.Delegations));
        Assert.True(leads.Total < all.Total);
        Assert.Equal(all.Total, byDisplayName.Total);
        Assert.Equal(byDisplayName.Rows.Select(r => r.DisplayName).Order(StringComparer.Ordinal).Reverse(), byDisplayName.Rows.Select(r => r.DisplayName));
        Assert.Empty((await app.SendAsync(new ListUsers.Query(Search: "admin", Active: false))).Rows);
    }

    private static CreateUser.Command NewUser(string userName, IReadOnlyList<string> roles, IReadOnlyList<TeamMembership> teams, IReadOnlyList<int> delegations) =>
        new(userName, userName.StartsWith("zhao", StringComparison.Ordinal) ? "赵磊" : userName, userName + "@expo-crm.example.com", StrongPassword, "en",
            roles, teams, delegations);

    private static UpdateUser.Command Edit(GetUser.Details user) =>
        new(user.Id, user.DisplayName, user.Email, user.Culture, user.IsActive, user.Roles, user.Teams, user.Delegations, user.ConcurrencyStamp);

    private async Task<int[]> CountsAsync()
    {
        await using var db = app.Database.CreateDbContext();
        return [await db.Users.CountAsync(), await db.UserRoles.CountAsync(), await db.PromotionTeamMembers.CountAsync(),
                await db.TradeDelegationLeads.CountAsync(), await db.AuditEntries.CountAsync()];
    }
}
