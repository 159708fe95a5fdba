using Crm.Data.Entities;
using Crm.Web.Features.Matching;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Matching;

/// <summary>
/// The read every proposal page makes (a buyer's stored top 10 with their meetings) stays a handful of index lookups
/// whatever the edition's size. On the full seed it once took 150 ms instead of 3 ms because the latest meeting of each
/// proposal was ranked over every meeting of the table; the benchmark found it (docs/benchmarks.md), this guards it.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class ProposalReadPlanTests(SeededCrm crm)
{
    /// <summary>The tables that grow with an edition: hundreds of thousands of rows on the full seed.</summary>
    private static readonly string[] LargeTables = ["Matches", "Meetings", "Deals", "Exhibitors", "Buyers", "Companies", "Activities"];

    [Fact]
    public async Task A_buyers_proposals_and_their_meetings_are_read_through_indexes_without_scanning_a_large_table()
    {
        await using var db = crm.Database.CreateDbContext();
        var edition = await db.Editions.SingleAsync(e => e.Status == EditionStatus.Current);
        var buyer = await db.Buyers.Where(b => b.EditionId == edition.Id).OrderByDescending(b => b.Id).FirstAsync();
        var exhibitors = await db.Exhibitors.Where(e => e.EditionId == buyer.EditionId).OrderByDescending(e => e.Id).Take(3).ToListAsync();
        var matches = exhibitors.Select((e, i) => new Match
        {
            EditionId = buyer.EditionId, Kind = MatchKind.Procurement, ExhibitorId = e.Id, BuyerId = buyer.Id, Score = 1.0 - i * 0.1, Rank = i + 1,
            ModelVersion = "procurement-plan", Explanation = "[]", CreatedAt = DateTime.UtcNow,
            ExhibitorDecision = MatchDecision.Accepted, CounterpartDecision = MatchDecision.Accepted,
        }).ToList();
        db.Matches.AddRange(matches);
        await db.SaveChangesAsync();
        var meeting = new Meeting
        {
            Code = Meeting.CodePrefix(edition.Number) + "999998", EditionId = buyer.EditionId, MatchId = matches[0].Id, ExhibitorId = exhibitors[0].Id,
            BuyerId = buyer.Id, StartsAt = DateTime.UtcNow, EndsAt = DateTime.UtcNow.AddMinutes(20), Place = MeetingPlace.Booth,
            Status = MeetingStatus.Confirmed,
        };
        db.Meetings.Add(meeting);
        await db.SaveChangesAsync();
        try
        {
            var (rows, queries) = await crm.SendRecordingAs(crm.Manager, new ListProposals.Query(MatchKind.Procurement, buyer.Id));

            Assert.Equal(matches.Select(m => m.Id), rows.Select(r => r.MatchId)); // the read the plans are of: proposals and a meeting
            Assert.Equal(meeting.Id, rows[0].Meeting?.Id);
            Assert.Contains(queries, q => q.Sql.Contains("\"Meetings\"", StringComparison.Ordinal));
            await db.Database.OpenConnectionAsync();
            Assert.Empty(await QueryPlans.ScansAsync(db.Database.GetDbConnection(), queries, LargeTables));
        }
        finally
        {
            db.Meetings.Remove(meeting);
            db.Matches.RemoveRange(matches);
            await db.SaveChangesAsync();
        }
    }
}
