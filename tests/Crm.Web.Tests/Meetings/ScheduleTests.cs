using System.Globalization;
using Crm.Data.Entities;
using Crm.Web.Features.Meetings;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Meetings;

/// <summary>
/// Whose schedule over the small seed in SQLite: one table of a session, and what the schedule page needs to mark a
/// meeting on the day. Each test books its own session (on the third day, away from the booking tests), buyers and exhibitors.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class ScheduleTests(SeededCrm crm)
{
    [Fact]
    public async Task One_table_of_a_session_shows_only_its_meetings_in_time_order_with_what_marking_them_needs()
    {
        var session = await crm.SendAs(crm.Manager, new CreateSession.Command("Table schedule", "洽谈桌日程", "国家会展中心", new DateOnly(2026, 11, 7),
            new TimeOnly(9, 0), new TimeOnly(11, 0), 20, "W7", 2));
        var (first, second, third) = (await ConfirmedAsync(40, 56), await ConfirmedAsync(41, 57), await ConfirmedAsync(42, 58));
        var atOne = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(first, session, Slot: 0));
        var atTwo = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(second, session, Slot: 0));
        var laterAtOne = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(third, session, Slot: 1));
        Assert.Equal(("W7-001", "W7-002", "W7-001"), (atOne.TableCode, atTwo.TableCode, laterAtOne.TableCode));

        var tableOne = await crm.SendAs(crm.DelegationLead, new ListSchedule.Query(SessionId: session, TableCode: "W7-001"));
        var wholeSession = await crm.SendAs(crm.DelegationLead, new ListSchedule.Query(SessionId: session));
        var tables = await crm.SendAs(crm.DelegationLead, new ListScheduleChoices.Tables(session));

        Assert.Equal([atOne.Code, laterAtOne.Code], tableOne.Select(m => m.Code));
        Assert.Equal([atOne.Code, atTwo.Code, laterAtOne.Code], wholeSession.Select(m => m.Code));
        Assert.Equal(["W7-001", "W7-002"], tables);
        await using (var db = crm.Database.CreateDbContext())
        {
            var pair = await db.Matches.SingleAsync(m => m.Id == first);
            var row = tableOne[0];
            Assert.Equal((atOne.MeetingId, pair.BuyerId, pair.ExhibitorId, MeetingStatus.Confirmed), (row.Id, row.BuyerId, row.ExhibitorId, row.Status));
        }

        // Marked over the version the page shows; a second mark over the same (now old) version is refused as settled.
        var held = await crm.SendAs(crm.DelegationLead, new MarkMeeting.Command(tableOne[0].Id, tableOne[0].Version, MeetingStatus.Held));
        Assert.True(held.Saved);
        var after = await crm.SendAs(crm.DelegationLead, new ListSchedule.Query(SessionId: session, TableCode: "W7-001"));
        Assert.Equal([MeetingStatus.Held, MeetingStatus.Confirmed], after.Select(m => m.Status));
        Assert.NotEqual(tableOne[0].Version, after[0].Version);
        var subject = await crm.SendAs(crm.DelegationLead, new NameSchedule.Query(new ListSchedule.Query(SessionId: session, TableCode: "W7-001")));
        Assert.Equal(new NameSchedule.Subject(NameSchedule.Whose.Session, "Table schedule", "洽谈桌日程", "W7-001"), subject);
    }

    [Theory]
    [InlineData("zh-CN", "只有选定对接会后才能选择洽谈桌。")]
    [InlineData("en", "A table is chosen only with its session.")]
    public async Task A_table_without_its_session_is_refused_in_the_users_language(string culture, string message)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        int buyer;
        await using (var db = crm.Database.CreateDbContext())
        {
            buyer = await db.Buyers.Where(b => b.Edition!.Status == EditionStatus.Current).OrderBy(b => b.Id).Select(b => b.Id).FirstAsync();
        }

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.Manager, new ListSchedule.Query(BuyerId: buyer, TableCode: "A-001")));

        var failure = Assert.Single(refused.Failures);
        Assert.Equal((nameof(ListSchedule.Query.TableCode), message), (failure.PropertyName, failure.ErrorMessage));
    }

    /// <summary>A pair both sides accepted between the lead's buyer number <paramref name="buyerIndex"/> and the current edition's exhibitor number 60 + <paramref name="exhibitorIndex"/>.</summary>
    private async Task<int> ConfirmedAsync(int buyerIndex, int exhibitorIndex)
    {
        await using var db = crm.Database.CreateDbContext();
        var buyer = await db.Buyers.Where(b => b.Edition!.Status == EditionStatus.Current && crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value))
            .OrderByDescending(b => b.Id).Skip(buyerIndex).FirstAsync();
        var exhibitor = await db.Exhibitors.Where(e => e.EditionId == buyer.EditionId).OrderByDescending(e => e.Id).Skip(60 + exhibitorIndex).FirstAsync();
        var match = new Match
        {
            EditionId = buyer.EditionId, Kind = MatchKind.Procurement, ExhibitorId = exhibitor.Id, BuyerId = buyer.Id, Score = 1, Rank = 1,
            ModelVersion = "schedule-test", Explanation = "[]", CreatedAt = DateTime.UtcNow, CounterpartDecision = MatchDecision.Accepted,
            ExhibitorDecision = MatchDecision.Accepted,
        };
        db.Matches.Add(match);
        await db.SaveChangesAsync();
        return match.Id;
    }
}
