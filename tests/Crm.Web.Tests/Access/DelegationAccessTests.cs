using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Delegations;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Access;

/// <summary>J2 under issue 3: a delegation lead reads only the buyers of their delegation tree, through the handlers.</summary>
[Collection(SeededCrmCollection.Name)]
public sealed class DelegationAccessTests(SeededCrm crm)
{
    [Fact]
    public async Task A_delegation_lead_sees_only_their_delegation_tree_with_buyer_counts_rolled_up()
    {
        var tree = await crm.SendAs(crm.DelegationLead, new ListDelegations.Query());

        var root = Assert.Single(tree.Roots);
        Assert.Equal(crm.DelegationLead.DelegationIds.Order(), Flatten(root).Select(n => n.Id).Order());
        Assert.NotEmpty(root.Children);
        Assert.True(root.Buyers > 0);
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(await db.Buyers.CountAsync(b => crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value)), root.Buyers);
    }

    [Fact]
    public async Task A_delegation_lead_sees_only_the_buyers_of_their_delegation_tree_page_by_page()
    {
        var root = crm.DelegationLead.DelegationIds.Min();
        await using var db = crm.Database.CreateDbContext();
        var expected = await db.Buyers.CountAsync(b => crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value));
        var names = await db.TradeDelegations.Where(d => crm.DelegationLead.DelegationIds.Contains(d.Id)).Select(d => d.Name).ToListAsync();

        var seen = new List<ListDelegationBuyers.Row>();
        for (var skip = 0; ; skip += 50)
        {
            var page = await crm.SendAs(crm.DelegationLead, new ListDelegationBuyers.Query(root, skip, 50));
            Assert.Equal(expected, page.Total);
            seen.AddRange(page.Rows);
            if (page.Rows.Count < 50)
            {
                break;
            }
        }

        Assert.True(expected > 0);
        Assert.Equal(expected, seen.Select(r => r.BuyerId).Distinct().Count());
        Assert.All(seen, row => Assert.Contains(row.Delegation, names));
    }

    [Fact]
    public async Task Asking_for_another_delegations_buyers_is_refused_and_audited()
    {
        await using var db = crm.Database.CreateDbContext();
        var other = await db.TradeDelegations.Where(d => !crm.DelegationLead.DelegationIds.Contains(d.Id) && d.Edition!.Status == EditionStatus.Current)
            .OrderBy(d => d.Code).Select(d => d.Id).FirstAsync();
        var before = await db.AuditEntries.CountAsync(e => e.Action == AuditAction.AccessDenied && e.UserId == crm.DelegationLead.Id);

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.DelegationLead, new ListDelegationBuyers.Query(other)));

        Assert.Equal(before + 1, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.AccessDenied && e.UserId == crm.DelegationLead.Id
                                                                   && e.Operation == "ListDelegationBuyers"));
    }

    [Fact]
    public async Task A_team_member_reaches_no_delegation_and_no_buyer()
    {
        var tree = await crm.SendAs(crm.TeamMember, new ListDelegations.Query());

        Assert.True(tree.IsEmpty);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            crm.SendAs(crm.TeamMember, new ListDelegationBuyers.Query(crm.DelegationLead.DelegationIds.Min())));
    }

    [Fact]
    public async Task A_manager_sees_every_delegation_of_the_current_edition_and_all_their_buyers()
    {
        var tree = await crm.SendAs(crm.Manager, new ListDelegations.Query());

        await using var db = crm.Database.CreateDbContext();
        var current = await db.TradeDelegations.Where(d => d.Edition!.Status == EditionStatus.Current).Select(d => d.Id).OrderBy(id => id).ToListAsync();
        Assert.Equal(current, tree.Roots.SelectMany(Flatten).Select(n => n.Id).Order());
        Assert.Equal(await db.Buyers.CountAsync(b => b.DelegationId != null && current.Contains(b.DelegationId.Value)), tree.Roots.Sum(r => r.Buyers));
    }

    private static IEnumerable<ListDelegations.Node> Flatten(ListDelegations.Node node) => [node, .. node.Children.SelectMany(Flatten)];
}
