using Crm.Web.Features.Api;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Api;

/// <summary>A user's own API tokens: made (a viewer too), listed as their own only, revoked; the token itself never stored.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class ApiTokenTests(SeededCrm crm) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        await db.ApiTokens.Where(t => t.Name.StartsWith("token test")).ExecuteDeleteAsync();
    }

    [Fact]
    public async Task A_user_makes_a_token_shown_once_lists_their_own_only_and_revokes_it()
    {
        var made = await crm.SendAs(crm.Viewer, new CreateApiToken.Command("token test viewer", 7));
        await crm.SendAs(crm.Manager, new CreateApiToken.Command("token test manager"));

        var mine = await crm.SendAs(crm.Viewer, new ListApiTokens.Query());

        var row = Assert.Single(mine);
        Assert.Equal(("token test viewer", made.Id), (row.Name, row.Id));
        Assert.StartsWith("crm_", made.Token);
        Assert.Equal(made.Token[..10] + "…", row.Hint);
        Assert.InRange(row.ExpiresAt - row.CreatedAt, TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(7) + TimeSpan.FromSeconds(1));
        await using (var db = crm.Database.CreateDbContext())
        {
            Assert.False(await db.ApiTokens.AnyAsync(t => t.Hash == made.Token || t.Hint == made.Token));
            Assert.True(await db.ApiTokens.AnyAsync(t => t.Hash == ApiTokens.Hash(made.Token)));
        }

        await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new RevokeApiToken.Command(made.Id)));
        await crm.SendAs(crm.Viewer, new RevokeApiToken.Command(made.Id));

        Assert.NotNull(Assert.Single(await crm.SendAs(crm.Viewer, new ListApiTokens.Query())).RevokedAt);
        await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Viewer, new RevokeApiToken.Command(made.Id)));
    }

    [Theory]
    [InlineData("", 30, "Name the token (what it is for).")]
    [InlineData("token test", 0, "A token lives from 1 to 365 days.")]
    [InlineData("token test", 366, "A token lives from 1 to 365 days.")]
    public async Task A_token_without_a_name_or_with_a_life_out_of_range_is_refused_and_nothing_is_written(string name, int days, string message)
    {
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new CreateApiToken.Command(name, days)));

        Assert.Equal(message, Assert.Single(refused.Failures).ErrorMessage);
        Assert.Empty(await crm.SendAs(crm.Manager, new ListApiTokens.Query()));
    }
}
