using System.Globalization;
using System.Reflection;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Admin;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Admin;

/// <summary>Only administrators administer: every other role is refused on the server, whatever the page shows.</summary>
public sealed class AdminAccessTests(AdminFixture app) : IClassFixture<AdminFixture>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_administration_request_requires_the_administrator_role_and_every_change_is_a_write()
    {
        var requests = typeof(AdminText).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(AdminText).Namespace && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)))
            .ToList();

        Assert.Equal(8, requests.Count);
        Assert.All(requests, r => Assert.Equal([Roles.Administrator], (r.DeclaringType ?? r).GetCustomAttribute<RequiresRoleAttribute>()?.Roles ?? []));
        Assert.All(requests.Where(r => r.Name == "Command"), r => Assert.True(typeof(IWriteRequest).IsAssignableFrom(r), r.DeclaringType!.Name));
    }

    [Theory]
    [InlineData(Roles.TeamMember)]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.DelegationLead)]
    public async Task Any_administration_request_from_another_role_is_refused_and_nothing_changes(string role)
    {
        var admin = await app.SignInAsAsync("admin");
        var userName = await app.UserInRoleAsync(role);
        await app.SignInAsAsync(userName);
        var before = await SnapshotAsync(admin.Id);
        var requests = new IBaseRequest[]
        {
            new ListUsers.Query(),
            new GetUser.Query(admin.Id),
            new ListUserChoices.Query(),
            new ListAuditEntries.Query(),
            new CreateUser.Command("intruder", "Intruder", "intruder@example.com", "Intruder#2026", "en", [Roles.Administrator], [], []),
            new UpdateUser.Command(admin.Id, "Hijacked", "admin@expo-crm.example.com", "en", false, [Roles.Viewer], [], [], null),
            new ResetPassword.Command(admin.Id, "Hijacked#2026"),
            new UnlockUser.Command(admin.Id),
        };

        foreach (var request in requests)
        {
            var send = typeof(AdminFixture).GetMethod(nameof(AdminFixture.SendAsync))!
                .MakeGenericMethod(request.GetType().GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)).GetGenericArguments()[0]);
            var refused = await Assert.ThrowsAsync<AccessDeniedException>(async () => await (dynamic)send.Invoke(app, [request])!);
            Assert.Contains("role", refused.Message);
        }

        Assert.Equal(before, await SnapshotAsync(admin.Id));
        await using var db = app.Database.CreateDbContext();
        var denials = await db.AuditEntries.Where(e => e.Action == AuditAction.AccessDenied && e.UserName == userName).Select(e => e.Operation).ToListAsync();
        Assert.Equal(requests.Select(r => RequestName.Of(r.GetType())).Order(), denials.Order());
    }

    [Fact]
    public async Task The_audit_trail_is_listed_for_an_administrator_newest_first_and_refused_to_a_manager()
    {
        await app.SignInAsAsync("admin");
        var id = await app.SendAsync(new CreateUser.Command("wu.fang", "吴芳", "wu.fang@expo-crm.example.com", "Minhang#2026", "zh-CN", [Roles.Viewer], [], []));

        var page = await app.SendAsync(new ListAuditEntries.Query(Take: 10));
        var created = await app.SendAsync(new ListAuditEntries.Query(UserName: "admin", Action: AuditAction.Created, EntityType: nameof(AppUser), KeyContains: id,
            From: DateOnly.FromDateTime(DateTime.UtcNow), To: DateOnly.FromDateTime(DateTime.UtcNow)));

        Assert.True(page.Total >= 2);
        Assert.Equal(page.Rows.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Select(r => r.Id), page.Rows.Select(r => r.Id));
        var row = Assert.Single(created.Rows);
        Assert.Equal(nameof(CreateUser), row.Operation);
        Assert.Contains(new ListAuditEntries.Change("DisplayName", null, "吴芳"), row.Changes);
        Assert.Equal("wu.fang", row.Record);
        Assert.Empty((await app.SendAsync(new ListAuditEntries.Query(From: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1)))).Rows);

        await app.SignInAsAsync("manager");
        await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAsync(new ListAuditEntries.Query()));
        // Beneath the refusal, the manager's own contexts see no audit row (row-level filter) but the public directory's
        // history (companies and exhibitors), which every record page shows.
        await using var system = app.Database.CreateDbContext();
        var managerId = (await system.Users.SingleAsync(u => u.UserName == "manager")).Id;
        await using var asManager = app.Database.CreateDbContext();
        asManager.Access = await Crm.Data.Access.AccessResolver.ForUserAsync(system, managerId);
        Assert.Equal(0, await asManager.AuditEntries.CountAsync(e => e.EntityType != nameof(Company) && e.EntityType != nameof(Exhibitor)));
        Assert.True(await system.AuditEntries.CountAsync() > 0);
    }

    private async Task<string> SnapshotAsync(string adminId)
    {
        await using var db = app.Database.CreateDbContext();
        var admin = await db.Users.AsNoTracking().SingleAsync(u => u.Id == adminId);
        return string.Join(";", await db.Users.CountAsync(), await db.UserRoles.CountAsync(), await db.PromotionTeamMembers.CountAsync(),
            await db.TradeDelegationLeads.CountAsync(), admin.DisplayName, admin.IsActive, admin.PasswordHash, admin.ConcurrencyStamp);
    }
}
