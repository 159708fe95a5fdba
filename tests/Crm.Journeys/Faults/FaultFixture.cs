using System.Text;
using Microsoft.Playwright;

namespace Crm.Journeys.Faults;

/// <summary>
/// What the fault tests share: a template database prepared once by the app's own command line (the small seed, a
/// procurement model trained on the past editions, the current edition 9 scored with it), which each test copies and
/// kills a process over; Debian's Chromium for the web app's pages; and the ledger of kills.
/// </summary>
public sealed class FaultFixture : IAsyncLifetime
{
    /// <summary>The current edition of the seed, scored in the template.</summary>
    public const int CurrentEdition = 9;

    private readonly string _folder = Directory.CreateTempSubdirectory("crm-faults-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string Template => Path.Combine(_folder, "template.db");

    public FaultLedger Ledger { get; } = new();

    public async Task InitializeAsync()
    {
        CrmAppFixture.RequireChromium();
        var seed = Path.Combine(_folder, "seed.db");
        await RunAsync(seed, "db", "seed", "--size", "small");
        await RunAsync(seed, "match", "train");
        await RunAsync(seed, "match", "score", "--edition", CurrentEdition.ToString());
        await FaultDatabase.CopyAsync(seed, Template);
        if (await FaultDatabase.CountAsync(Template, "SELECT COUNT(*) FROM Matches WHERE Kind = 'Procurement'") == 0)
        {
            throw new InvalidOperationException("the template's current edition has no proposals after 'match score'");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = CrmAppFixture.ChromiumPath, Headless = true, Args = CrmAppFixture.ChromiumFlags,
        });
    }

    /// <summary>A folder of the test's own with a copy of the template database in it.</summary>
    public async Task<string> NewDatabaseAsync(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)])).FullName;
        var file = Path.Combine(folder, "crm.db");
        await FaultDatabase.CopyAsync(Template, file);
        return file;
    }

    /// <summary>
    /// A companies file in the import format (docs/data-format.md) of <paramref name="rows"/> new companies, codes
    /// <paramref name="prefix"/>-000000 …, spread over the template's countries and sectors.
    /// </summary>
    public async Task<string> CompaniesFileAsync(string folder, string prefix, int rows)
    {
        var countries = (await FaultDatabase.RowsAsync(Template, "SELECT Code FROM Countries ORDER BY Code")).Select(r => r[0]).ToList();
        var sectors = (await FaultDatabase.RowsAsync(Template, "SELECT Code FROM Sectors ORDER BY Code")).Select(r => r[0]).ToList();
        var file = Path.Combine(folder, "companies.csv");
        var text = new StringBuilder("code,name,name_zh,country_code,sector_code,fortune500,website\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append($"{prefix}-{i:000000},Fault Drill Trading {i} Ltd,故障演练贸易{i}有限公司,{countries[i % countries.Count]},{sectors[i % sectors.Count]},{(i % 97 == 0 ? "true" : "false")},https://drill-{i}.example.com\n");
        }
        await File.WriteAllTextAsync(file, text.ToString(), new UTF8Encoding(false));
        return file;
    }

    /// <summary>A page of the web app at <paramref name="address"/>, signed in as <paramref name="userName"/>, in a fresh context.</summary>
    public async Task<IPage> SignedInPageAsync(Uri address, string userName)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = address.ToString(), ViewportSize = new() { Width = 1440, Height = 900 }, Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await CrmAppFixture.SubmitSignInAsync(page, userName, CrmAppFixture.DemoPassword);
        return page;
    }

    private static async Task RunAsync(string databaseFile, params string[] args)
    {
        await using var verb = AppProcess.StartVerb(databaseFile, args);
        var code = await verb.WaitAsync(TimeSpan.FromMinutes(10));
        if (code != 0)
        {
            throw new InvalidOperationException($"'{verb.Description}' exited with {code}:\n{verb.Log}");
        }
    }

    public async Task DisposeAsync()
    {
        var report = Ledger.ToMarkdown();
        await File.WriteAllTextAsync(Path.Combine(CrmAppFixture.OutputFolder, "faults.md"), report);
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held by a process that is going away; the temp folder is cleaned by the system
        }
    }
}

/// <summary>
/// One test at a time, and not beside the other journeys (xUnit runs a collection that disables parallelisation after
/// the others): each kill test loads the two cores, and the others' timeouts should not pay for it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultCollection : ICollectionFixture<FaultFixture>
{
    public const string Name = "Killed processes";
}
