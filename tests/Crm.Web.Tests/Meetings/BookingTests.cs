using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Meetings;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Meetings;

/// <summary>
/// Booking confirmed pairs into a session's slots over the small seed in SQLite: the first free table, the pair's
/// and both sides' slots held by the database, and exactly one winner among bookings made at the same moment.
/// Each test books its own session, buyers and exhibitors.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class BookingTests(SeededCrm crm)
{
    [Fact]
    public async Task A_confirmed_pair_is_booked_at_the_first_free_table_of_the_slot_in_Shanghai_time()
    {
        var session = await crm.SessionAsync(tables: 3, hour: 9);
        var (first, second) = (await crm.ConfirmedAsync(0, 0), await crm.ConfirmedAsync(1, 1));

        var one = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(first, session, Slot: 2));
        var two = await crm.SendAs(crm.Manager, new BookMeeting.Command(second, session, Slot: 2));

        // 09:00 in Shanghai + two slots of 20 minutes = 09:40, 01:40 UTC.
        Assert.Equal(new DateTime(2026, 11, 5, 1, 40, 0), one.StartsAt);
        Assert.Equal(("T9-001", "T9-002"), (one.TableCode, two.TableCode));
        Assert.Matches("^M09-\\d{6}$", one.Code);
        var slots = await crm.SendAs(crm.Manager, new ListSlots.Query(session, first));
        Assert.Equal((1, false), (slots[2].FreeTables, slots[2].PairFree));
        Assert.Equal((3, true), (slots[0].FreeTables, slots[0].PairFree));
    }

    [Fact]
    public async Task A_booked_meeting_is_in_the_buyers_exhibitors_and_sessions_schedules_as_far_as_each_user_reaches()
    {
        var session = await crm.SessionAsync(tables: 4, hour: 11);
        var pair = await crm.ConfirmedAsync(26, 50);
        var booked = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(pair, session, Slot: 1));
        int buyer, exhibitor;
        await using (var db = crm.Database.CreateDbContext())
        {
            (buyer, exhibitor) = await db.Matches.Where(m => m.Id == pair).Select(m => new ValueTuple<int, int>(m.BuyerId!.Value, m.ExhibitorId)).SingleAsync();
        }

        var ofBuyer = await crm.SendAs(crm.DelegationLead, new ListSchedule.Query(BuyerId: buyer));
        var ofExhibitor = await crm.SendAs(crm.Manager, new ListSchedule.Query(ExhibitorId: exhibitor));
        var ofSession = await crm.SendAs(crm.Manager, new ListSchedule.Query(SessionId: session));
        var memberSees = await crm.SendAs(crm.TeamMember, new ListSchedule.Query(SessionId: session));

        var meeting = Assert.Single(ofBuyer);
        Assert.Equal((booked.Code, booked.StartsAt, booked.TableCode, "对接会 11"), (meeting.Code, meeting.StartsAt, meeting.TableCode, meeting.SessionZh));
        Assert.Equal([booked.Code], ofExhibitor.Select(m => m.Code));
        Assert.Equal([booked.Code], ofSession.Select(m => m.Code));
        Assert.Empty(memberSees); // not their team's meeting
        await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new ListSchedule.Query()));
    }

    [Fact]
    public async Task A_cancelled_meeting_frees_its_slot_and_the_pair_and_a_held_one_is_final()
    {
        var session = await crm.SessionAsync(tables: 1, hour: 16);
        var pair = await crm.ConfirmedAsync(27, 51);
        var other = await crm.ConfirmedAsync(28, 52);
        var first = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(pair, session, Slot: 0));
        await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.DelegationLead, new BookMeeting.Command(other, session, 0)));

        var cancelled = await crm.SendAs(crm.DelegationLead, new MarkMeeting.Command(first.MeetingId, 0, MeetingStatus.Cancelled));

        Assert.True(cancelled.Saved);
        var taken = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(other, session, 0)); // the only table is free again
        var again = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(pair, session, 1));  // and the pair may meet again
        Assert.Equal("T16-001", taken.TableCode);
        var stale = await crm.SendAs(crm.DelegationLead, new MarkMeeting.Command(again.MeetingId, 1, MeetingStatus.Held));
        Assert.False(stale.Saved);
        var held = await crm.SendAs(crm.DelegationLead, new MarkMeeting.Command(again.MeetingId, 0, MeetingStatus.Held));
        Assert.Equal((true, MeetingStatus.Held), (held.Saved, held.Status));
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.DelegationLead, new MarkMeeting.Command(again.MeetingId, held.Version, MeetingStatus.Cancelled)));
        Assert.Equal(nameof(MarkMeeting.Command.MeetingId), Assert.Single(refused.Failures).PropertyName);
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember, new MarkMeeting.Command(taken.MeetingId, 0, MeetingStatus.Held)));
    }

    [Fact]
    public async Task A_no_show_keeps_its_slot_and_table_and_is_rescheduled_into_a_free_slot_by_hand_or_by_a_plan()
    {
        var session = await crm.SessionAsync(tables: 1, hour: 20);
        // The plan takes the whole edition's waiting pairs: this one scores far above any other, so it is the plan's first choice.
        var (byHand, byPlan) = (await crm.ConfirmedAsync(38, 53), await crm.ConfirmedAsync(39, 54, score: 9));
        var first = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(byHand, session, Slot: 0));
        var second = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(byPlan, session, Slot: 1));
        await crm.SendAs(crm.DelegationLead, new MarkMeeting.Command(first.MeetingId, 0, MeetingStatus.NoShow));
        await crm.SendAs(crm.DelegationLead, new MarkMeeting.Command(second.MeetingId, 0, MeetingStatus.NoShow));

        // The no-show still holds slot 0's only table; the pair itself is free to meet again.
        await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.DelegationLead, new BookMeeting.Command(byHand, session, 0)));
        var rescheduled = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(byHand, session, 2));
        var planned = await crm.SendAs(crm.Manager, new PlanSession.Command(session));

        Assert.Equal("T20-001", rescheduled.TableCode);
        Assert.True(planned.Booked >= 1);
        await using var db = crm.Database.CreateDbContext();
        var ofPlanned = await db.Meetings.IgnoreQueryFilters().Where(m => m.MatchId == byPlan).OrderBy(m => m.StartsAt).ToListAsync();
        Assert.Equal([MeetingStatus.NoShow, MeetingStatus.Confirmed], ofPlanned.Select(m => m.Status));
        Assert.NotEqual(ofPlanned[0].StartsAt, ofPlanned[1].StartsAt);
        Assert.DoesNotContain(ofPlanned[1].StartsAt, new[] { first.StartsAt, second.StartsAt, rescheduled.StartsAt });
    }

    [Fact]
    public async Task An_exhibitor_whose_meeting_capacity_is_used_up_is_not_booked_again()
    {
        var session = await crm.SessionAsync(tables: 5, hour: 12);
        var (first, second) = (await crm.ConfirmedAsync(29, 55), await crm.ConfirmedAsync(31, 55));
        await using (var db = crm.Database.CreateDbContext())
        {
            var exhibitor = await db.Matches.Where(m => m.Id == first).Select(m => m.ExhibitorId).SingleAsync();
            await db.Exhibitors.Where(e => e.Id == exhibitor).ExecuteUpdateAsync(u => u.SetProperty(e => e.MeetingCapacity, 1));
        }
        await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(first, session, Slot: 0));

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.DelegationLead, new BookMeeting.Command(second, session, 1)));

        Assert.Equal("The exhibitor has no meeting left: all 1 of its capacity are booked.", Assert.Single(refused.Failures).ErrorMessage);
        Assert.Equal(1, await HeldAsync(session));
    }

    [Theory]
    [InlineData("zh-CN", "该采购商在此时段已有洽谈。", "只有双方都已确认的配对才能预约。")]
    [InlineData("en", "The buyer already has a meeting in this slot.", "Only a pair both sides accepted can be booked.")]
    public async Task A_busy_buyer_and_an_unconfirmed_pair_are_refused_in_the_users_language_and_nothing_is_written(string culture, string busy,
        string unconfirmed)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var session = await crm.SessionAsync(tables: 5, hour: culture == "en" ? 13 : 14);
        var buyer = culture == "en" ? 2 : 3;
        var booked = await crm.ConfirmedAsync(buyer, 10);
        var sameBuyer = await crm.ConfirmedAsync(buyer, 11);
        var notConfirmed = await crm.ConfirmedAsync(buyer, 12, confirmed: false);
        await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(booked, session, Slot: 0));

        var refusedBusy = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.DelegationLead, new BookMeeting.Command(sameBuyer, session, 0)));
        var refusedUnconfirmed = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.DelegationLead, new BookMeeting.Command(notConfirmed, session, 1)));

        Assert.Equal(busy, Assert.Single(refusedBusy.Failures).ErrorMessage);
        Assert.Equal(unconfirmed, Assert.Single(refusedUnconfirmed.Failures).ErrorMessage);
        Assert.Equal(1, await HeldAsync(session));
        await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(sameBuyer, session, 1)); // the next slot is free
    }

    [Fact]
    public async Task Two_hundred_bookings_of_one_pair_into_one_slot_at_the_same_moment_give_exactly_one_meeting()
    {
        var session = await crm.SessionAsync(tables: 50, hour: 10);
        var pair = await crm.ConfirmedAsync(4, 20);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            try
            {
                return (Booked: (BookMeeting.Booked?)await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(pair, session, Slot: 3)),
                    Refusal: (string?)null);
            }
            catch (RequestValidationException refused)
            {
                return (Booked: (BookMeeting.Booked?)null, Refusal: (string?)refused.Failures.Single().ErrorMessage);
            }
        }));

        Assert.Single(outcomes, o => o.Booked is not null);
        Assert.Equal(199, outcomes.Count(o => o.Refusal is not null));
        Assert.Equal(1, await HeldAsync(session));
    }

    [Fact]
    public async Task Pairs_of_one_exhibitor_booked_into_one_slot_at_the_same_moment_give_it_one_meeting_and_the_others_a_clear_refusal()
    {
        var session = await crm.SessionAsync(tables: 50, hour: 15);
        var pairs = new List<int>();
        for (var buyer = 5; buyer < 25; buyer++)
        {
            pairs.Add(await crm.ConfirmedAsync(buyer, 30));
        }

        var outcomes = await Task.WhenAll(pairs.Select(async pair =>
        {
            try
            {
                await crm.SendAs(crm.Manager, new BookMeeting.Command(pair, session, Slot: 0));
                return null;
            }
            catch (RequestValidationException refused)
            {
                return refused.Failures.Single().ErrorMessage;
            }
        }));

        Assert.Single(outcomes, o => o is null);
        Assert.All(outcomes.Where(o => o is not null), o => Assert.Equal("The exhibitor already has a meeting in this slot.", o));
        Assert.Equal(1, await HeldAsync(session));
    }

    [Fact]
    public async Task Planning_a_session_books_the_waiting_pairs_without_a_conflict_keeps_what_was_booked_by_hand_and_reports_its_quality()
    {
        // Two tables, six slots: buyers 30–37 each confirmed with two of three exhibitors (capacity from the seed).
        var session = await crm.SessionAsync(tables: 2, hour: 18);
        var pairs = new List<int>();
        for (var buyer = 30; buyer < 38; buyer++)
        {
            pairs.Add(await crm.ConfirmedAsync(buyer, 40 + buyer % 3));
            pairs.Add(await crm.ConfirmedAsync(buyer, 40 + (buyer + 1) % 3));
        }
        var byHand = await crm.SendAs(crm.Manager, new BookMeeting.Command(pairs[0], session, Slot: 4));

        var planned = await crm.SendAs(crm.Manager, new PlanSession.Command(session));

        Assert.True(planned.Booked > 0);
        Assert.InRange(planned.Total, planned.FirstComeTotal, planned.UpperBound + 1e-6);
        await using var db = crm.Database.CreateDbContext();
        var held = await db.Meetings.IgnoreQueryFilters().Where(m => m.SessionId == session && m.Status != MeetingStatus.Cancelled).ToListAsync();
        Assert.Equal(planned.Booked + 1, held.Count);
        var kept = Assert.Single(held, m => m.Id == byHand.MeetingId);
        Assert.Equal((byHand.StartsAt, byHand.TableCode), (kept.StartsAt, kept.TableCode));
        // Nobody twice in a slot, no table twice, no pair twice.
        Assert.All(held.GroupBy(m => m.StartsAt), slot =>
        {
            Assert.True(slot.Count() <= 2);
            Assert.Equal(slot.Count(), slot.Select(m => m.BuyerId).Distinct().Count());
            Assert.Equal(slot.Count(), slot.Select(m => m.ExhibitorId).Distinct().Count());
            Assert.Equal(slot.Count(), slot.Select(m => m.TableCode).Distinct().Count());
        });
        Assert.Equal(held.Count, held.Select(m => m.MatchId).Distinct().Count());
        // The pairs are the waiting ones of the whole edition (earlier tests may have left some): ours are among them.
        Assert.Contains(held, m => m.MatchId != pairs[0] && pairs.Contains(m.MatchId!.Value));

        var again = await crm.SendAs(crm.Manager, new PlanSession.Command(session));
        Assert.Equal(0, again.Booked);
    }

    [Theory]
    [InlineData("zh-CN", "每个时段为 10 至 120 分钟。")]
    [InlineData("en", "A slot lasts 10 to 120 minutes.")]
    public async Task A_session_with_an_impossible_slot_length_is_refused_in_the_users_language(string culture, string message)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new CreateSession.Command(
            "Food matchmaking", "食品对接会", "4.1 馆", new DateOnly(2026, 11, 5), new TimeOnly(9, 0), new TimeOnly(12, 0), 5, "F", 10)));

        Assert.Equal(message, Assert.Single(refused.Failures).ErrorMessage);
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.DelegationLead, new CreateSession.Command(
            "Food matchmaking", "食品对接会", "4.1 馆", new DateOnly(2026, 11, 5), new TimeOnly(9, 0), new TimeOnly(12, 0), 20, "F", 10)));
    }

    private async Task<int> HeldAsync(int session)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Meetings.IgnoreQueryFilters().CountAsync(m => m.SessionId == session && m.Status != MeetingStatus.Cancelled);
    }
}
