using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Delegations;
using Crm.Web.Features.Home;
using Crm.Web.Features.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Access;

/// <summary>Viewers, nobody signed in, and the dashboards: the reach holds for every role and every read.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class RoleAccessTests(SeededCrm crm)
{
    [Fact]
    public async Task A_viewer_reads_every_pipeline_and_delegation_but_any_write_is_refused_and_nothing_is_written()
    {
        var pipeline = await crm.SendAs(crm.Viewer, new ListPipeline.Query());
        var delegations = await crm.SendAs(crm.Viewer, new ListDelegations.Query());
        var buyers = await crm.SendAs(crm.Viewer, new ListDelegationBuyers.Query(crm.DelegationLead.DelegationIds.Min()));

        Assert.True(pipeline.Rows.Select(r => r.TeamId).Distinct().Count() > 1);
        Assert.NotEmpty(delegations.Roots);
        Assert.True(buyers.Total > 0);

        await using var db = crm.Database.CreateDbContext();
        var deal = await db.Deals.AsNoTracking().Where(d => d.Kind == MatchKind.Investment && d.Stage == DealStage.Met)
            .OrderByDescending(d => d.Code).FirstAsync();
        var audited = await db.AuditEntries.CountAsync(e => e.Action != AuditAction.AccessDenied);

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, PipelineAccessTests.Stall(deal)));

        var after = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id);
        Assert.Equal((deal.Stage, deal.Version), (after.Stage, after.Version));
        Assert.Equal(0, await db.DealStageChanges.CountAsync(c => c.DealId == deal.Id && c.ChangedByUserId == crm.Viewer.Id));
        Assert.Equal(audited, await db.AuditEntries.CountAsync(e => e.Action != AuditAction.AccessDenied));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.AccessDenied && e.UserId == crm.Viewer.Id && e.Operation == "MoveDealStage"));
    }

    [Fact]
    public async Task A_request_from_nobody_signed_in_is_refused_and_audited()
    {
        await using var db = crm.Database.CreateDbContext();
        var before = await db.AuditEntries.CountAsync(e => e.Action == AuditAction.AccessDenied && e.UserId == null);

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(SeededCrm.Anonymous, new ListPipeline.Query()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(SeededCrm.Anonymous, new ListDelegations.Query()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(SeededCrm.Anonymous, new GetOverview.Query()));

        Assert.Equal(before + 3, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.AccessDenied && e.UserId == null));
    }

    [Fact]
    public async Task The_overview_of_a_team_member_counts_only_what_they_reach()
    {
        var mine = await crm.SendAs(crm.TeamMember, new GetOverview.Query());
        var all = await crm.SendAs(crm.Manager, new GetOverview.Query());

        await using var db = crm.Database.CreateDbContext();
        var teams = crm.TeamMember.TeamIds;
        foreach (var edition in mine.Editions)
        {
            var everything = all.Editions.Single(e => e.Number == edition.Number);
            Assert.Equal(0, edition.Buyers);
            Assert.Equal(everything.Exhibitors, edition.Exhibitors); // the exhibitor directory is public to staff
            Assert.Equal(await db.Deals.CountAsync(d => d.Edition!.Number == edition.Number && d.IntentSignedOn != null
                                                        && d.PromotionTeamId != null && teams.Contains(d.PromotionTeamId.Value)),
                         edition.SignedIntents);
        }
        var busiest = all.Editions.MaxBy(e => e.SignedIntents)!;
        Assert.True(busiest.Buyers > 0);
        Assert.True(busiest.SignedIntents > mine.Editions.Single(e => e.Number == busiest.Number).SignedIntents);
    }
}
