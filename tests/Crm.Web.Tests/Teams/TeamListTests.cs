using Crm.Data.Entities;
using Crm.Web.Features.Teams;
using Crm.Web.Infrastructure.Lists;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Teams;

/// <summary>The promotion team list: every team with its focus and members; pipelines counted only where the user reaches them.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class TeamListTests(SeededCrm crm)
{
    [Fact]
    public async Task A_manager_sees_every_teams_current_pipeline_counted_from_its_deals()
    {
        await using var db = crm.Database.CreateDbContext();
        var teams = await db.PromotionTeams.CountAsync();

        var rows = await crm.SendAs(crm.Manager, new ListTeams.Query());

        Assert.Equal(teams, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.Pipeline));
        var busiest = rows.MaxBy(r => r.Pipeline!.Leads)!;
        var deals = await db.Deals.CountAsync(d => d.PromotionTeamId == busiest.Id && d.Kind == MatchKind.Investment && d.Edition!.Status == EditionStatus.Current);
        Assert.Equal(deals, busiest.Pipeline!.Leads);
        Assert.Equal(busiest.Pipeline.Leads, busiest.Pipeline.Open + busiest.Pipeline.Signed
            + await db.Deals.CountAsync(d => d.PromotionTeamId == busiest.Id && d.Kind == MatchKind.Investment && d.Edition!.Status == EditionStatus.Current
                && (d.Stage == DealStage.Stalled || d.Stage == DealStage.Lost)));
        Assert.All(rows, r => Assert.Equal(r.FocusEn.Count, r.FocusZh.Count));
    }

    [Fact]
    public async Task A_team_member_sees_every_team_but_only_their_own_teams_pipeline()
    {
        var rows = await crm.SendAs(crm.TeamMember, new ListTeams.Query());

        Assert.All(rows, r => Assert.Equal(crm.TeamMember.TeamIds.Contains(r.Id), r.Pipeline is not null));
        Assert.Contains(rows, r => r.Pipeline is null);
        Assert.Contains(rows, r => r.Pipeline is not null);
    }

    [Fact]
    public void A_view_survives_the_round_trip_through_its_link_with_its_columns_in_their_order()
    {
        var view = new TeamsView(["leads", "team", "signedValue"]);

        Assert.Equal(["leads", "team", "signedValue"], TeamsView.Parse(ViewQuery.Parse(view.ToQueryString())).Columns);
        Assert.Equal("", new TeamsView().ToQueryString());
    }
}
