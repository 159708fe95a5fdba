using System.Diagnostics;
using System.Globalization;
using Crm.Bench;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web;
using Crm.Web.Features.Buyers;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Contacts;
using Crm.Web.Features.Dashboard;
using Crm.Web.Features.Delegations;
using Crm.Web.Features.ServiceIssues;
using Crm.Web.Features.Teams;
using Crm.Web.Features.Exhibitors;
using Crm.Web.Features.Pipeline;
using Crm.Web.Features.Search;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

// dotnet run -c Release --project bench/Crm.Web.Bench -- --db FILE [--runs 30] [--only search]
// Times each request as a page sends it (a scope per request, the mediator with its behaviours, a user-bound context),
// after one warm-up, and prints the median and p95 in milliseconds.
// … -- --backup-under-load --db FILE --app CRM_WEB [--runs 3]: writes per second and lost writes while db backup runs (BackupUnderLoad).
if (args.Contains("--backup-under-load"))
{
    await BackupUnderLoad.RunAsync(args);
    return;
}
var db = Option("--db") ?? throw new ArgumentException("--db FILE: a SQLite file with the full seed (./crm db seed --size full)");
var runs = int.Parse(Option("--runs") ?? "30", CultureInfo.InvariantCulture);
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Database:Provider"] = "Sqlite",
    ["Database:ConnectionString"] = Path.GetFullPath(db),
}).Build();

var system = new SystemContextFactory((DbContextOptions<CrmDbContext>)Crm.Data.DependencyInjection
    .Configure(new DbContextOptionsBuilder<CrmDbContext>(), new DatabaseOptions { ConnectionString = Path.GetFullPath(db) }).Options);
await using var probe = system.CreateDbContext();
await probe.Database.MigrateAsync(); // a file seeded by an older build gets this build's schema
var manager = await probe.Users.Where(u => u.UserName == "manager").Select(u => new CurrentUserInfo(u.Id, u.UserName)).SingleAsync();
var lead = await probe.TradeDelegationLeads.Where(l => l.Delegation!.ParentId == null && l.Delegation.Edition!.Status == EditionStatus.Current)
    .OrderBy(l => l.Delegation!.Code).Select(l => new CurrentUserInfo(l.UserId, l.User!.UserName)).FirstAsync();
var leadDelegation = await probe.TradeDelegationLeads.Where(l => l.UserId == lead.UserId).Select(l => l.DelegationId).FirstAsync();
var company = await probe.Exhibitors.GroupBy(e => e.CompanyId).Where(g => g.Count() >= 3).Select(g => g.Key).FirstAsync();
var area = await probe.Exhibitors.Where(e => e.Edition!.Status == EditionStatus.Current).Select(e => e.AreaCode).FirstAsync();
var sector = await probe.Sectors.Select(s => s.Code).FirstAsync();
var category = await probe.ProductCategories.Select(c => c.Code).FirstAsync();
var nameZh = await probe.Companies.OrderBy(c => c.Id).Select(c => c.NameZh).Skip(500).FirstAsync();
var partZh = nameZh.Length > 4 ? nameZh.Substring(2, 2) : nameZh;
// The search's terms: a part of a Chinese name, a word of a foreign name typed in lower case, a company code.
var foreign = await probe.Companies.Where(c => c.Name != c.NameZh).OrderBy(c => c.Id).Select(c => new { c.Name, c.Code }).Skip(500).FirstAsync();
var partEn = foreign.Name.Split(' ')[0].ToLowerInvariant();

// Issue 7's board target: the first team by code with 2,000 open deals (added once to this bench file).
var (boardTeam, _, boardEdition) = await BoardDeals.EnsureAsync(probe);
// The deal a card move moves: one of those, back and forth between Met and Stalled (each run one move, over the version the last left).
var moving = await probe.Deals.Where(d => d.Code == "DBENCH-0001").Select(d => new { d.Id, d.Stage, d.Version }).SingleAsync();
var (movingStage, movingVersion) = (moving.Stage, moving.Version);

IRequest<T> R<T>(IRequest<T> request) => request;
var scenarios = new (string Name, CurrentUserInfo User, Func<IMediator, Task> Send)[]
{
    ("exhibitors: first page", manager, m => m.Send(R(new ListExhibitors.Query()))),
    ("exhibitors: sorted by booth area, page 10", manager, m => m.Send(R(new ListExhibitors.Query(Sort: ListExhibitors.SortBy.BoothArea, Descending: true, Skip: 180)))),
    ("exhibitors: area + sector + category", manager, m => m.Send(R(new ListExhibitors.Query(AreaCode: area, SectorCode: sector, Category: category)))),
    ($"exhibitors: name contains '{partZh}'", manager, m => m.Send(R(new ListExhibitors.Query(Search: partZh)))),
    ("buyers: first page (manager)", manager, m => m.Send(R(new ListBuyers.Query()))),
    ("buyers: sorted by budget, page 50", manager, m => m.Send(R(new ListBuyers.Query(Sort: ListBuyers.SortBy.Budget, Descending: true, Skip: 980)))),
    ("buyers: one delegation", manager, m => m.Send(R(new ListBuyers.Query(DelegationId: leadDelegation)))),
    ("buyers: sector + category", manager, m => m.Send(R(new ListBuyers.Query(SectorCode: sector, Category: category)))),
    ($"buyers: name contains '{partZh}'", manager, m => m.Send(R(new ListBuyers.Query(Search: partZh)))),
    ("buyers: first page (delegation lead)", lead, m => m.Send(R(new ListBuyers.Query()))),
    ("companies: first page (105k)", manager, m => m.Send(R(new ListCompanies.Query()))),
    ($"companies: name contains '{partZh}'", manager, m => m.Send(R(new ListCompanies.Query(Search: partZh)))),
    ("companies: buyers of the current edition", manager, m => m.Send(R(new ListCompanies.Query(Edition: 9, As: ListCompanies.Role.Buyer)))),
    ("company record", manager, m => m.Send(R(new GetCompany.Query(company)))),
    ("company timeline", manager, m => m.Send(R(new ListActivities.Query(company)))),
    ("company people", manager, m => m.Send(R(new ListContacts.Query(company)))),
    ("issues: first page", manager, m => m.Send(R(new ListServiceIssues.Query()))),
    ("issues: open, one category, by severity", manager, m => m.Send(R(new ListServiceIssues.Query(OpenOnly: true,
        Category: ServiceIssueCategory.Badges, Sort: ListServiceIssues.SortBy.Severity)))),
    ("issues: text contains '证件'", manager, m => m.Send(R(new ListServiceIssues.Query(Search: "证件")))),
    ("issues: report by category and age", manager, m => m.Send(R(new CountServiceIssues.Query()))),
    ("teams: every team with its pipeline", manager, m => m.Send(R(new ListTeams.Query()))),
    ("delegations: the tree with rolled-up counts", manager, m => m.Send(R(new ListDelegations.Query()))),
    ($"search: '{partZh}' (part of a Chinese name)", manager, m => m.Send(R(new SearchEverything.Query(partZh)))),
    ($"search: '{partEn}' (part of an English name)", manager, m => m.Send(R(new SearchEverything.Query(partEn)))),
    ($"search: '{foreign.Code}' (a company code)", manager, m => m.Send(R(new SearchEverything.Query(foreign.Code)))),
    ($"search: '{partZh}' (delegation lead)", lead, m => m.Send(R(new SearchEverything.Query(partZh)))),
    ("search: '上海' (a city in one name of eight)", manager, m => m.Send(R(new SearchEverything.Query("上海")))),
    ("search: '有限公司' (in most names: the worst case)", manager, m => m.Send(R(new SearchEverything.Query("有限公司")))),
    ("search: '静怡' (a given name of people at companies)", manager, m => m.Send(R(new SearchEverything.Query("静怡")))),
    ("pipeline: a team's board with 2,000 open deals", manager, m => m.Send(R(new ListPipeline.Query(boardEdition, boardTeam)))),
    ("pipeline: every team's deals (manager)", manager, m => m.Send(R(new ListPipeline.Query()))),
    // Issue 8's dashboard (target: the page's reads ≤ 500 ms): the current edition (before its show, few deals) and the
    // 8th against the 7th (a year of outcomes each), the headlines and each breakdown.
    ("dashboard: headlines, current edition", manager, m => m.Send(R(new GetDashboardHeadlines.Query()))),
    ("dashboard: headlines, 8th against 7th", manager, m => m.Send(R(new GetDashboardHeadlines.Query(8)))),
    ("dashboard: by delegation, 8th", manager, m => m.Send(R(new GetDashboardBreakdown.Query(8, GetDashboardBreakdown.By.Delegation)))),
    ("dashboard: by team, 8th", manager, m => m.Send(R(new GetDashboardBreakdown.Query(8, GetDashboardBreakdown.By.Team)))),
    ("dashboard: by sector, 8th", manager, m => m.Send(R(new GetDashboardBreakdown.Query(8, GetDashboardBreakdown.By.Sector)))),
    ("dashboard: by country, 8th", manager, m => m.Send(R(new GetDashboardBreakdown.Query(8, GetDashboardBreakdown.By.Country)))),
    ("dashboard: by province, 8th", manager, m => m.Send(R(new GetDashboardBreakdown.Query(8, GetDashboardBreakdown.By.Province)))),
    ("dashboard: by sub-delegation, 8th", manager, m => m.Send(R(new GetDashboardBreakdown.Query(8, GetDashboardBreakdown.By.SubDelegation)))),
    ("dashboard: by exhibition area, 8th", manager, m => m.Send(R(new GetDashboardBreakdown.Query(8, GetDashboardBreakdown.By.Area)))),
    ("dashboard: charts, 8th against 7th", manager, m => m.Send(R(new GetDashboardTrends.Query(8)))),
    ("dashboard: funnel, 8th against 7th", manager, m => m.Send(R(new GetDashboardFunnel.Query(8)))),
    // What the page sends on a load, one after the other: the target's measure.
    ("dashboard: the page's reads, 8th (headlines, by delegation, charts, funnel)", manager, async m =>
    {
        await m.Send(R(new GetDashboardHeadlines.Query(8)));
        await m.Send(R(new GetDashboardBreakdown.Query(8, GetDashboardBreakdown.By.Delegation)));
        await m.Send(R(new GetDashboardTrends.Query(8)));
        await m.Send(R(new GetDashboardFunnel.Query(8)));
    }),
    ("dashboard: the page's reads, current edition (headlines, by delegation, charts, funnel)", manager, async m =>
    {
        await m.Send(R(new GetDashboardHeadlines.Query()));
        await m.Send(R(new GetDashboardBreakdown.Query(null, GetDashboardBreakdown.By.Delegation)));
        await m.Send(R(new GetDashboardTrends.Query()));
        await m.Send(R(new GetDashboardFunnel.Query()));
    }),
    // Issue 8's drill-down: the records behind a figure (everything the page's grid and the export hold), the biggest slices.
    ("dashboard records: meetings held, 8th (all)", manager, m => m.Send(R(new ListDashboardRecords.Query(new DashboardSlice(8, DashboardMeasure.MeetingsHeld))))),
    ("dashboard records: meetings held or missed, 8th", manager, m => m.Send(R(new ListDashboardRecords.Query(new DashboardSlice(8, DashboardMeasure.Attendance))))),
    ("dashboard records: signed intents, 8th (all)", manager, m => m.Send(R(new ListDashboardRecords.Query(new DashboardSlice(8, DashboardMeasure.Intents))))),
    ("dashboard records: signed intents, 8th, Shanghai delegation", manager, m => m.Send(R(new ListDashboardRecords.Query(
        new DashboardSlice(8, DashboardMeasure.Intents, GetDashboardBreakdown.By.Delegation, "SH"))))),
    ("dashboard records: signed intents, 8th, one sector, same point", manager, m => m.Send(R(new ListDashboardRecords.Query(
        new DashboardSlice(8, DashboardMeasure.Intents, GetDashboardBreakdown.By.Sector, sector, new DateOnly(2025, 12, 2)))))),
    ("dashboard records: meetings held, 8th, Shanghai delegation", manager, m => m.Send(R(new ListDashboardRecords.Query(
        new DashboardSlice(8, DashboardMeasure.MeetingsHeld, GetDashboardBreakdown.By.Delegation, "SH"))))),
    ("pipeline: move a card (Met ↔ Stalled)", manager, async m =>
    {
        var to = movingStage == DealStage.Met ? DealStage.Stalled : DealStage.Met;
        var moved = await m.Send(new MoveDealStage.Command(moving.Id, movingVersion, MatchKind.Investment, movingStage, to,
            to == DealStage.Stalled ? "Budget review" : null, null, "Call the investor", new DateOnly(2026, 12, 1)));
        (movingStage, movingVersion) = moved.Moved ? (to, moved.Version) : throw new InvalidOperationException(moved.Conflict);
    }),
};

Console.WriteLine($"| request | median ms | p95 ms |   ({runs} runs each after a warm-up, {Path.GetFileName(db)})");
Console.WriteLine("|---|---|---|");
var providers = new Dictionary<string, ServiceProvider>();
foreach (var (name, user, send) in scenarios.Where(s => Option("--only") is not { } only || s.Name.StartsWith(only, StringComparison.Ordinal)))
{
    if (!providers.TryGetValue(user.UserId!, out var services))
    {
        var collection = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddCrmData(configuration).AddCrmWeb();
        collection.AddScoped<ICurrentUser>(_ => new FixedUser(user));
        providers[user.UserId!] = services = collection.BuildServiceProvider();
    }
    var times = new List<double>();
    for (var i = 0; i <= runs; i++)
    {
        using var scope = services.CreateScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var clock = Stopwatch.StartNew();
        await send(mediator);
        if (i > 0)
        {
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
    }
    times.Sort();
    Console.WriteLine($"| {name} | {times[times.Count / 2]:0.0} | {times[(int)Math.Ceiling(times.Count * 0.95) - 1]:0.0} |");
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

internal sealed class FixedUser(CurrentUserInfo user) : ICurrentUser
{
    public Task<CurrentUserInfo> GetAsync() => Task.FromResult(user);
}
