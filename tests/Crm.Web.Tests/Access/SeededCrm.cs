using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.Access;

/// <summary>
/// The product's real small seed loaded once into a temporary SQLite file, and the app's services over it (AddCrmData +
/// AddCrmWeb) with the signed-in user replaced: requests go through the real mediator, its behaviours and the
/// user-bound contexts, exactly as a page sends them. Users are picked from the seed by role and membership.
/// </summary>
public sealed class SeededCrm : IAsyncLifetime
{
    private readonly Dictionary<string, ServiceProvider> _services = [];

    public TestDatabase Database { get; private set; } = null!;

    /// <summary>A promotion team member (role TeamMember) of one team that has investment deals.</summary>
    public SeededUser TeamMember { get; private set; } = null!;

    /// <summary>The lead (role DelegationLead) of a top-level delegation with sub-delegations.</summary>
    public SeededUser DelegationLead { get; private set; } = null!;

    public SeededUser Manager { get; private set; } = null!;

    /// <summary>Not in the seed: created here with the Viewer role.</summary>
    public SeededUser Viewer { get; private set; } = null!;

    public static readonly SeededUser Anonymous = new(null, null, [], []);

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateWithSmallSeedAsync();

        await using var db = Database.CreateDbContext();
        var teamMembers = await db.UserRoles.Where(ur => ur.RoleId == RoleId(Roles.TeamMember)).Select(ur => ur.UserId).ToListAsync();
        var member = await db.PromotionTeamMembers
            .Where(m => teamMembers.Contains(m.UserId) && !m.IsLead)
            .Where(m => db.PromotionTeamMembers.Count(o => o.UserId == m.UserId) == 1)
            .Where(m => db.Deals.Count(d => d.PromotionTeamId == m.TeamId && d.Kind == MatchKind.Investment && d.Stage == DealStage.Met) >= 5)
            .OrderBy(m => m.TeamId).ThenBy(m => m.UserId)
            .Select(m => new { m.UserId, m.User!.UserName, m.TeamId })
            .FirstAsync();
        TeamMember = new SeededUser(member.UserId, member.UserName, [member.TeamId], []);

        var leads = await db.UserRoles.Where(ur => ur.RoleId == RoleId(Roles.DelegationLead)).Select(ur => ur.UserId).ToListAsync();
        var lead = await db.TradeDelegationLeads
            .Where(l => leads.Contains(l.UserId) && l.Delegation!.ParentId == null && l.Delegation.Children.Any())
            .OrderBy(l => l.Delegation!.Code)
            .Select(l => new { l.UserId, l.User!.UserName, l.DelegationId })
            .FirstAsync();
        var tree = await db.TradeDelegations.Where(d => d.Id == lead.DelegationId || d.ParentId == lead.DelegationId).Select(d => d.Id).ToArrayAsync();
        DelegationLead = new SeededUser(lead.UserId, lead.UserName, [], tree);

        var manager = await db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == RoleId(Roles.Manager)))
            .OrderBy(u => u.UserName).FirstAsync();
        Manager = new SeededUser(manager.Id, manager.UserName, [], []);

        var viewer = new AppUser
        {
            Id = "viewer-test", UserName = "viewer.test", NormalizedUserName = "VIEWER.TEST", Email = "viewer.test@expo-crm.example.com",
            NormalizedEmail = "VIEWER.TEST@EXPO-CRM.EXAMPLE.COM", DisplayName = "审阅人", SecurityStamp = Guid.NewGuid().ToString(),
        };
        db.Users.Add(viewer);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = viewer.Id, RoleId = RoleId(Roles.Viewer) });
        await db.SaveChangesAsync();
        Viewer = new SeededUser(viewer.Id, viewer.UserName, [], []);
    }

    /// <summary>Sends the request as this user, in a scope of its own (as one page interaction is).</summary>
    public async Task<T> SendAs<T>(SeededUser user, IRequest<T> request)
    {
        using var scope = ServicesFor(user).CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>Sends the request as this user, as <see cref="SendAs"/> does, recording every query it runs.</summary>
    public async Task<(T Result, IReadOnlyList<RecordedQuery> Queries)> SendRecordingAs<T>(SeededUser user, IRequest<T> request)
    {
        var recorder = new QueryRecorder();
        await using var services = BuildServices(user, recorder);
        using var scope = services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
        return (result, recorder.Queries);
    }

    public async Task DisposeAsync()
    {
        foreach (var services in _services.Values)
        {
            await services.DisposeAsync();
        }
        await Database.DisposeAsync();
    }

    private ServiceProvider ServicesFor(SeededUser user)
    {
        var key = user.Id ?? "";
        if (!_services.TryGetValue(key, out var services))
        {
            _services[key] = services = BuildServices(user, recorder: null);
        }
        return services;
    }

    private ServiceProvider BuildServices(SeededUser user, QueryRecorder? recorder)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Database.Settings).Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCrmData(configuration)
            .AddCrmWeb();
        // The app reads the user from the circuit or the HTTP request; here it is the seeded user (or nobody).
        collection.AddScoped<ICurrentUser>(_ => new FixedUser(new CurrentUserInfo(user.Id, user.UserName)));
        if (recorder is not null)
        {
            collection.ConfigureDbContext<CrmDbContext>(options => options.AddInterceptors(recorder));
        }
        return collection.BuildServiceProvider();
    }

    private static string RoleId(string role) => "role-" + role.ToLowerInvariant();

    private sealed class FixedUser(CurrentUserInfo user) : ICurrentUser
    {
        public Task<CurrentUserInfo> GetAsync() => Task.FromResult(user);
    }
}

/// <summary>A user of the seed and what the seed says they reach.</summary>
public sealed record SeededUser(string? Id, string? UserName, int[] TeamIds, int[] DelegationIds)
{
    public override string ToString() => UserName ?? "anonymous";
}

[CollectionDefinition(Name)]
public sealed class SeededCrmCollection : ICollectionFixture<SeededCrm>
{
    public const string Name = "Seeded CRM";
}
