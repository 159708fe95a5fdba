using System.Net.Http.Headers;
using Crm.Data.Entities;
using Crm.Web.Cli;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Api;

/// <summary>
/// The whole app in this process over its own copy of the small seed, for the HTTP API's tests: the seed's manager and
/// administrator, a team member of one team and a delegation lead, a viewer made here, and API tokens made for them by
/// the real command line (<c>users token</c>).
/// </summary>
public sealed class ApiCrm : IAsyncLifetime
{
    public CrmWebApp App { get; private set; } = null!;
    public TestDatabase Database => App.Database;

    public string ManagerToken { get; private set; } = "";
    public string AdminToken { get; private set; } = "";
    public string MemberToken { get; private set; } = "";
    public string LeadToken { get; private set; } = "";
    public string ViewerToken { get; private set; } = "";
    public int MemberTeamId { get; private set; }
    public int[] LeadDelegationIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        App = new CrmWebApp(await TestDatabase.CreateWithSmallSeedAsync());
        await using (var db = Database.CreateDbContext())
        {
            var member = await db.PromotionTeamMembers
                .Where(m => db.UserRoles.Any(r => r.UserId == m.UserId && r.RoleId == db.Roles.Single(x => x.Name == Roles.TeamMember).Id))
                .Where(m => db.PromotionTeamMembers.Count(o => o.UserId == m.UserId) == 1)
                .Where(m => db.Deals.Count(d => d.PromotionTeamId == m.TeamId && d.Kind == MatchKind.Investment && d.Stage == DealStage.Met) >= 5)
                .OrderBy(m => m.TeamId).Select(m => new { m.User!.UserName, m.TeamId }).FirstAsync();
            MemberTeamId = member.TeamId;
            MemberToken = await TokenAsync(member.UserName!);
            var lead = await db.TradeDelegationLeads.Where(l => l.Delegation!.ParentId == null && l.Delegation.Children.Any())
                .OrderBy(l => l.Delegation!.Code).Select(l => new { l.User!.UserName, l.DelegationId }).FirstAsync();
            LeadDelegationIds = await db.TradeDelegations.Where(d => d.Id == lead.DelegationId || d.ParentId == lead.DelegationId).Select(d => d.Id).ToArrayAsync();
            LeadToken = await TokenAsync(lead.UserName!);
        }
        await Database.AddUserAsync("api.viewer", Roles.Viewer);
        ManagerToken = await TokenAsync("manager");
        AdminToken = await TokenAsync("admin");
        ViewerToken = await TokenAsync("api.viewer");
    }

    /// <summary>An API token for the user, made as an operator makes one: <c>crm users token USER --name …</c>.</summary>
    public async Task<string> TokenAsync(string userName, int days = 30)
    {
        var (exit, output, errors) = await CommandLine.RunAsync("users", "token", userName, "--name", "api tests", "--days", days.ToString(), "--db", Database.Path);
        Assert.True(exit == ExitCode.Done, errors);
        return output.Trim();
    }

    /// <summary>A client of another system: the token as a bearer, and its language.</summary>
    public HttpClient Client(string? token, string language = "zh-CN")
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return client;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class ApiCrmCollection : ICollectionFixture<ApiCrm>
{
    public const string Name = "API CRM";
}
