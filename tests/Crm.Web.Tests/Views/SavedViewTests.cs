using System.Globalization;
using Crm.Data;
using Crm.Web.Features.Views;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;

namespace Crm.Web.Tests.Views;

/// <summary>Saved views of the lists: personal, replaced by name, one default per list, refused without a name.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class SavedViewTests(SeededCrm crm)
{
    [Fact]
    public async Task A_view_saved_again_under_its_name_is_replaced_and_only_one_view_of_a_list_is_the_default()
    {
        var first = await crm.SendAs(crm.Manager, new SaveView.Command("exhibitors", " 医疗展区 ", "?area=MED", IsDefault: true));
        var second = await crm.SendAs(crm.Manager, new SaveView.Command("exhibitors", "大展位", "?sort=BoothArea&desc=True", IsDefault: true));
        var replaced = await crm.SendAs(crm.Manager, new SaveView.Command("exhibitors", "医疗展区", "?area=MED&investing=True", IsDefault: false));

        var views = await crm.SendAs(crm.Manager, new ListSavedViews.Query("exhibitors"));
        Assert.Equal(first, replaced);
        Assert.Equal("?area=MED&investing=True", views.Single(v => v.Id == first).Query);
        Assert.Equal([second], views.Where(v => v.IsDefault).Select(v => v.Id));
        Assert.DoesNotContain(await crm.SendAs(crm.Manager, new ListSavedViews.Query("buyers")), v => v.Id == first);

        Assert.True(await crm.SendAs(crm.Manager, new DeleteView.Command(second)));
        Assert.DoesNotContain(await crm.SendAs(crm.Manager, new ListSavedViews.Query("exhibitors")), v => v.Id == second);
    }

    [Theory]
    [InlineData("companies", "?f500=True&as=Exhibitor&columns=company%2Cf500")]
    [InlineData("issues", "?open=True&owner=Me&columns=code%2Ctitle")]
    [InlineData("teams", "?columns=team%2Cleads")]
    public async Task The_company_directory_the_issue_list_and_the_team_list_keep_saved_views_of_their_own(string list, string query)
    {
        var saved = await crm.SendAs(crm.TeamMember, new SaveView.Command(list, "我的视图", query, IsDefault: true));

        var views = await crm.SendAs(crm.TeamMember, new ListSavedViews.Query(list));
        Assert.Equal((query, true), (views.Single(v => v.Id == saved).Query, views.Single(v => v.Id == saved).IsDefault));
        Assert.DoesNotContain(await crm.SendAs(crm.TeamMember, new ListSavedViews.Query("exhibitors")), v => v.Id == saved);
    }

    [Fact]
    public async Task Another_users_views_are_neither_seen_nor_deleted()
    {
        var mine = await crm.SendAs(crm.DelegationLead, new SaveView.Command("buyers", "我的交易团", "?delegation=1", IsDefault: true));

        Assert.DoesNotContain(await crm.SendAs(crm.Manager, new ListSavedViews.Query("buyers")), v => v.Id == mine);
        Assert.False(await crm.SendAs(crm.Manager, new DeleteView.Command(mine)));
        Assert.Contains(await crm.SendAs(crm.DelegationLead, new ListSavedViews.Query("buyers")), v => v.Id == mine);
    }

    [Theory]
    [InlineData("en", "exhibitors", "  ", "Give the view a name.")]
    [InlineData("zh-CN", "planets", "视图", "该列表不支持保存视图。")]
    public async Task A_view_without_a_name_or_for_an_unknown_list_is_refused_in_the_users_language(string culture, string list, string name, string message)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new SaveView.Command(list, name, "?", false)));

        Assert.Equal([message], refused.Failures.Select(f => f.ErrorMessage));
    }

    [Fact]
    public async Task A_viewer_changes_nothing_not_even_a_saved_view()
    {
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, new SaveView.Command("exhibitors", "只读", "?", false)));
    }
}
