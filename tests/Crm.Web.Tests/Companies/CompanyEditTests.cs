using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Companies;
using Crm.Web.Features.History;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Companies;

/// <summary>Editing a company's facts: the version guard against lost writes, the refusals, and the history on the record.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class CompanyEditTests(SeededCrm crm)
{
    [Fact]
    public async Task A_save_is_kept_in_the_companys_history_which_every_signed_in_user_reads()
    {
        var company = await CompanyAsync(0);
        var record = (await crm.SendAs(crm.Manager, new GetCompany.Query(company)))!;

        var result = await crm.SendAs(crm.Manager, Edit(record, record.Version, website: "https://example.com/expo"));

        Assert.True(result.Saved);
        Assert.Equal(record.Version + 1, result.Current.Version);
        var history = await crm.SendAs(crm.TeamMember, new ListHistory.Query(ListHistory.Of.Company, company));
        var entry = history.First();
        Assert.Equal((AuditAction.Updated, crm.Manager.UserName), (entry.Action, entry.UserName));
        Assert.Contains(entry.Changes, c => c.Property == nameof(Company.Website) && c.Old == record.Website && c.New == "https://example.com/expo");
    }

    [Fact]
    public async Task A_save_over_someone_elses_newer_change_writes_nothing_and_returns_their_values_until_written_over_knowingly()
    {
        var company = await CompanyAsync(1);
        var opened = (await crm.SendAs(crm.Manager, new GetCompany.Query(company)))!;
        var theirs = await crm.SendAs(crm.Manager, Edit(opened, opened.Version, nameZh: opened.NameZh + "（他人修改）"));

        var mine = await crm.SendAs(crm.Manager, Edit(opened, opened.Version, nameZh: opened.NameZh + "（我的修改）"));

        Assert.False(mine.Saved);
        Assert.Equal(theirs.Current, mine.Current);
        await using (var db = crm.Database.CreateDbContext())
        {
            Assert.Equal(opened.NameZh + "（他人修改）", (await db.Companies.SingleAsync(c => c.Id == company)).NameZh);
        }
        var overwritten = await crm.SendAs(crm.Manager, Edit(opened, mine.Current.Version, nameZh: opened.NameZh + "（我的修改）"));
        Assert.True(overwritten.Saved);
        Assert.Equal(opened.NameZh + "（我的修改）", overwritten.Current.NameZh);
    }

    [Theory]
    [InlineData("zh-CN", "", "XX", "ftp://x", "请填写企业名称。", "不存在代码为“XX”的国家或地区。", "网站必须是 http 或 https 地址。")]
    [InlineData("en", " ", "XX", "not a url", "Give the company's name.", "There is no country with the code 'XX'.", "The website must be an http or https address.")]
    public async Task Bad_facts_are_refused_in_the_users_language_and_nothing_is_written(string culture, string name, string country, string website,
        string nameMessage, string countryMessage, string websiteMessage)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var record = (await crm.SendAs(crm.Manager, new GetCompany.Query(await CompanyAsync(2))))!;

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager,
            Edit(record, record.Version, name: name, country: country, website: website)));

        Assert.Equal([nameMessage, websiteMessage, countryMessage], refused.Failures.Select(f => f.ErrorMessage));
        Assert.Equal(record.Version, (await crm.SendAs(crm.Manager, new GetCompany.Query(record.Id)))!.Version);
    }

    [Fact]
    public async Task Team_members_and_viewers_cannot_edit_a_company()
    {
        var record = (await crm.SendAs(crm.Manager, new GetCompany.Query(await CompanyAsync(3))))!;

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember, Edit(record, record.Version, name: "Hijacked")));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, Edit(record, record.Version, name: "Hijacked")));
        Assert.Equal(record.Name, (await crm.SendAs(crm.Manager, new GetCompany.Query(record.Id)))!.Name);
    }

    private static UpdateCompany.Command Edit(GetCompany.Record r, long version, string? name = null, string? nameZh = null, string? country = null,
        string? website = null) =>
        new(r.Id, version, name ?? r.Name, nameZh ?? r.NameZh, country ?? r.CountryCode, r.SectorCode, r.IsFortune500, website ?? r.Website);

    /// <summary>A different company for each test (they share the seeded database).</summary>
    private async Task<int> CompanyAsync(int index)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Companies.OrderByDescending(c => c.Id).Select(c => c.Id).Skip(index).FirstAsync();
    }
}
