using Crm.Web.Features.Buyers;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Exhibitors;
using Crm.Web.Features.ServiceIssues;
using Crm.Web.Features.Teams;
using Crm.Web.Infrastructure.Lists;

namespace Crm.Web.Tests.Views;

/// <summary>
/// Column choice, the same on every list: a link keeps only the columns the list knows, and the export (over HTTP, in
/// the user's language) holds exactly the chosen columns in their order, or every column when none were chosen.
/// </summary>
public sealed class ColumnChoiceTests(ListExportApp app) : IClassFixture<ListExportApp>
{
    [Theory]
    [InlineData("companies", "?columns=code,planet,bought,Sector", new[] { "code", "bought" })]
    [InlineData("issues", "?open=True&columns=title,planet,age,Owner", new[] { "title", "age" })]
    [InlineData("teams", "?columns=code,pipeline,park,Team", new[] { "code", "park" })]
    [InlineData("exhibitors", "?columns=booth,planet", new[] { "booth" })]
    [InlineData("buyers", "?columns=planet,budget", new[] { "budget" })]
    public void Unknown_columns_in_a_link_are_dropped(string list, string query, string[] kept)
    {
        Assert.Equal(kept, ColumnsOf(list, query));
        Assert.Null(ColumnsOf(list, "?sort=x"));
    }

    [Theory]
    [InlineData("zh-CN", "/exports/companies.csv?search=Alpen&columns=f500,company,planet,code", "世界500强,企业,编码", "否,阿尔卑斯乳业,C1")]
    [InlineData("en", "/exports/companies.csv?search=Alpen&columns=f500,company,planet,code", "Fortune Global 500,Company,Code", "No,Alpen Milch GmbH,C1")]
    [InlineData("zh-CN", "/exports/service-issues.csv?edition=9&columns=status,code,planet,company,side", "状态,编号,企业,反映方", "待处理,SI09-00001,阿尔卑斯乳业,参展商")]
    [InlineData("en", "/exports/service-issues.csv?edition=9&columns=status,code,planet,company,side", "Status,No.,Company,Raised as", "Open,SI09-00001,Alpen Milch GmbH,Exhibitor")]
    [InlineData("zh-CN", "/exports/teams.csv?columns=team,signedValue,planet,code", "团队,签约金额（美元）,编码", "浦东招商团队,0,T1")]
    [InlineData("en", "/exports/teams.csv?columns=team,signedValue,planet,code", "Team,Signed value (US$),Code", "Pudong Investment Team,0,T1")]
    public async Task The_export_holds_exactly_the_chosen_columns_in_their_order(string culture, string address, string header, string row)
    {
        Assert.Equal([header, row], await app.CsvAsync(culture, address));
    }

    [Theory]
    [InlineData("/exports/companies.csv?search=Alpen",
        "Code,Company,Country or region,Sector,Fortune Global 500,Editions exhibited,Editions as buyer", "C1,Alpen Milch GmbH,Germany,Food,No,2,0")]
    [InlineData("/exports/service-issues.csv?edition=9",
        "No.,Company,Company code,Raised as,Issue,Category,Severity,Owner,Status,Raised,Resolved,Age",
        "SI09-00001,Alpen Milch GmbH,C1,Exhibitor,展位断电,Booth,High,,Open,2026-11-05 09:30,,")]
    [InlineData("/exports/teams.csv",
        "Code,Team,District,Park,Industry focus,Members,Leads,Open,Signed,Signed value (US$)", "T1,Pudong Investment Team,Pudong,Zhangjiang,Food,0,0,0,0,0")]
    public async Task Without_a_choice_the_export_holds_every_column(string address, string header, string rowStart)
    {
        var lines = await app.CsvAsync("en", address);

        Assert.Equal(2, lines.Count);
        Assert.Equal(header, lines[0]);
        Assert.StartsWith(rowStart, lines[1]); // an open issue's age depends on today
    }

    private static IReadOnlyList<string>? ColumnsOf(string list, string query)
    {
        var q = ViewQuery.Parse(query);
        return list switch
        {
            "companies" => CompaniesView.Parse(q).Columns,
            "issues" => ServiceIssuesView.Parse(q).Columns,
            "teams" => TeamsView.Parse(q).Columns,
            "exhibitors" => ExhibitorsView.Parse(q).Columns,
            "buyers" => BuyersView.Parse(q).Columns,
            _ => throw new ArgumentOutOfRangeException(nameof(list), list, null),
        };
    }
}
