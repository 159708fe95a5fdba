using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Crm.Journeys;

/// <summary>
/// A manager types a part of a company's Chinese name into the header's search box, presses Enter, sees the results
/// grouped by kind with their counts, and opens the company's record from its hit. In Chinese, the product's first language.
/// </summary>
[Collection(CrmAppCollection.Name)]
public sealed class SearchJourney(CrmAppFixture app) : IAsyncLifetime
{
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => _browser = await app.LaunchBrowserAsync();

    public async Task DisposeAsync() => await _browser.CloseAsync();

    [Fact]
    public async Task A_part_of_a_Chinese_name_typed_in_the_header_finds_the_company_grouped_by_kind_and_opens_its_record()
    {
        // Three characters from the middle of a Chinese name that at most a few companies share: the company is among the first hits.
        var companies = await app.ExportAsync("companies");
        var (company, term) = companies.Where(c => c["name_zh"].Length >= 8)
            .Select(c => (Company: c, Term: c["name_zh"].Substring(c["name_zh"].Length / 2 - 1, 3)))
            .First(x => companies.Count(c => c["name_zh"].Contains(x.Term, StringComparison.Ordinal) || c["name"].Contains(x.Term, StringComparison.Ordinal)) is > 1 and <= 5);
        var (page, failures) = await app.SignedInPageAsync(_browser, "manager");

        // From any page: the box in the header, Enter.
        await page.GotoAsync("/teams");
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='search-form']");
        var box = page.Locator("[data-testid='search-box']");
        await Assertions.Expect(box).ToHaveAttributeAsync("placeholder", "搜索名称或编码…");
        await box.FillAsync(term);
        await box.PressAsync("Enter");

        // The results, grouped by kind with their counts; the box keeps the term.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/search\\?q=" + Regex.Escape(Uri.EscapeDataString(term)) + "$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"“{term}”的搜索结果");
        await Assertions.Expect(box).ToHaveValueAsync(term);
        var groups = page.Locator("[data-testid='search-group']");
        await Assertions.Expect(groups).ToHaveCountAsync(5);
        var found = page.Locator("[data-testid='search-group'][data-kind='companies']");
        await Assertions.Expect(found).ToContainTextAsync("企业");
        await Assertions.Expect(found.Locator("[data-testid='search-count']")).ToHaveTextAsync(new Regex("^共 [2-5] 条$"));
        await Assertions.Expect(found.Locator("[data-testid='search-show-all']")).ToHaveAttributeAsync("href", new Regex("^companies\\?search="));
        foreach (var kind in new[] { "exhibitors", "buyers", "contacts", "people" })
        {
            await Assertions.Expect(page.Locator($"[data-testid='search-group'][data-kind='{kind}'] [data-testid='search-count']")).ToHaveTextAsync(new Regex("^共 \\d+ 条$"));
        }
        var hit = found.Locator("[data-testid='search-hit-link']", new() { HasText = company["name_zh"] });
        await Assertions.Expect(hit).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new() { Path = Path.Combine(CrmAppFixture.OutputFolder, "search-zh-CN.png"), FullPage = true });

        // The hit opens the company's record.
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='search-form']");
        await hit.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/companies/\\d+$"));
        await Assertions.Expect(page.Locator("[data-testid='company-name']")).ToHaveTextAsync(company["name_zh"]);

        // A person at a company, by their Chinese name: the hit opens their company's record, where they are among its people.
        var contacts = await app.ExportAsync("contacts");
        var person = contacts.First(c => c["name_zh"].Length > 0 && contacts.Count(o => o["name_zh"] == c["name_zh"]) == 1);
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='search-form']");
        await box.FillAsync(person["name_zh"]);
        await box.PressAsync("Enter");
        var people = page.Locator("[data-testid='search-group'][data-kind='contacts']");
        await Assertions.Expect(people).ToContainTextAsync("联系人");
        var personHit = people.Locator("[data-testid='search-hit-link']", new() { HasText = person["name"] });
        await Assertions.Expect(personHit).ToHaveCountAsync(1);
        await CrmAppFixture.WaitForCircuitAsync(page, "[data-testid='search-form']");
        await personHit.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/companies/\\d+$"));
        await Assertions.Expect(page.Locator($"[data-testid='person'][data-code='{person["code"]}']")).ToContainTextAsync(person["name_zh"]);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
