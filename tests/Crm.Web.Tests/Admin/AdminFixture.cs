using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Admin;

/// <summary>
/// The real small seed in a temporary SQLite file, loaded once for a test class, and the app's services as
/// <c>AddCrmWeb</c> wires them (real mediator, behaviours, Identity, user-bound contexts) with the signed-in user
/// switchable between seeded users.
/// </summary>
public sealed class AdminFixture : IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private readonly ActingUser _acting = new();

    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithSmallSeedAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Database.Settings).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddCrmData(configuration)
            .AddCrmWeb()
            .AddCrmMatching(); // its hosted services do not run here: queued jobs stay queued
        services.AddSingleton<ICurrentUser>(_acting);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>From now on requests are sent by this seeded user.</summary>
    public async Task<AppUser> SignInAsAsync(string userName)
    {
        await using var db = Database.CreateDbContext();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
        _acting.User = new CurrentUserInfo(user.Id, user.UserName);
        return user;
    }

    /// <summary>The first seeded user (by user name) who has only this role.</summary>
    public async Task<string> UserInRoleAsync(string role)
    {
        await using var db = Database.CreateDbContext();
        var roleId = "role-" + role.ToLowerInvariant();
        return await db.Users
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == roleId) && db.UserRoles.Count(ur => ur.UserId == u.Id) == 1)
            .OrderBy(u => u.UserName).Select(u => u.UserName!).FirstAsync();
    }

    /// <summary>Sends the request in its own scope, as a page of its own circuit would.</summary>
    public async Task<T> SendAsync<T>(IRequest<T> request)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    private sealed class ActingUser : ICurrentUser
    {
        public CurrentUserInfo User { get; set; } = CurrentUserInfo.Anonymous;

        public Task<CurrentUserInfo> GetAsync() => Task.FromResult(User);
    }
}
