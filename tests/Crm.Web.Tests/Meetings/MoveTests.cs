using System.Globalization;
using Crm.Data.Entities;
using Crm.Web.Features.Meetings;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Meetings;

/// <summary>
/// Adjusting a booked meeting by hand: it moves in one step or not at all. Over the small seed in SQLite, in sessions
/// of the week before the show (pairs of the lead's buyers 15–25 with exhibitors 41–49 are this class's own).
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class MoveTests(SeededCrm crm)
{
    private static readonly DateOnly WeekBefore = new(2026, 11, 4);

    [Fact]
    public async Task A_meeting_moves_to_another_slot_in_one_step_and_frees_its_old_slot_and_table()
    {
        var session = await crm.SessionAsync(tables: 1, hour: 9, day: WeekBefore);
        var (pair, other) = (await crm.ConfirmedAsync(15, 41), await crm.ConfirmedAsync(16, 42));
        var booked = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(pair, session, 0));

        var moved = await crm.SendAs(crm.DelegationLead, new MoveMeeting.Command(booked.MeetingId, 0, session, 2));
        var taken = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(other, session, 0));

        Assert.True(moved.Saved);
        Assert.Equal((booked.StartsAt.AddMinutes(40), "T9D4-001"), (moved.Meeting!.StartsAt, moved.Meeting.TableCode));
        Assert.Equal("T9D4-001", taken.TableCode);
        await using var db = crm.Database.CreateDbContext();
        var ofPair = await db.Meetings.Where(m => m.MatchId == pair).OrderBy(m => m.Id).Select(m => m.Status).ToListAsync();
        Assert.Equal([MeetingStatus.Cancelled, MeetingStatus.Confirmed], ofPair);
    }

    [Theory]
    [InlineData("en", "No table is free in this slot.")]
    [InlineData("zh-CN", "该时段已无空闲洽谈桌。")]
    public async Task A_move_into_a_full_slot_is_refused_in_the_users_language_and_the_meeting_keeps_its_slot(string culture, string full)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var english = culture == "en";
        var session = await crm.SessionAsync(tables: 1, hour: english ? 11 : 13, day: WeekBefore);
        var first = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(await crm.ConfirmedAsync(english ? 17 : 19, 43), session, 0));
        await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(await crm.ConfirmedAsync(english ? 18 : 20, 44), session, 1));

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.DelegationLead, new MoveMeeting.Command(first.MeetingId, 0, session, 1)));

        Assert.Equal(full, Assert.Single(refused.Failures).ErrorMessage);
        await using var db = crm.Database.CreateDbContext();
        var stored = await db.Meetings.SingleAsync(m => m.Id == first.MeetingId);
        Assert.Equal((MeetingStatus.Confirmed, first.StartsAt, 0L), (stored.Status, stored.StartsAt, stored.Version));
        Assert.Equal(2, await db.Meetings.CountAsync(m => m.SessionId == session));
    }

    [Fact]
    public async Task A_meeting_moves_to_the_booth_in_its_own_slot_and_a_move_over_a_stale_version_changes_nothing()
    {
        var session = await crm.SessionAsync(tables: 1, hour: 15, day: WeekBefore);
        var booked = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(await crm.ConfirmedAsync(21, 45), session, 0));

        var stale = await crm.SendAs(crm.DelegationLead, new MoveMeeting.Command(booked.MeetingId, 3, session, 1));
        var atBooth = await crm.SendAs(crm.DelegationLead, new MoveMeeting.Command(booked.MeetingId, 0, session, 0, MeetingPlace.Booth));

        Assert.False(stale.Saved);
        Assert.Equal((booked.StartsAt, MeetingPlace.Booth, null), (atBooth.Meeting!.StartsAt, atBooth.Meeting.Place, atBooth.Meeting.TableCode));
    }

    [Fact]
    public async Task Moves_of_several_meetings_into_one_free_table_at_the_same_moment_give_it_to_exactly_one()
    {
        var session = await crm.SessionAsync(tables: 3, hour: 17, day: WeekBefore);
        var meetings = new List<BookMeeting.Booked>();
        foreach (var (buyer, exhibitor, slot) in new[] { (22, 46, 0), (23, 47, 0), (24, 48, 0), (25, 49, 1), (15, 42, 1) })
        {
            meetings.Add(await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(await crm.ConfirmedAsync(buyer, exhibitor), session, slot)));
        }

        // Slot 1 has one table left; the three meetings of slot 0 all try to take it.
        var outcomes = await Task.WhenAll(meetings.Take(3).Select(async m =>
        {
            try
            {
                return (await crm.SendAs(crm.Manager, new MoveMeeting.Command(m.MeetingId, 0, session, 1))).Saved ? "moved" : "stale";
            }
            catch (RequestValidationException refused)
            {
                return refused.Failures.Single().ErrorMessage;
            }
        }));

        Assert.Single(outcomes, o => o == "moved");
        await using var db = crm.Database.CreateDbContext();
        var held = await db.Meetings.Where(m => m.SessionId == session && m.Status != MeetingStatus.Cancelled).ToListAsync();
        Assert.Equal(5, held.Count); // nothing lost, nothing doubled
        Assert.Equal(3, held.Count(m => m.StartsAt == meetings[3].StartsAt));
        Assert.Equal(3, held.Where(m => m.StartsAt == meetings[3].StartsAt).Select(m => m.TableCode).Distinct().Count());
    }
}
