using System.Globalization;
using Crm.Data.Entities;
using Crm.Web.Features.Meetings;
using Crm.Web.Infrastructure;
using Crm.Data;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Meetings;

/// <summary>
/// After a held meeting its outcome creates or advances the pair's pipeline deal, with the next step as the deal's and
/// as a task for the user; over the small seed in SQLite, on the show's second day (each test its own pairs and slots).
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class OutcomeTests(SeededCrm crm)
{
    private static readonly DateOnly SecondDay = new(2026, 11, 6);
    private static readonly DateOnly DueOn = new(2026, 11, 20);

    [Fact]
    public async Task A_promising_meeting_creates_the_pairs_deal_at_met_with_its_next_step_history_and_a_task_for_the_user()
    {
        var (meeting, version, pair) = await HeldMeetingAsync(hour: 9, buyerIndex: 5, exhibitorIndex: 31);

        var recorded = await crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(meeting, version, MeetingOutcome.Promising,
            "  They want samples.  ", " Send the price list ", DueOn));

        Assert.True(recorded.Saved);
        Assert.Equal(DealStage.Met, recorded.Stage);
        Assert.Matches("^D09-\\d{6}$", recorded.DealCode);
        await using var db = crm.Database.CreateDbContext();
        var deal = await db.Deals.IgnoreQueryFilters().Include(d => d.StageChanges).SingleAsync(d => d.MatchId == pair);
        var match = await db.Matches.SingleAsync(m => m.Id == pair);
        Assert.Equal((recorded.DealCode, MatchKind.Procurement, match.BuyerId, match.ExhibitorId, crm.DelegationLead.Id),
            (deal.Code, deal.Kind, deal.BuyerId, deal.ExhibitorId, deal.OwnerUserId));
        Assert.Equal(("Send the price list", DueOn), (deal.NextStep, deal.NextStepDueOn));
        var change = Assert.Single(deal.StageChanges);
        var stored = await db.Meetings.SingleAsync(m => m.Id == meeting);
        Assert.Equal((null, DealStage.Met, stored.Code, crm.DelegationLead.Id), (change.FromStage, change.ToStage, change.Note, change.ChangedByUserId));
        Assert.Equal((MeetingOutcome.Promising, "They want samples."), (stored.Outcome, stored.OutcomeNotes));
        var task = await db.Activities.SingleAsync(a => a.DealId == deal.Id);
        Assert.Equal((ActivityKind.Task, "Send the price list", DueOn, crm.DelegationLead.Id, null),
            (task.Kind, task.Subject, task.DueOn, task.OwnerUserId, task.CompletedAt));
    }

    [Fact]
    public async Task An_outcome_advances_the_pairs_existing_deal_to_met_and_leaves_a_deal_already_further_along_at_its_stage()
    {
        var (early, earlyVersion, earlyPair) = await HeldMeetingAsync(hour: 10, buyerIndex: 6, exhibitorIndex: 32);
        var (late, lateVersion, latePair) = await HeldMeetingAsync(hour: 11, buyerIndex: 7, exhibitorIndex: 33);
        var scheduled = await DealAsync(earlyPair, DealStage.MeetingScheduled);
        var signed = await DealAsync(latePair, DealStage.IntentSigned);

        var advanced = await crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(early, earlyVersion, MeetingOutcome.Undecided, null, "Call back", DueOn));
        var kept = await crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(late, lateVersion, MeetingOutcome.Promising, null, "Draft the contract", DueOn));

        Assert.Equal((scheduled, DealStage.Met), (advanced.DealCode, advanced.Stage));
        Assert.Equal((signed, DealStage.IntentSigned), (kept.DealCode, kept.Stage));
        await using var db = crm.Database.CreateDbContext();
        var deals = await db.Deals.IgnoreQueryFilters().Include(d => d.StageChanges).Where(d => d.MatchId == earlyPair || d.MatchId == latePair)
            .OrderBy(d => d.Code).ToListAsync();
        Assert.Equal(2, deals.Count); // nothing duplicated
        var moved = deals.Single(d => d.MatchId == earlyPair);
        Assert.Equal((DealStage.MeetingScheduled, DealStage.Met), (moved.StageChanges.Single().FromStage, moved.StageChanges.Single().ToStage));
        var further = deals.Single(d => d.MatchId == latePair);
        Assert.Empty(further.StageChanges);
        Assert.Equal("Draft the contract", further.NextStep);
    }

    [Fact]
    public async Task No_interest_loses_the_pairs_deal_with_the_reason_and_sets_no_next_step()
    {
        var (meeting, version, pair) = await HeldMeetingAsync(hour: 12, buyerIndex: 8, exhibitorIndex: 34);
        await DealAsync(pair, DealStage.Met);

        var recorded = await crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(meeting, version, MeetingOutcome.NoInterest,
            "Prices too high", "ignored", DueOn));

        Assert.Equal(DealStage.Lost, recorded.Stage);
        await using var db = crm.Database.CreateDbContext();
        var deal = await db.Deals.IgnoreQueryFilters().Include(d => d.StageChanges).SingleAsync(d => d.MatchId == pair);
        Assert.Equal(("Prices too high", null, null), (deal.LostReason, deal.NextStep, deal.NextStepDueOn));
        Assert.Equal((DealStage.Met, DealStage.Lost), (deal.StageChanges.Single().FromStage, deal.StageChanges.Single().ToStage));
        Assert.False(await db.Activities.AnyAsync(a => a.DealId == deal.Id));
    }

    [Theory]
    [InlineData("zh-CN", "请填写下一步。", "请填写下一步的截止日期。", "只有已举行的洽谈才能记录结果。", "该洽谈的结果已记录。")]
    [InlineData("en", "Say what happens next.", "Give the date the next step is due.", "An outcome can be recorded only for a held meeting.",
        "This meeting's outcome is already recorded.")]
    public async Task An_outcome_without_a_next_step_for_a_meeting_not_held_or_recorded_twice_is_refused_in_the_users_language_and_nothing_is_written(
        string culture, string noStep, string noDue, string notHeld, string twice)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var english = culture == "en";
        var (meeting, version, pair) = await HeldMeetingAsync(hour: english ? 13 : 14, buyerIndex: english ? 9 : 10, exhibitorIndex: english ? 35 : 36);
        var session = await crm.SessionAsync(tables: 2, hour: english ? 15 : 16, day: SecondDay);
        var booked = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(await crm.ConfirmedAsync(english ? 11 : 12, english ? 37 : 38), session, 0));

        var missing = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(meeting, version, MeetingOutcome.Promising, null, " ", null)));
        var confirmedOnly = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(booked.MeetingId, 0, MeetingOutcome.Promising, null, "Call", DueOn)));
        await using (var db = crm.Database.CreateDbContext())
        {
            Assert.False(await db.Deals.IgnoreQueryFilters().AnyAsync(d => d.MatchId == pair));
            Assert.Null((await db.Meetings.SingleAsync(m => m.Id == meeting)).Outcome);
        }
        var first = await crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(meeting, version, MeetingOutcome.Undecided, null, "Call", DueOn));
        var again = await Assert.ThrowsAsync<RequestValidationException>(() =>
            crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(meeting, first.Version, MeetingOutcome.Promising, null, "Call", DueOn)));

        Assert.Equal([noStep, noDue], missing.Failures.Select(f => f.ErrorMessage));
        Assert.Equal(notHeld, Assert.Single(confirmedOnly.Failures).ErrorMessage);
        Assert.Equal(twice, Assert.Single(again.Failures).ErrorMessage);
    }

    [Fact]
    public async Task An_outcome_over_a_version_someone_changed_is_not_saved_and_concurrent_outcomes_give_one_deal()
    {
        var (meeting, version, pair) = await HeldMeetingAsync(hour: 17, buyerIndex: 13, exhibitorIndex: 39);

        var stale = await crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(meeting, version + 7, MeetingOutcome.Promising, null, "Call", DueOn));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                return await crm.SendAs(crm.DelegationLead, new RecordMeetingOutcome.Command(meeting, version, MeetingOutcome.Promising, null, "Call", DueOn));
            }
            catch (RequestValidationException)
            {
                return null; // told it is recorded already
            }
        }));

        Assert.False(stale.Saved);
        Assert.Single(outcomes, o => o is { Saved: true });
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal(1, await db.Deals.IgnoreQueryFilters().CountAsync(d => d.MatchId == pair));
        Assert.Equal(1, await db.Activities.CountAsync(a => a.MatchId == pair));
    }

    [Fact]
    public async Task Only_people_who_reach_the_meeting_record_its_outcome()
    {
        var (meeting, version, _) = await HeldMeetingAsync(hour: 18, buyerIndex: 14, exhibitorIndex: 40);

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            crm.SendAs(crm.TeamMember, new RecordMeetingOutcome.Command(meeting, version, MeetingOutcome.Promising, null, "Call", DueOn)));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            crm.SendAs(crm.Viewer, new RecordMeetingOutcome.Command(meeting, version, MeetingOutcome.Promising, null, "Call", DueOn)));
    }

    /// <summary>A confirmed pair booked into a session of the second day and marked held: the meeting, its version and the pair.</summary>
    private async Task<(int Meeting, long Version, int Pair)> HeldMeetingAsync(int hour, int buyerIndex, int exhibitorIndex)
    {
        var session = await crm.SessionAsync(tables: 2, hour: hour, day: SecondDay);
        var pair = await crm.ConfirmedAsync(buyerIndex, exhibitorIndex);
        var booked = await crm.SendAs(crm.DelegationLead, new BookMeeting.Command(pair, session, Slot: 0));
        var held = await crm.SendAs(crm.DelegationLead, new MarkMeeting.Command(booked.MeetingId, 0, MeetingStatus.Held));
        return (booked.MeetingId, held.Version, pair);
    }

    /// <summary>A deal of the pair at a stage (as if created by hand or imported), returning its code.</summary>
    private async Task<string> DealAsync(int pair, DealStage stage)
    {
        await using var db = crm.Database.CreateDbContext();
        var match = await db.Matches.SingleAsync(m => m.Id == pair);
        var deal = new Deal
        {
            Code = $"D09-9{pair:00000}", EditionId = match.EditionId, Kind = match.Kind, MatchId = pair, ExhibitorId = match.ExhibitorId, BuyerId = match.BuyerId,
            Stage = stage, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            IntendedValueUsd = stage == DealStage.IntentSigned ? 1_000_000m : null, IntentSignedOn = stage == DealStage.IntentSigned ? SecondDay : null,
        };
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal.Code;
    }
}
