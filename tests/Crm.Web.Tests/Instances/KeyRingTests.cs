using System.Security.Claims;
using Crm.Data;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Web.Tests.Instances;

/// <summary>
/// Several instances over one database share the Data Protection key ring: what one protects (a sign-in cookie, an
/// anti-forgery token) the other reads. Each "instance" is a service provider composed as the app composes its own,
/// with its own key ring cache, over the same SQLite file.
/// </summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task A_fresh_database_gets_its_first_key_and_the_trail_leaves_it_out()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var instance = Instance(database);

        instance.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("hello");

        await using var db = database.CreateDbContext();
        var key = Assert.Single(await db.DataProtectionKeys.ToListAsync());
        Assert.StartsWith("<key id=", key.Xml);
        Assert.Empty(await db.AuditEntries.Where(e => e.EntityType == "DataProtectionKey").ToListAsync());
    }

    [Fact]
    public async Task Data_protected_by_one_instance_is_read_by_another_over_the_same_database()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database);
        await using var second = Instance(database);

        var secret = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm-test").Protect("expo week");

        Assert.Equal("expo week", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm-test").Unprotect(secret));
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_instance_is_accepted_by_another()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database);
        await using var second = Instance(database);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "li.na"), new Claim(ClaimTypes.NameIdentifier, "u-1")], IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), IdentityConstants.ApplicationScheme);

        var cookie = CookieFormat(first).Protect(ticket);
        var read = CookieFormat(second).Unprotect(cookie);

        Assert.NotNull(read);
        Assert.Equal("li.na", read.Principal.Identity!.Name);
        Assert.Equal(IdentityConstants.ApplicationScheme, read.AuthenticationScheme);
    }

    [Fact]
    public async Task Another_application_name_cannot_read_the_cookie()
    {
        // The name is what isolates payloads: the test above passes because both use the fixed name, not the folder.
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database);
        await using var other = Instance(database, services => services.AddDataProtection().SetApplicationName("Other"));

        var secret = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm-test").Protect("expo week");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(
            () => other.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm-test").Unprotect(secret));
        Assert.Equal("Crm", DataProtectionSetup.ApplicationName);
    }

    private static ISecureDataFormat<AuthenticationTicket> CookieFormat(IServiceProvider instance) =>
        instance.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).TicketDataFormat;

    /// <summary>One instance: the app's own registrations over the test database.</summary>
    private static ServiceProvider Instance(TestDatabase database, Action<IServiceCollection>? change = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.Settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddCrmData(configuration);
        services.AddCrmWeb();
        services.AddCrmAuthentication(configuration);
        change?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
