using System.Globalization;
using Crm.Data.Entities;
using Crm.Web.Features.Admin;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Admin;

/// <summary>The seed has one administrator, <c>admin</c>: it may not be demoted or deactivated, by itself or anyone.</summary>
public sealed class LastAdministratorTests(AdminFixture app) : IClassFixture<AdminFixture>
{
    [Theory]
    [InlineData("en", false, "At least one active administrator must remain")]
    [InlineData("zh-CN", false, "系统至少需要保留一名启用的管理员")]
    [InlineData("en", true, "At least one active administrator must remain")]
    public async Task The_last_administrator_cannot_lose_the_role_or_be_deactivated(string culture, bool deactivate, string expected)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var admin = await app.SignInAsAsync("admin");
        var details = (await app.SendAsync(new GetUser.Query(admin.Id)))!;
        var since = DateTime.UtcNow;
        var change = new UpdateUser.Command(admin.Id, details.DisplayName, details.Email, details.Culture,
            IsActive: !deactivate, Roles: deactivate ? details.Roles : [Roles.Manager], details.Teams, details.Delegations, details.ConcurrencyStamp);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => app.SendAsync(change));

        Assert.StartsWith(expected, refused.Message);
        var after = (await app.SendAsync(new GetUser.Query(admin.Id)))!;
        Assert.Equal([Roles.Administrator], after.Roles);
        Assert.True(after.IsActive);
        Assert.Equal(details.ConcurrencyStamp, after.ConcurrencyStamp);
        await using var db = app.Database.CreateDbContext();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.At >= since && e.Operation == nameof(UpdateUser)));
    }

    [Fact]
    public async Task With_a_second_administrator_the_first_may_step_down()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var admin = await app.SignInAsAsync("admin");
        var second = await app.SendAsync(new CreateUser.Command("admin2", "第二管理员", "admin2@expo-crm.example.com", "Second#Admin1", "zh-CN", [Roles.Administrator], [], []));
        var details = (await app.SendAsync(new GetUser.Query(admin.Id)))!;

        await app.SendAsync(new UpdateUser.Command(admin.Id, details.DisplayName, details.Email, details.Culture, true, [Roles.Manager], [], [], details.ConcurrencyStamp));

        // The step-down applies at once: the former administrator's next administration request is refused.
        await Assert.ThrowsAsync<Crm.Data.AccessDeniedException>(() => app.SendAsync(new GetUser.Query(admin.Id)));
        // Restore for the other tests of this class: the new administrator gives the role back.
        await app.SignInAsAsync("admin2");
        Assert.Equal([Roles.Manager], (await app.SendAsync(new GetUser.Query(admin.Id)))!.Roles);
        var demoted = (await app.SendAsync(new GetUser.Query(admin.Id)))!;
        await app.SendAsync(new UpdateUser.Command(admin.Id, demoted.DisplayName, demoted.Email, demoted.Culture, true, [Roles.Administrator], [], [], demoted.ConcurrencyStamp));
        var secondDetails = (await app.SendAsync(new GetUser.Query(second)))!;
        await app.SendAsync(new UpdateUser.Command(second, secondDetails.DisplayName, secondDetails.Email, secondDetails.Culture, false,
            secondDetails.Roles, [], [], secondDetails.ConcurrencyStamp));
    }
}
