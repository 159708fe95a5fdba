using System.Globalization;
using System.Net;
using System.Text;
using Crm.Data.Entities;
using Crm.Web.Features.Exhibitors;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Crm.Web.Tests.Access;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Exhibitors;

/// <summary>The exhibitor list over the small seed in SQLite: paging, filters, order, and refusals of a page that cannot exist.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class ExhibitorListTests(SeededCrm crm)
{
    [Fact]
    public async Task Without_an_edition_the_current_ones_exhibitors_are_listed_a_page_at_a_time_in_a_stable_order()
    {
        await using var db = crm.Database.CreateDbContext();
        var current = await db.Editions.SingleAsync(e => e.Status == EditionStatus.Current);
        var count = await db.Exhibitors.CountAsync(e => e.EditionId == current.Id);

        var first = await crm.SendAs(crm.TeamMember, new ListExhibitors.Query(Take: 20));
        var second = await crm.SendAs(crm.TeamMember, new ListExhibitors.Query(Skip: 20, Take: 20));

        Assert.Equal((current.Number, count), (first.Edition, first.Total));
        Assert.Equal(20, first.Rows.Count);
        Assert.Empty(first.Rows.Select(r => r.Id).Intersect(second.Rows.Select(r => r.Id)));
        Assert.Equal(first.Rows.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => r.Id),
            first.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task An_edition_that_does_not_exist_lists_nothing_rather_than_another_edition()
    {
        var page = await crm.SendAs(crm.TeamMember, new ListExhibitors.Query(Edition: 99));

        Assert.Equal(0, page.Total);
        Assert.Empty(page.Rows);
    }

    [Fact]
    public async Task Filters_combine_and_each_row_meets_every_filter()
    {
        await using var db = crm.Database.CreateDbContext();
        var sample = await db.Exhibitors.Where(e => e.Edition!.Number == 8 && e.InterestedInInvesting)
            .Select(e => new { e.AreaCode, e.Company!.CountryCode, e.Company.SectorCode, Category = e.Categories.First() }).FirstAsync();
        var expected = await db.Exhibitors.CountAsync(e => e.Edition!.Number == 8 && e.InterestedInInvesting && e.AreaCode == sample.AreaCode
            && e.Company!.SectorCode == sample.SectorCode && e.Categories.Contains(sample.Category));

        var page = await crm.SendAs(crm.Manager, new ListExhibitors.Query(Edition: 8, AreaCode: sample.AreaCode, SectorCode: sample.SectorCode,
            Category: sample.Category, InterestedInInvesting: true, Take: 200));

        Assert.Equal(expected, page.Total);
        Assert.InRange(page.Total, 1, 200);
        Assert.All(page.Rows, r => Assert.True(r.InterestedInInvesting));
    }

    [Fact]
    public async Task A_part_of_the_Chinese_or_English_name_or_the_exact_code_finds_the_exhibitor()
    {
        await using var db = crm.Database.CreateDbContext();
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Number == 8).OrderBy(e => e.Id)
            .Select(e => new { e.Id, e.Company!.Code, e.Company.Name, e.Company.NameZh }).FirstAsync();

        foreach (var term in new[] { exhibitor.NameZh[1..4], exhibitor.Name[2..7].ToUpperInvariant(), exhibitor.Code })
        {
            var page = await crm.SendAs(crm.Manager, new ListExhibitors.Query(Edition: 8, Search: term, Take: 100));
            Assert.Contains(page.Rows, r => r.Id == exhibitor.Id);
        }
    }

    [Fact]
    public async Task Sorting_by_booth_area_descending_puts_the_largest_first()
    {
        var page = await crm.SendAs(crm.Manager, new ListExhibitors.Query(Edition: 8, Sort: ListExhibitors.SortBy.BoothArea, Descending: true, Take: 50));

        Assert.Equal(page.Rows.Select(r => r.BoothAreaSqm).OrderByDescending(a => a), page.Rows.Select(r => r.BoothAreaSqm));
    }

    [Fact]
    public async Task A_page_outside_the_list_is_refused_in_the_users_language()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new ListExhibitors.Query(Skip: -1)));

        Assert.Equal("列表中没有该页。", Assert.Single(refused.Failures).ErrorMessage);
    }

    [Fact]
    public void A_view_survives_the_round_trip_through_its_link()
    {
        var view = new ExhibitorsView(8, "乳业 & co", "FA", "DE", "FOOD", "F01", true, ListExhibitors.SortBy.BoothArea, true, ["company", "booth"]);

        Assert.Equal(view with { Columns = null }, ExhibitorsView.Parse(ViewQuery.Parse(view.ToQueryString())) with { Columns = null });
        Assert.Equal(["company", "booth"], ExhibitorsView.Parse(ViewQuery.Parse(view.ToQueryString())).Columns);
    }
}

/// <summary>Exports over HTTP, signed in through the real form: exactly the rows and columns of the view, in the user's language.</summary>
public sealed class ExhibitorExportTests
{
    [Fact]
    public async Task The_csv_export_holds_the_filtered_rows_with_the_chosen_columns_and_headers_in_Chinese()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();

        var response = await browser.GetAsync("/exports/exhibitors.csv?edition=8&country=DE&columns=code,company,boothArea");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["编码,企业,展位面积（㎡）", "C1,阿尔卑斯乳业,36"], lines);
    }

    [Fact]
    public async Task The_excel_export_is_a_workbook_with_numbers_as_numbers()
    {
        await using var app = await CrmWebApp.StartAsync();
        var browser = await app.SignedInBrowserAsync();

        var response = await browser.GetAsync("/exports/exhibitors.xlsx?edition=8&columns=company,boothArea&sort=Company");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = SpreadsheetDocument.Open(new MemoryStream(await response.Content.ReadAsByteArrayAsync()), false);
        var sheet = workbook.WorkbookPart!.WorksheetParts.Single().Worksheet;
        var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().ToList()).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(["企业", "展位面积（㎡）"], rows[0].Select(c => c.InnerText));
        Assert.Equal("阿尔卑斯乳业", rows[1][0].InnerText);
        Assert.Equal(CellValues.Number, rows[1][1].DataType!.Value);
        Assert.Equal("36", rows[1][1].CellValue!.Text);
    }

    [Fact]
    public async Task Nobody_signed_in_gets_no_export()
    {
        await using var app = await CrmWebApp.StartAsync();
        var response = await app.NonRedirectingBrowser().GetAsync("/exports/exhibitors.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.OriginalString.Replace("http://localhost", "", StringComparison.Ordinal));
    }
}
