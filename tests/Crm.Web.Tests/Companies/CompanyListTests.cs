using Crm.Web.Features.Companies;
using Crm.Web.Infrastructure.Lists;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Companies;

/// <summary>The company directory: across editions, filtered by where it comes from and how it took part.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class CompanyListTests(SeededCrm crm)
{
    [Fact]
    public async Task Every_company_is_listed_by_name_and_a_country_and_sector_filter_narrows_it()
    {
        await using var db = crm.Database.CreateDbContext();
        var all = await db.Companies.CountAsync();
        var sample = await db.Companies.OrderBy(c => c.Id).Select(c => new { c.CountryCode, c.SectorCode }).FirstAsync();

        var page = await crm.SendAs(crm.Manager, new ListCompanies.Query());
        var filtered = await crm.SendAs(crm.Manager, new ListCompanies.Query(CountryCode: sample.CountryCode, SectorCode: sample.SectorCode, Take: 500));

        Assert.Equal(all, page.Total);
        Assert.Equal(page.Rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Id), page.Rows.Select(r => r.Id));
        Assert.Equal(await db.Companies.CountAsync(c => c.CountryCode == sample.CountryCode && c.SectorCode == sample.SectorCode), filtered.Total);
    }

    [Fact]
    public async Task Exhibitors_of_an_edition_are_the_companies_that_exhibited_in_it()
    {
        await using var db = crm.Database.CreateDbContext();
        var expected = await db.Exhibitors.Where(e => e.Edition!.Number == 8).Select(e => e.CompanyId).Distinct().CountAsync();

        var page = await crm.SendAs(crm.Manager, new ListCompanies.Query(Edition: 8, As: ListCompanies.Role.Exhibitor, Take: 50));

        Assert.Equal(expected, page.Total);
        Assert.All(page.Rows, r => Assert.True(r.EditionsExhibited >= 1));
    }

    [Fact]
    public async Task A_team_member_sees_the_directory_but_counts_no_buying()
    {
        var page = await crm.SendAs(crm.TeamMember, new ListCompanies.Query(As: ListCompanies.Role.Buyer, Take: 50));

        Assert.Equal(0, page.Total); // buyers are beyond a team member's reach
        Assert.NotEqual(0, (await crm.SendAs(crm.TeamMember, new ListCompanies.Query())).Total);
    }

    [Fact]
    public void A_view_survives_the_round_trip_through_its_link_with_its_columns_in_their_order()
    {
        var view = new CompaniesView("乳业", "DE", "FOOD", true, 8, ListCompanies.Role.Buyer, ListCompanies.SortBy.Country, true, ["f500", "company"]);

        var back = CompaniesView.Parse(ViewQuery.Parse(view.ToQueryString()));

        Assert.Equal(view with { Columns = null }, back with { Columns = null });
        Assert.Equal(["f500", "company"], back.Columns);
    }
}
