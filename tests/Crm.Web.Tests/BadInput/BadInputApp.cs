using System.Net;
using System.Text;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Web.Tests.BadInput;

/// <summary>
/// The whole app over the sample data for a class of bad-input tests: pages and exports fetched over HTTP by users signed
/// in through the real form, and writes sent as a manager through the real mediator and its behaviours (validation,
/// authorisation, audit) over the same database, as a page sends them.
/// </summary>
public sealed class BadInputApp : IAsyncLifetime
{
    private ServiceProvider _services = null!;

    public CrmWebApp App { get; private set; } = null!;

    public AppUser Manager { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await CrmWebApp.StartAsync();
        Manager = await App.Database.AddUserAsync("bad.input.manager", Roles.Manager);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(App.Database.Settings).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddCrmData(configuration)
            .AddCrmWeb()
            .AddScoped<ICurrentUser>(_ => new FixedUser(new CurrentUserInfo(Manager.Id, Manager.UserName)))
            .BuildServiceProvider();
    }

    /// <summary>Sends the request as the manager, in a scope of its own (as one page interaction is).</summary>
    public async Task<T> SendAsync<T>(IRequest<T> request)
    {
        using var scope = _services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    /// <summary>A new user with this role, signed in through the real form, working in <paramref name="culture"/>.</summary>
    public async Task<HttpClient> BrowserAsync(string culture = "en", string role = Roles.Manager, string? userName = null)
    {
        var browser = await App.SignedInBrowserAsync(role, userName ?? $"bad.{Guid.NewGuid():N}"[..16]);
        await browser.GetAsync($"/culture?c={culture}&redirect=/");
        return browser;
    }

    /// <summary>The text of a CSV file the app wrote (UTF-8 with a BOM).</summary>
    public static async Task<string> CsvTextAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await App.DisposeAsync();
    }

    private sealed class FixedUser(CurrentUserInfo user) : ICurrentUser
    {
        public Task<CurrentUserInfo> GetAsync() => Task.FromResult(user);
    }
}
