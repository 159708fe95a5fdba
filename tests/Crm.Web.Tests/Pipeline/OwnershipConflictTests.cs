using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Pipeline;

/// <summary>
/// Ownership conflicts (撞单): two teams pursuing one exhibitor for investment are both told, a manager assigns the owner,
/// and the other team's deal closes as lost with the reason; nothing stays silently duplicated. Over the small seed.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class OwnershipConflictTests(SeededCrm crm)
{
    [Fact]
    public async Task Both_teams_are_told_a_manager_assigns_the_owner_and_the_other_teams_deal_is_lost_with_the_reason()
    {
        var (exhibitor, ours, theirs, otherTeam) = await ConflictAsync(0);

        var listed = await crm.SendAs(crm.Manager, new ListOwnershipConflicts.Query());
        var memberSees = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(TeamId: crm.TeamMember.TeamIds[0]));

        var conflict = Assert.Single(listed, c => c.ExhibitorId == exhibitor);
        Assert.Equal(new[] { ours, theirs }.Order(), conflict.Claims.Select(c => c.DealId).Order());
        var row = Assert.Single(memberSees.Rows, r => r.DealId == ours);
        Assert.Equal([otherTeam.NameZh], row.Rivals!.Select(r => r.NameZh));

        var closed = await crm.SendAs(crm.Manager, new AssignInvestmentOwner.Command(exhibitor, crm.TeamMember.TeamIds[0]));

        Assert.Equal(1, closed);
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(crm.TeamMember.TeamIds[0], (await db.Exhibitors.SingleAsync(e => e.Id == exhibitor)).InvestmentOwnerTeamId);
        var lost = await db.Deals.Include(d => d.StageChanges).SingleAsync(d => d.Id == theirs);
        Assert.Equal(DealStage.Lost, lost.Stage);
        Assert.StartsWith("撞单：由", lost.LostReason);
        Assert.Equal((DealStage.Met, DealStage.Lost, crm.Manager.Id), (lost.StageChanges.Single().FromStage!.Value, lost.StageChanges.Single().ToStage,
            lost.StageChanges.Single().ChangedByUserId));
        Assert.Equal(DealStage.Met, (await db.Deals.SingleAsync(d => d.Id == ours)).Stage);
        Assert.DoesNotContain(await crm.SendAs(crm.Manager, new ListOwnershipConflicts.Query()), c => c.ExhibitorId == exhibitor);
        var after = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(TeamId: crm.TeamMember.TeamIds[0]));
        Assert.Empty(after.Rows.Single(r => r.DealId == ours).Rivals!);
    }

    [Theory]
    [InlineData("en", "Only a team with an open investment deal for this exhibitor can own it.")]
    [InlineData("zh-CN", "只有对该展商有在跟进投资线索的团队才能被设为归属方。")]
    public async Task Only_a_manager_assigns_an_owner_and_only_to_a_team_that_pursues_the_exhibitor(string culture, string notPursuing)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var (exhibitor, _, _, _) = await ConflictAsync(culture == "en" ? 1 : 2);
        int bystander;
        await using (var db = crm.Database.CreateDbContext())
        {
            bystander = await db.PromotionTeams.OrderByDescending(t => t.Id).Select(t => t.Id).FirstAsync();
        }

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new AssignInvestmentOwner.Command(exhibitor, bystander)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember, new AssignInvestmentOwner.Command(exhibitor, crm.TeamMember.TeamIds[0])));

        Assert.Equal(notPursuing, Assert.Single(refused.Failures).ErrorMessage);
        Assert.Contains(await crm.SendAs(crm.Manager, new ListOwnershipConflicts.Query()), c => c.ExhibitorId == exhibitor);
    }

    /// <summary>An exhibitor of the current edition (the 10 + n-th) with a Met investment deal of the member's team and one of another team.</summary>
    private async Task<(int Exhibitor, int Ours, int Theirs, PromotionTeam OtherTeam)> ConflictAsync(int index)
    {
        await using var db = crm.Database.CreateDbContext();
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Status == EditionStatus.Current).OrderBy(e => e.Id).Skip(10 + index).FirstAsync();
        var other = await db.PromotionTeams.Where(t => !crm.TeamMember.TeamIds.Contains(t.Id)).OrderBy(t => t.Id).FirstAsync();
        var number = await db.Deals.CountAsync(d => d.Code.StartsWith("D09-4"));
        Deal Deal(int team, int n) => new()
        {
            Code = $"D09-4{n:00000}", EditionId = exhibitor.EditionId, Kind = MatchKind.Investment, ExhibitorId = exhibitor.Id, PromotionTeamId = team,
            Stage = DealStage.Met, NextStep = "Call", NextStepDueOn = new DateOnly(2026, 12, 1), CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        var (ours, theirs) = (Deal(crm.TeamMember.TeamIds[0], number + 1), Deal(other.Id, number + 2));
        db.Deals.AddRange(ours, theirs);
        await db.SaveChangesAsync();
        return (exhibitor.Id, ours.Id, theirs.Id, other);
    }
}
