using System.Net;
using Crm.Data.Entities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.ServiceIssues;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.BadInput;

/// <summary>
/// Script in text fields shown back to users: names, titles and notes such as &lt;script&gt;alert(1)&lt;/script&gt;, saved
/// through the commands, come back HTML-encoded on every page that shows them (fetched over HTTP, signed in, in both
/// languages): the raw markup never holds the live tag. Exports carry the text as data, as an attachment the browser does
/// not render.
/// </summary>
public sealed class ScriptInTextTests(BadInputApp crm) : IClassFixture<BadInputApp>
{
    private const string Script = "<script>alert(1)</script>";
    private const string Image = "<img src=x onerror=alert(1)>";
    private const string Attribute = "\" onmouseover=\"alert(1)";

    /// <summary>What a page may show of the text: the tags as text, encoded.</summary>
    private const string ScriptShown = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private const string ImageShown = "&lt;img src=x onerror=alert(1)&gt;";

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public async Task Markup_saved_in_names_titles_and_notes_is_shown_encoded_on_every_page_that_shows_it(string culture)
    {
        var (company, original) = await CompanyAsync("C1");
        var browser = await crm.BrowserAsync(culture, userName: "script." + culture);
        var me = await UserIdAsync("script." + culture);
        int contact = 0, issue = 0, activity = 0;
        try
        {
            var saved = await crm.SendAsync(new UpdateCompany.Command(company.Id, company.Version, $"Alpen {Script}", $"阿尔卑斯 {Image}", company.CountryCode,
                company.SectorCode, company.IsFortune500, null));
            Assert.True(saved.Saved);
            contact = (await crm.SendAsync(new AddContact.Command(company.Id, $"Hans {Image}", $"汉斯 {Script}", Attribute, null, null, false, $"Notes {Script}"))).Id;
            issue = (await crm.SendAsync(new RecordServiceIssue.Command(8, company.Id, ServiceIssueParty.Exhibitor, ServiceIssueCategory.Booth,
                ServiceIssueSeverity.Low, $"Booth {Script}", $"Details {Image}"))).Id;
            activity = await crm.SendAsync(new RecordActivity.Command(company.Id, ActivityKind.Task, $"Call {Image}", $"Notes {Script}",
                new DateOnly(2026, 12, 1), me));

            // The company's record, the search and the home page (the user's open tasks) show the text as the server renders
            // them; the lists' grids load their rows once the page is live, so over HTTP they show none of it (nor any tag).
            string[] pages = [$"/companies/{company.Id}", "/search?q=Alpen", "/", "/companies?search=Alpen", "/issues?edition=8"];
            var showing = new List<string>();
            foreach (var page in pages)
            {
                var response = await browser.GetAsync(page);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var html = await response.Content.ReadAsStringAsync();

                Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Attribute, html);
                if (html.Contains(ScriptShown) || html.Contains(ImageShown))
                {
                    showing.Add(page);
                }
            }
            Assert.Equal(pages[..3], showing.Take(3));
        }
        finally
        {
            await using var db = crm.App.Database.CreateDbContext();
            await db.Activities.Where(a => a.Id == activity).ExecuteDeleteAsync();
            await db.ServiceIssues.Where(i => i.Id == issue).ExecuteDeleteAsync();
            await db.Contacts.Where(c => c.Id == contact).ExecuteDeleteAsync();
            await db.Companies.Where(c => c.Id == company.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Name, original.Name).SetProperty(c => c.NameZh, original.NameZh));
        }
    }

    [Fact]
    public async Task An_export_carries_markup_as_data_in_an_attachment_the_browser_does_not_render()
    {
        await using (var db = crm.App.Database.CreateDbContext())
        {
            db.Companies.Add(new Company { Code = "XS1", Name = Script, NameZh = Image, CountryCode = "DE", SectorCode = "FOOD" });
            await db.SaveChangesAsync();
        }
        try
        {
            var browser = await crm.BrowserAsync("en");

            var response = await browser.GetAsync("/exports/companies.csv?search=XS1&columns=code,company");

            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal($"Code,Company\r\nXS1,{Script}\r\n", await BadInputApp.CsvTextAsync(response));
        }
        finally
        {
            await using var db = crm.App.Database.CreateDbContext();
            await db.Companies.Where(c => c.Code == "XS1").ExecuteDeleteAsync();
        }
    }

    private async Task<(Company Company, (string Name, string NameZh) Original)> CompanyAsync(string code)
    {
        await using var db = crm.App.Database.CreateDbContext();
        var company = await db.Companies.AsNoTracking().SingleAsync(c => c.Code == code);
        return (company, (company.Name, company.NameZh));
    }

    private async Task<string> UserIdAsync(string userName)
    {
        await using var db = crm.App.Database.CreateDbContext();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
    }
}
