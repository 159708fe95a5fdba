using System.Globalization;
using System.Net;
using System.Text;
using Crm.Data.Entities;
using Crm.Web.Features.Buyers;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Buyers;

/// <summary>The buyer list over the small seed in SQLite: what each role reaches, the filters, the order, the view's link.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class BuyerListTests(SeededCrm crm)
{
    [Fact]
    public async Task A_delegation_lead_lists_only_the_buyers_of_their_delegations_a_team_member_none_a_manager_all()
    {
        await using var db = crm.Database.CreateDbContext();
        var current = await db.Editions.SingleAsync(e => e.Status == EditionStatus.Current);
        var all = await db.Buyers.CountAsync(b => b.EditionId == current.Id);
        var theirs = await db.Buyers.CountAsync(b => b.EditionId == current.Id && b.DelegationId != null && crm.DelegationLead.DelegationIds.Contains(b.DelegationId.Value));

        Assert.Equal(all, (await crm.SendAs(crm.Manager, new ListBuyers.Query())).Total);
        Assert.Equal(all, (await crm.SendAs(crm.Viewer, new ListBuyers.Query())).Total);
        Assert.Equal(theirs, (await crm.SendAs(crm.DelegationLead, new ListBuyers.Query())).Total);
        Assert.InRange(theirs, 1, all - 1);
        Assert.Equal(0, (await crm.SendAs(crm.TeamMember, new ListBuyers.Query())).Total);
    }

    [Fact]
    public async Task A_delegation_filter_takes_in_its_sub_delegations()
    {
        await using var db = crm.Database.CreateDbContext();
        var delegation = await db.TradeDelegations.Where(d => d.ParentId == null && d.Children.Any() && d.Edition!.Status == EditionStatus.Current)
            .OrderBy(d => d.Code).FirstAsync();
        var expected = await db.Buyers.CountAsync(b => b.DelegationId == delegation.Id || b.Delegation!.ParentId == delegation.Id);

        var page = await crm.SendAs(crm.Manager, new ListBuyers.Query(DelegationId: delegation.Id, Take: 500));

        Assert.Equal(expected, page.Total);
        Assert.Contains(page.Rows, r => r.Delegation != delegation.Name); // some are in its sub-delegations
    }

    [Fact]
    public async Task A_least_budget_and_a_wanted_category_filter_and_the_budget_order_holds()
    {
        await using var db = crm.Database.CreateDbContext();
        var category = await db.Buyers.Where(b => b.Edition!.Status == EditionStatus.Current).Select(b => b.WantedCategories.First()).FirstAsync();

        var page = await crm.SendAs(crm.Manager, new ListBuyers.Query(Category: category, MinBudgetUsd: 1_000_000m,
            Sort: ListBuyers.SortBy.Budget, Descending: true, Take: 200));

        Assert.NotEmpty(page.Rows);
        Assert.All(page.Rows, r => Assert.True(r.BudgetUsd >= 1_000_000m));
        Assert.Equal(page.Rows.Select(r => r.BudgetUsd).OrderByDescending(b => b), page.Rows.Select(r => r.BudgetUsd));
    }

    [Fact]
    public async Task A_negative_budget_is_refused_in_the_users_language()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new ListBuyers.Query(MinBudgetUsd: -1)));

        Assert.Equal("预算不能为负数。", Assert.Single(refused.Failures).ErrorMessage);
    }

    [Fact]
    public void A_view_survives_the_round_trip_through_its_link()
    {
        var view = new BuyersView(9, "上海", 12, "江苏", "FOOD", "FA-DAIRY", 5_000_000m, ListBuyers.SortBy.Budget, true, ["company", "budget"]);

        Assert.Equal(view.ToQueryString(), BuyersView.Parse(ViewQuery.Parse(view.ToQueryString())).ToQueryString());
    }
}

/// <summary>The buyer export over HTTP: the rows the signed-in user reaches, with the chosen columns.</summary>
public sealed class BuyerExportTests
{
    [Fact]
    public async Task A_manager_exports_the_editions_buyers_with_the_chosen_columns_budget_as_a_plain_number()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();

        var response = await browser.GetAsync("/exports/buyers.csv?edition=8&columns=code,budget&sort=Budget&desc=True");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["编码,采购预算", "C3,5000000", "C4,5000000"], lines);
    }

    [Fact]
    public async Task A_team_member_exports_no_buyer()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync(Roles.TeamMember, "test.member");

        var response = await browser.GetAsync("/exports/buyers.csv?edition=8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = Encoding.UTF8.GetString((await response.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines); // the header only
    }
}
