using System.Net;
using System.Text;
using Crm.Data.Entities;

namespace Crm.Web.Tests;

/// <summary>
/// The whole app over the sample data plus a promotion team and a service issue, for a class of export tests: each
/// export is fetched over HTTP by a manager signed in through the real form, in the language the test asks for.
/// </summary>
public sealed class ListExportApp : IAsyncLifetime
{
    private CrmWebApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await CrmWebApp.StartAsync();
        await using var db = _app.Database.CreateDbContext();
        db.Districts.Add(new District { Code = "PD", NameEn = "Pudong", NameZh = "浦东新区" });
        db.PromotionTeams.Add(new PromotionTeam
        {
            Code = "T1", Name = "Pudong Investment Team", NameZh = "浦东招商团队", DistrictCode = "PD", Park = "Zhangjiang", FocusSectors = ["FOOD"],
        });
        var ninth = db.Editions.Single(e => e.Number == 9);
        db.ServiceIssues.Add(new ServiceIssue
        {
            Code = "SI09-00001", Edition = ninth, Company = db.Companies.Single(c => c.Code == "C1"), RaisedAs = ServiceIssueParty.Exhibitor,
            Category = ServiceIssueCategory.Booth, Severity = ServiceIssueSeverity.High, Title = "展位断电", Status = ServiceIssueStatus.Open,
            RaisedAt = new DateTime(2026, 11, 5, 1, 30, 0, DateTimeKind.Utc),
        });
        await db.SaveChangesAsync();
    }

    /// <summary>The lines of a CSV export (UTF-8 with a BOM), fetched in <paramref name="culture"/>.</summary>
    public async Task<IReadOnlyList<string>> CsvAsync(string culture, string address)
    {
        var browser = await _app.SignedInBrowserAsync(Roles.Manager, $"export.{Guid.NewGuid():N}"[..15]);
        await browser.GetAsync($"/culture?c={culture}&redirect=/");
        var response = await browser.GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
