using System.Globalization;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Meetings;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Meetings;

/// <summary>
/// What organisers set up in a session beyond its tables, and how booking and planning keep to it: interpreters by
/// language (never two meetings at once, held by the database), exhibitors' windows, and meetings at the booth or online.
/// Over the small seed in SQLite, on the show's third day; the lead's buyers 30 and 32–37 are this class's own.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class SessionSetupTests(SeededCrm crm)
{
    private static readonly DateOnly ThirdDay = new(2026, 11, 7);

    [Theory]
    [InlineData("en", "No interpreter for en · English is free in this slot.", "This interpreter serves meetings: cancel or rebook them first.")]
    [InlineData("zh-CN", "此时段没有空闲的en · English翻译。", "该翻译已安排洽谈：请先取消或改约这些洽谈。")]
    public async Task A_pair_whose_languages_differ_meets_with_a_free_interpreter_of_the_exhibitors_language_and_is_refused_when_none_is_free(
        string culture, string noneFree, string stillBooked)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var english = culture == "en";
        var session = await crm.SessionAsync(tables: 5, hour: english ? 9 : 12, day: ThirdDay, interpreters: true);
        var interpreter = await crm.SendAs(crm.Manager, new AddInterpreter.Command(session, "Li Na", "en"));
        var first = await crm.ConfirmedAsync(english ? 30 : 32, english ? 0 : 2, language: "en");
        var second = await crm.ConfirmedAsync(english ? 33 : 34, english ? 1 : 3, language: "en");

        var booked = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(first, session, Slot: 0));
        var slots = await crm.SendAs(crm.DelegationLead, new ListSlots.Query(session, second));
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.DelegationLead, new BookMeeting.Command(second, session, 0)));
        var next = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(second, session, 1));
        var removal = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new RemoveInterpreter.Command(interpreter)));

        Assert.Equal("Li Na", booked.Interpreter);
        Assert.Equal((false, true), (slots[0].InterpreterFree, slots[1].InterpreterFree));
        Assert.Equal(noneFree, Assert.Single(refused.Failures).ErrorMessage);
        Assert.Equal("Li Na", next.Interpreter);
        Assert.Equal(stillBooked, Assert.Single(removal.Failures).ErrorMessage);
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(2, await db.Meetings.CountAsync(m => m.InterpreterId == interpreter));
    }

    [Fact]
    public async Task The_database_never_gives_one_interpreter_two_meetings_in_one_slot()
    {
        var session = await crm.SessionAsync(tables: 5, hour: 15, day: ThirdDay, interpreters: true);
        var interpreter = await crm.SendAs(crm.Manager, new AddInterpreter.Command(session, "Wang Fang", "en"));
        var booked = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(await crm.ConfirmedAsync(35, 4, language: "en"), session, 0));
        await using var db = crm.Database.CreateDbContext();
        var meeting = await db.Meetings.AsNoTracking().SingleAsync(m => m.Id == booked.MeetingId);
        var other = await crm.ConfirmedAsync(36, 5, language: "en");
        var match = await db.Matches.AsNoTracking().SingleAsync(m => m.Id == other);

        db.Meetings.Add(new Meeting
        {
            Code = "M09-999001", EditionId = meeting.EditionId, MatchId = other, ExhibitorId = match.ExhibitorId, BuyerId = match.BuyerId,
            StartsAt = meeting.StartsAt, EndsAt = meeting.EndsAt, Place = MeetingPlace.Online, SessionId = session, InterpreterId = interpreter,
            Status = MeetingStatus.Confirmed,
        });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Contains("UNIQUE", error.InnerException!.Message);
    }

    [Theory]
    [InlineData("en", "The exhibitor can meet in this session only from 10:00 to 10:40.",
        "The window must lie within the session (09:00–11:00) and hold at least one slot of 20 minutes.")]
    [InlineData("zh-CN", "该展商在本场对接会只能在 10:00–10:40 洽谈。", "时间段须在对接会时间（09:00–11:00）内，且至少容纳一个 20 分钟的时段。")]
    public async Task An_exhibitor_with_a_window_is_booked_only_inside_it_and_a_window_outside_the_session_is_refused(string culture, string outside,
        string badWindow)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var english = culture == "en";
        var session = await crm.SessionAsync(tables: 5, hour: 9, day: english ? ThirdDay.AddDays(1) : ThirdDay.AddDays(2));
        var pair = await crm.ConfirmedAsync(37, english ? 6 : 7, language: "en");
        int exhibitor;
        await using (var db = crm.Database.CreateDbContext())
        {
            exhibitor = await db.Matches.Where(m => m.Id == pair).Select(m => m.ExhibitorId).SingleAsync();
        }
        await crm.SendAs(crm.Manager, new SetExhibitorAvailability.Command(session, exhibitor, new TimeOnly(10, 0), new TimeOnly(10, 40)));

        var slots = await crm.SendAs(crm.DelegationLead, new ListSlots.Query(session, pair));
        var early = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.DelegationLead, new BookMeeting.Command(pair, session, 0)));
        var wrong = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.Manager, new SetExhibitorAvailability.Command(session, exhibitor, new TimeOnly(10, 50), new TimeOnly(11, 30))));
        var inside = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(pair, session, 3));

        Assert.Equal([false, false, false, true, true, false], slots.Select(s => s.PairFree));
        Assert.Equal(outside, Assert.Single(early.Failures).ErrorMessage);
        Assert.Equal(badWindow, Assert.Single(wrong.Failures).ErrorMessage);
        Assert.Equal(ExpoClock.ToUtc(new DateTime(ThirdDay.AddDays(english ? 1 : 2), new TimeOnly(10, 0))), inside.StartsAt);
        var setup = await crm.SendAs(crm.Manager, new GetSessionSetup.Query(session));
        Assert.Equal((new TimeOnly(10, 0), new TimeOnly(10, 40)), (setup!.Availabilities.Single().From, setup.Availabilities.Single().Until));
        await crm.SendAs(crm.Manager, new SetExhibitorAvailability.Command(session, exhibitor, null, null));
        Assert.Empty((await crm.SendAs(crm.Manager, new GetSessionSetup.Query(session)))!.Availabilities);
    }

    [Fact]
    public async Task A_meeting_at_the_booth_or_online_takes_the_sides_time_but_no_table()
    {
        var session = await crm.SessionAsync(tables: 1, hour: 17, day: ThirdDay);
        var atTable = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(await crm.ConfirmedAsync(30, 8, language: "en"), session, 0));
        var atBooth = await crm.SendAs(crm.DelegationLead,
            new BookMeeting.Command(await crm.ConfirmedAsync(32, 9, language: "en"), session, 0, MeetingPlace.Booth));
        var online = await crm.SendAs(crm.DelegationLead,
            new BookMeeting.Command(await crm.ConfirmedAsync(33, 10, language: "en"), session, 0, MeetingPlace.Online));
        var sameBuyer = await crm.ConfirmedAsync(32, 11, language: "en");

        var busy = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.DelegationLead, new BookMeeting.Command(sameBuyer, session, 0, MeetingPlace.Online)));

        Assert.Equal((MeetingPlace.VenueTable, "T17D7-001"), (atTable.Place, atTable.TableCode));
        Assert.Equal((MeetingPlace.Booth, null), (atBooth.Place, atBooth.TableCode));
        Assert.Equal((MeetingPlace.Online, null), (online.Place, online.TableCode));
        Assert.Equal("The buyer already has a meeting in this slot.", Assert.Single(busy.Failures).ErrorMessage);
    }

    [Fact]
    public async Task Planning_gives_each_pair_that_needs_one_an_interpreter_never_two_meetings_at_once_and_keeps_to_exhibitors_windows()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var day = ThirdDay.AddDays(3);
        var session = await crm.SessionAsync(tables: 10, hour: 9, day: day, interpreters: true);
        var interpreter = await crm.SendAs(crm.Manager, new AddInterpreter.Command(session, "Zhao Lei", "en"));
        var pairs = new List<int>();
        foreach (var (buyer, exhibitor) in new[] { (34, 12), (35, 13), (36, 14), (37, 15) })
        {
            pairs.Add(await crm.ConfirmedAsync(buyer, exhibitor, score: 20, language: "en"));
        }
        int windowed;
        await using (var db = crm.Database.CreateDbContext())
        {
            windowed = await db.Matches.Where(m => m.Id == pairs[0]).Select(m => m.ExhibitorId).SingleAsync();
        }
        await crm.SendAs(crm.Manager, new SetExhibitorAvailability.Command(session, windowed, new TimeOnly(10, 20), new TimeOnly(11, 0)));

        await crm.SendAs(crm.Manager, new PlanSession.Command(session));

        await using var check = crm.Database.CreateDbContext();
        var ours = await check.Meetings.Where(m => m.SessionId == session && m.MatchId != null && pairs.Contains(m.MatchId.Value)).ToListAsync();
        Assert.Equal(4, ours.Count); // six slots, one interpreter: all four fit
        Assert.All(ours, m => Assert.Equal(interpreter, m.InterpreterId));
        Assert.Equal(4, ours.Select(m => m.StartsAt).Distinct().Count());
        var windowedAt = ours.Single(m => m.MatchId == pairs[0]).StartsAt;
        Assert.InRange(ExpoClock.ToShanghai(windowedAt).TimeOfDay, new TimeSpan(10, 20, 0), new TimeSpan(10, 40, 0));
    }

    [Fact]
    public async Task Sessions_at_the_same_time_need_their_own_table_prefixes()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var day = ThirdDay.AddDays(-1);
        await crm.SendAs(crm.Manager, new CreateSession.Command("Hall 1", "1 号馆", "NECC", day, new TimeOnly(9, 0), new TimeOnly(11, 0), 20, "P", 10));

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager,
            new CreateSession.Command("Hall 2", "2 号馆", "NECC", day, new TimeOnly(10, 0), new TimeOnly(12, 0), 20, "p", 10)));
        await crm.SendAs(crm.Manager, new CreateSession.Command("Hall 2", "2 号馆", "NECC", day, new TimeOnly(11, 0), new TimeOnly(12, 0), 20, "P", 10));

        Assert.Equal("Another session at the same time already uses the table prefix P.", Assert.Single(refused.Failures).ErrorMessage);
    }

    [Theory]
    [InlineData("en", "The exhibitor already holds 1 meetings: the capacity cannot be lower.")]
    [InlineData("zh-CN", "该展商已有 1 场洽谈：名额不能更少。")]
    public async Task An_organiser_sets_an_exhibitors_meeting_capacity_never_below_what_it_holds_and_booking_keeps_to_it(string culture, string belowBooked)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var english = culture == "en";
        var session = await crm.SessionAsync(tables: 5, hour: english ? 19 : 21, day: ThirdDay);
        var exhibitorIndex = english ? 16 : 17;
        var first = await crm.ConfirmedAsync(30, exhibitorIndex, language: "en");
        var second = await crm.ConfirmedAsync(32, exhibitorIndex, language: "en");
        await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(first, session, 0));
        int exhibitor, capacity;
        await using (var db = crm.Database.CreateDbContext())
        {
            exhibitor = await db.Matches.Where(m => m.Id == first).Select(m => m.ExhibitorId).SingleAsync();
            capacity = await db.Exhibitors.Where(e => e.Id == exhibitor).Select(e => e.MeetingCapacity).SingleAsync();
        }
        try
        {
            var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new SetMeetingCapacity.Command(exhibitor, 0)));
            await crm.SendAs(crm.Manager, new SetMeetingCapacity.Command(exhibitor, 1));
            var full = await Assert.ThrowsAsync<RequestValidationException>(() =>
                crm.SendAs(crm.DelegationLead, new BookMeeting.Command(second, session, 1)));
            await Assert.ThrowsAsync<Crm.Data.AccessDeniedException>(() => crm.SendAs(crm.DelegationLead, new SetMeetingCapacity.Command(exhibitor, 9)));

            Assert.Equal(belowBooked, Assert.Single(refused.Failures).ErrorMessage);
            Assert.Single(full.Failures);
            await using var check = crm.Database.CreateDbContext();
            Assert.Equal(1, (await check.Exhibitors.SingleAsync(e => e.Id == exhibitor)).MeetingCapacity);
        }
        finally
        {
            // The exhibitor may be another test's too (the tests share the database): its capacity goes back.
            await crm.SendAs(crm.Manager, new SetMeetingCapacity.Command(exhibitor, capacity));
        }
    }
}
