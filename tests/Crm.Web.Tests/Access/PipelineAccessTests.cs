using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Access;

/// <summary>J1 under issue 3: a team member reads and moves only their teams' investment deals, through the handlers.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class PipelineAccessTests(SeededCrm crm)
{
    [Fact]
    public async Task A_team_member_sees_only_their_teams_deals_and_not_none()
    {
        var pipeline = await crm.SendAs(crm.TeamMember, new ListPipeline.Query());

        Assert.NotEmpty(pipeline.Rows);
        Assert.All(pipeline.Rows, row => Assert.Contains(row.TeamId, crm.TeamMember.TeamIds));
        Assert.Equal(crm.TeamMember.TeamIds, pipeline.Teams.Select(t => t.Id));
        await using var db = crm.Database.CreateDbContext();
        var all = await db.Deals.CountAsync(d => d.Kind == MatchKind.Investment && d.Edition!.Number == pipeline.EditionNumber);
        Assert.True(all > pipeline.Rows.Count, "the edition has other teams' deals that must stay hidden");
        Assert.Equal(pipeline.Rows.Count, pipeline.Stages.Sum(s => s.Deals));
    }

    [Fact]
    public async Task Every_edition_of_a_team_members_pipeline_holds_only_their_teams_deals()
    {
        var first = await crm.SendAs(crm.TeamMember, new ListPipeline.Query());
        foreach (var edition in first.Editions)
        {
            var pipeline = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(EditionNumber: edition));
            Assert.All(pipeline.Rows, row => Assert.Contains(row.TeamId, crm.TeamMember.TeamIds));
        }
    }

    [Fact]
    public async Task Asking_for_another_teams_pipeline_is_refused_and_audited()
    {
        var otherTeam = await OtherTeamAsync();
        var before = await DenialsAsync(crm.TeamMember, "ListPipeline");

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember, new ListPipeline.Query(TeamId: otherTeam)));

        Assert.Equal(before + 1, await DenialsAsync(crm.TeamMember, "ListPipeline"));
    }

    [Fact]
    public async Task Moving_another_teams_deal_is_refused_and_nothing_changes()
    {
        var otherTeam = await OtherTeamAsync();
        var deal = await OpenDealAsync(otherTeam, skip: 0);
        var changes = await StageChangesAsync(deal.Id);

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember, Stall(deal)));

        await using var db = crm.Database.CreateDbContext();
        var after = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id);
        Assert.Equal(deal.Stage, after.Stage);
        Assert.Equal(deal.Version, after.Version);
        Assert.Equal(changes, await StageChangesAsync(deal.Id));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.EntityType == nameof(Deal) && e.EntityKey == Key(deal.Id) && e.Operation == "MoveDealStage"));
        Assert.True(await DenialsAsync(crm.TeamMember, "MoveDealStage") > 0);
    }

    [Fact]
    public async Task Moving_their_own_deal_to_a_signed_intent_works_and_keeps_who_moved_it_with_an_audit_entry()
    {
        var deal = await OpenDealAsync(crm.TeamMember.TeamIds[0], skip: 0, stage: DealStage.Met);
        var signedOn = new DateOnly(2025, 11, 7);

        var result = await crm.SendAs(crm.TeamMember, new MoveDealStage.Command(
            deal.Id, deal.Version, deal.Kind, DealStage.Met, DealStage.IntentSigned,
            Facts: new StageFacts { Amount = 12_500_000m, SignedOn = signedOn, Counterpart = "闵行区人民政府" }, NextStep: "Draft the contract", NextStepDueOn: signedOn.AddDays(30)));

        Assert.True(result.Moved);
        await using var db = crm.Database.CreateDbContext();
        var after = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id);
        Assert.Equal(DealStage.IntentSigned, after.Stage);
        Assert.Equal(12_500_000m, after.IntendedValueUsd);
        Assert.Equal(signedOn, after.IntentSignedOn);
        Assert.Equal(deal.Version + 1, after.Version);
        Assert.Equal(after.Version, result.Version);
        var change = await db.DealStageChanges.Where(c => c.DealId == deal.Id).OrderByDescending(c => c.Id).FirstAsync();
        Assert.Equal((DealStage?)DealStage.Met, change.FromStage);
        Assert.Equal(DealStage.IntentSigned, change.ToStage);
        Assert.Equal(crm.TeamMember.Id, change.ChangedByUserId);
        var audit = await db.AuditEntries.SingleAsync(e => e.EntityType == nameof(Deal) && e.EntityKey == Key(deal.Id) && e.Operation == "MoveDealStage");
        Assert.Equal(crm.TeamMember.Id, audit.UserId);
        Assert.Equal(AuditAction.Updated, audit.Action);
        Assert.Contains(nameof(Deal.Stage), audit.Changes);
    }

    [Fact]
    public async Task A_stale_version_gives_the_conflict_result_and_writes_nothing()
    {
        var deal = await OpenDealAsync(crm.TeamMember.TeamIds[0], skip: 1, stage: DealStage.Met);
        var changes = await StageChangesAsync(deal.Id);
        CultureInfo.CurrentUICulture = new CultureInfo("en");

        var result = await crm.SendAs(crm.TeamMember, Stall(deal) with { ExpectedVersion = deal.Version - 1 });

        Assert.False(result.Moved);
        Assert.Contains("changed this deal in the meantime", result.Conflict);
        await using var db = crm.Database.CreateDbContext();
        var after = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id);
        Assert.Equal((deal.Stage, deal.Version), (after.Stage, after.Version));
        Assert.Equal(changes, await StageChangesAsync(deal.Id));
    }

    [Theory]
    [InlineData("zh-CN", "线索不能从“已洽谈”推进到“项目落地”。")]
    [InlineData("en", "A deal cannot move from “Met” to “Landed”.")]
    public async Task Skipping_stages_is_refused_in_the_users_language_and_writes_nothing(string culture, string expected)
    {
        var deal = await OpenDealAsync(crm.TeamMember.TeamIds[0], skip: 2, stage: DealStage.Met);
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.TeamMember,
            new MoveDealStage.Command(deal.Id, deal.Version, deal.Kind, DealStage.Met, DealStage.Landed, Facts: new StageFacts { LandedOn = new DateOnly(2026, 3, 1) })));

        Assert.Equal(expected, refused.Failures.First().ErrorMessage); // the illegal move first, then what Landed would need
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(deal.Version, (await db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id)).Version);
    }

    [Fact]
    public async Task A_manager_sees_every_teams_deals()
    {
        var pipeline = await crm.SendAs(crm.Manager, new ListPipeline.Query());

        await using var db = crm.Database.CreateDbContext();
        var teams = await db.Deals.Where(d => d.Kind == MatchKind.Investment && d.Edition!.Number == pipeline.EditionNumber)
            .Select(d => d.PromotionTeamId!.Value).Distinct().OrderBy(id => id).ToListAsync();
        Assert.True(teams.Count > 1);
        Assert.Equal(teams, pipeline.Rows.Select(r => r.TeamId).Distinct().Order());
        Assert.Equal(await db.PromotionTeams.CountAsync(), pipeline.Teams.Count);
        var otherTeam = await OtherTeamAsync();
        Assert.NotEmpty((await crm.SendAs(crm.Manager, new ListPipeline.Query(TeamId: otherTeam))).Teams);
    }

    internal static MoveDealStage.Command Stall(Deal deal) =>
        new(deal.Id, deal.Version, deal.Kind, deal.Stage, DealStage.Stalled, Reason: "The investor paused its China plans",
            NextStep: "Ask again after the board meeting", NextStepDueOn: new DateOnly(2026, 3, 1));

    private async Task<int> OtherTeamAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Deals.Where(d => d.Kind == MatchKind.Investment && !crm.TeamMember.TeamIds.Contains(d.PromotionTeamId!.Value))
            .Select(d => d.PromotionTeamId!.Value).OrderBy(id => id).FirstAsync();
    }

    /// <summary>An open investment deal of the team (seed data, read as the system), the n-th by code.</summary>
    private async Task<Deal> OpenDealAsync(int teamId, int skip, DealStage stage = DealStage.Met)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Deals.AsNoTracking()
            .Where(d => d.PromotionTeamId == teamId && d.Kind == MatchKind.Investment && d.Stage == stage)
            .OrderBy(d => d.Code).Skip(skip).FirstAsync();
    }

    private async Task<int> StageChangesAsync(int dealId)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.DealStageChanges.CountAsync(c => c.DealId == dealId);
    }

    private async Task<int> DenialsAsync(SeededUser user, string operation)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.AuditEntries.CountAsync(e => e.Action == AuditAction.AccessDenied && e.UserId == user.Id && e.Operation == operation);
    }

    internal static string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
}
