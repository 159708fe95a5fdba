using System.Globalization;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Features.Signings;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Signings;

/// <summary>
/// Collective signings (集中签约, J6): planning an event, attaching deals within the user's reach, recording the signing
/// (the deals before their intent move to Intent signed in one all-or-nothing save, with history and US$ values at the
/// edition year's rate) and the event's total. Over the small seed; each test makes its own events (S09-9xx) and deals
/// (D09-8xxxxx).
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class SigningEventTests(SeededCrm crm)
{
    private static readonly DateOnly HeldOn = new(2026, 11, 6);
    private static readonly DateOnly Due = new(2026, 12, 15);

    [Fact]
    public async Task Creating_an_event_needs_both_names_within_bounds_and_a_date_in_the_editions_year_or_the_next_and_gets_the_editions_next_code()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager,
            new CreateSigningEvent.Command(9, " ", new string('签', SigningEvent.NameZhMaxLength + 1), new DateOnly(2031, 11, 6), null)));
        var undated = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager,
            new CreateSigningEvent.Command(9, "Signing", "签约", null, null)));
        var created = await crm.SendAs(crm.Manager, new CreateSigningEvent.Command(9, " Investment Projects Signing ", "重大投资项目集中签约", HeldOn, "NECC"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember,
            new CreateSigningEvent.Command(9, "Team signing", "团队签约", HeldOn, null)));

        Assert.Equal([
            "Give the event's name in English.", "The Chinese name may have at most 100 characters.",
            "The signing date must lie in 2026 or 2027: the edition's year or the year after.",
        ], refused.Failures.Select(f => f.ErrorMessage));
        Assert.Equal("Give the date of the signing.", Assert.Single(undated.Failures).ErrorMessage);
        Assert.Matches(@"^S09-\d\d$", created.Code);
        var listed = Assert.Single((await crm.SendAs(crm.Manager, new ListSigningEvents.Query(9))).Events, e => e.Id == created.Id);
        Assert.Equal(("Investment Projects Signing", HeldOn, "NECC", 0, 0m, (DateTime?)null),
            (listed.Name, listed.HeldOn, listed.Venue, listed.Deals, listed.TotalUsd, listed.RecordedAt));
    }

    [Fact]
    public async Task Attaching_refuses_lost_deals_deals_of_another_edition_and_deals_on_another_event_and_changes_nothing()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var signing = await EventAsync();
        var other = await EventAsync();
        var lost = await DealAsync(DealStage.Lost);
        var earlier = await DealAsync(DealStage.Met, edition: 8);
        var elsewhere = await DealAsync(DealStage.IntentSigned, intendedUsd: 1_000_000m);
        await crm.SendAs(crm.Manager, new AttachDeal.Command(other.Id, elsewhere.Id, elsewhere.Version));
        elsewhere = await ReloadAsync(elsewhere);

        var refusals = new List<string>();
        foreach (var deal in new[] { lost, earlier, elsewhere })
        {
            var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager,
                new AttachDeal.Command(signing.Id, deal.Id, deal.Version, 1_000_000m, DealCurrency.Usd, "闵行区人民政府")));
            refusals.Add(Assert.Single(refused.Failures).ErrorMessage);
        }

        Assert.Equal([
            $"Deal {lost.Code} is lost or closed: it cannot be signed.", $"Deal {earlier.Code} belongs to another edition.",
            $"Deal {elsewhere.Code} is already on signing event {other.Code}.",
        ], refusals);
        var candidates = await crm.SendAs(crm.Manager, new ListAttachableDeals.Query(signing.Id, "D09-8"));
        Assert.DoesNotContain(candidates, c => c.DealId == lost.Id || c.DealId == earlier.Id || c.DealId == elsewhere.Id);
        await using var db = crm.Database.CreateDbContext();
        Assert.Equal([other.Id], await db.Deals.Where(d => d.Id == lost.Id || d.Id == earlier.Id || d.Id == elsewhere.Id)
            .Where(d => d.SigningEventId != null).Select(d => d.SigningEventId!.Value).ToListAsync());
        Assert.Equal(0, (await crm.SendAs(crm.Manager, new GetSigningEvent.Query(signing.Id)))!.TotalDeals);
    }

    [Fact]
    public async Task A_team_member_attaches_only_deals_within_their_reach_and_sees_the_others_on_the_event_only_as_a_count()
    {
        var signing = await EventAsync();
        var ours = await DealAsync(DealStage.IntentSigned, intendedUsd: 2_000_000m);
        var theirs = await DealAsync(DealStage.IntentSigned, intendedUsd: 3_000_000m, team: await OtherTeamAsync());

        var candidates = await crm.SendAs(crm.TeamMember, new ListAttachableDeals.Query(signing.Id, "D09-8"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, theirs.Id, theirs.Version)));
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, ours.Id, ours.Version));
        await crm.SendAs(crm.Manager, new AttachDeal.Command(signing.Id, theirs.Id, theirs.Version));
        var memberSees = (await crm.SendAs(crm.TeamMember, new GetSigningEvent.Query(signing.Id)))!;

        Assert.Contains(candidates, c => c.DealId == ours.Id);
        Assert.DoesNotContain(candidates, c => c.DealId == theirs.Id);
        Assert.Equal([ours.Id], memberSees.Deals.Select(d => d.DealId));
        Assert.Equal((2, 1, 5_000_000m), (memberSees.TotalDeals, memberSees.OtherDeals, memberSees.TotalUsd));
        theirs = await ReloadAsync(theirs);
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.TeamMember, new DetachDeal.Command(signing.Id, theirs.Id, theirs.Version)));
    }

    [Theory]
    [InlineData("en", "has not reached Intent signed: give its intended value above zero.", "Choose the currency: US$ or yuan.",
        "has not reached Intent signed: give the counterpart who will sign.")]
    [InlineData("zh-CN", "尚未意向签约：请填写大于零的意向金额。", "请选择币种：美元或人民币。", "尚未意向签约：请填写签约对方。")]
    public async Task Attaching_a_deal_before_its_intent_needs_the_intended_value_currency_and_counterpart_kept_on_the_deal_until_the_signing(
        string culture, string value, string currency, string counterpart)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var signing = await EventAsync();
        var deal = await DealAsync(DealStage.Met);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.TeamMember,
            new AttachDeal.Command(signing.Id, deal.Id, deal.Version, 0m, null, " ")));
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, deal.Id, deal.Version, 71_000_000m, DealCurrency.Cny, " 闵行区人民政府 "));

        Assert.Collection(refused.Failures,
            f => Assert.EndsWith(value, f.ErrorMessage), f => Assert.Equal(currency, f.ErrorMessage), f => Assert.EndsWith(counterpart, f.ErrorMessage));
        var after = await ReloadAsync(deal);
        Assert.Equal((signing.Id, DealStage.Met, 71_000_000m, DealCurrency.Cny, "闵行区人民政府", (decimal?)null, (DateOnly?)null),
            (after.SigningEventId!.Value, after.Stage, after.IntendedValue!.Value, after.IntendedCurrency!.Value, after.Counterpart, after.IntendedValueUsd,
                after.IntentSignedOn));
        var shown = Assert.Single((await crm.SendAs(crm.TeamMember, new GetSigningEvent.Query(signing.Id)))!.Deals);
        Assert.Equal((10_000_000m, true), (shown.ValueUsd, shown.BeforeIntent));
    }

    [Fact]
    public async Task Recording_moves_exactly_the_deals_before_intent_to_intent_signed_on_the_events_day_with_history_and_US_dollars_at_the_editions_rate()
    {
        var signing = await EventAsync();
        var inYuan = await DealAsync(DealStage.Met);
        var inDollars = await DealAsync(DealStage.Contacted);
        var signedBefore = await DealAsync(DealStage.IntentSigned, intendedUsd: 3_000_000m);
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, inYuan.Id, inYuan.Version, 71_000_000m, DealCurrency.Cny, "闵行区人民政府"));
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, inDollars.Id, inDollars.Version, 2_500_000m, DealCurrency.Usd, "Hongqiao Hub"));
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, signedBefore.Id, signedBefore.Version));
        var seen = (await crm.SendAs(crm.Manager, new GetSigningEvent.Query(signing.Id)))!;

        var result = await crm.SendAs(crm.Manager, Record(seen));

        Assert.Equal((true, 2), (result.Recorded, result.Moved));
        await using var db = crm.Database.CreateDbContext();
        var deals = await db.Deals.Include(d => d.StageChanges).Where(d => d.SigningEventId == signing.Id).ToDictionaryAsync(d => d.Id);
        var yuan = deals[inYuan.Id];
        Assert.Equal((DealStage.IntentSigned, HeldOn, 10_000_000m, "Sign the investment agreement", Due),
            (yuan.Stage, yuan.IntentSignedOn!.Value, yuan.IntendedValueUsd!.Value, yuan.NextStep, yuan.NextStepDueOn!.Value));
        var change = Assert.Single(yuan.StageChanges);
        Assert.Equal((DealStage.Met, DealStage.IntentSigned, crm.Manager.Id, signing.Code),
            (change.FromStage!.Value, change.ToStage, change.ChangedByUserId, change.Note));
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(change.Values!)!;
        Assert.Equal(("71000000", "10000000", "Cny", "7.1", "闵行区人民政府", "2026-11-06"),
            (values["IntendedValue"], values["IntendedValueUsd"], values["Currency"], values["CnyPerUsd"], values["Counterpart"], values["IntentSignedOn"]));
        var dollars = deals[inDollars.Id];
        Assert.Equal((DealStage.IntentSigned, 2_500_000m, DealStage.Contacted), (dollars.Stage, dollars.IntendedValueUsd!.Value, dollars.StageChanges.Single().FromStage!.Value));
        var stayed = deals[signedBefore.Id];
        Assert.Equal((DealStage.IntentSigned, new DateOnly(2026, 10, 1), 3_000_000m), (stayed.Stage, stayed.IntentSignedOn!.Value, stayed.IntendedValueUsd!.Value));
        Assert.Empty(stayed.StageChanges);
        var recorded = await db.SigningEvents.SingleAsync(e => e.Id == signing.Id);
        Assert.Equal(crm.Manager.Id, recorded.RecordedByUserId);
        Assert.NotNull(recorded.RecordedAt);
    }

    [Fact]
    public async Task Recording_writes_nothing_when_one_deal_changed_since_the_manager_saw_it()
    {
        var signing = await EventAsync();
        var first = await DealAsync(DealStage.Met);
        var second = await DealAsync(DealStage.Met);
        foreach (var deal in new[] { first, second })
        {
            await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, deal.Id, deal.Version, 1_000_000m, DealCurrency.Usd, "Minhang"));
        }
        var seen = (await crm.SendAs(crm.Manager, new GetSigningEvent.Query(signing.Id)))!;
        var changed = await ReloadAsync(second);
        var moved = await crm.SendAs(crm.TeamMember, new MoveDealStage.Command(changed.Id, changed.Version, changed.Kind, changed.Stage,
            DealStage.Stalled, "Budget frozen", NextStep: "Call again", NextStepDueOn: Due));

        var result = await crm.SendAs(crm.Manager, Record(seen));

        Assert.True(moved.Moved);
        Assert.False(result.Recorded);
        Assert.False(string.IsNullOrEmpty(result.Conflict));
        await using var db = crm.Database.CreateDbContext();
        var untouched = await db.Deals.Include(d => d.StageChanges).SingleAsync(d => d.Id == first.Id);
        Assert.Equal((DealStage.Met, (decimal?)null, 0), (untouched.Stage, untouched.IntendedValueUsd, untouched.StageChanges.Count));
        Assert.Null((await db.SigningEvents.SingleAsync(e => e.Id == signing.Id)).RecordedAt);
    }

    [Fact]
    public async Task A_deal_lost_before_its_intent_stops_the_recording_until_it_is_detached()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var signing = await EventAsync();
        var deal = await DealAsync(DealStage.Met);
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, deal.Id, deal.Version, 1_000_000m, DealCurrency.Usd, "Minhang"));
        deal = await ReloadAsync(deal);
        await crm.SendAs(crm.TeamMember, new MoveDealStage.Command(deal.Id, deal.Version, deal.Kind, deal.Stage, DealStage.Lost, "Chose another city"));
        var seen = (await crm.SendAs(crm.Manager, new GetSigningEvent.Query(signing.Id)))!;

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, Record(seen)));
        deal = await ReloadAsync(deal);
        await crm.SendAs(crm.TeamMember, new DetachDeal.Command(signing.Id, deal.Id, deal.Version));

        Assert.Equal($"Lost deals are on the event: {deal.Code}. Detach them first.", Assert.Single(refused.Failures).ErrorMessage);
        var after = await ReloadAsync(deal);
        Assert.Null(after.SigningEventId);
        Assert.Null(after.IntendedValue);
        Assert.Null(after.Counterpart);
    }

    [Fact]
    public async Task Two_managers_recording_one_signing_at_the_same_moment_record_it_once_and_the_other_is_told()
    {
        var signing = await EventAsync();
        var deal = await DealAsync(DealStage.Met);
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, deal.Id, deal.Version, 1_000_000m, DealCurrency.Usd, "Minhang"));
        var seen = (await crm.SendAs(crm.Manager, new GetSigningEvent.Query(signing.Id)))!;

        async Task<RecordSigning.Result> RecordAsync()
        {
            try
            {
                return await crm.SendAs(crm.Manager, Record(seen));
            }
            catch (RequestValidationException refused) // the other was saved before this one read the event
            {
                return RecordSigning.Result.Stale(refused.Message);
            }
        }
        var results = await Task.WhenAll(RecordAsync(), RecordAsync());

        Assert.Single(results, r => r.Recorded);
        Assert.False(string.IsNullOrEmpty(Assert.Single(results, r => !r.Recorded).Conflict));
        await using var db = crm.Database.CreateDbContext();
        Assert.Single(await db.DealStageChanges.Where(c => c.DealId == deal.Id).ToListAsync());
    }

    [Fact]
    public async Task A_recorded_signing_cannot_be_recorded_again_nor_take_or_lose_deals()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var signing = await EventAsync();
        var deal = await DealAsync(DealStage.Met);
        var later = await DealAsync(DealStage.IntentSigned, intendedUsd: 1_000_000m);
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, deal.Id, deal.Version, 4_000_000m, DealCurrency.Usd, "Songjiang"));
        var seen = (await crm.SendAs(crm.Manager, new GetSigningEvent.Query(signing.Id)))!;
        Assert.True((await crm.SendAs(crm.Manager, Record(seen))).Recorded);
        var again = (await crm.SendAs(crm.Manager, new GetSigningEvent.Query(signing.Id)))!;
        deal = await ReloadAsync(deal);

        var twice = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, Record(again)));
        var attach = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new AttachDeal.Command(signing.Id, later.Id, later.Version)));
        var detach = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.Manager, new DetachDeal.Command(signing.Id, deal.Id, deal.Version)));

        Assert.Equal($"The signing {signing.Code} is already recorded.", Assert.Single(twice.Failures).ErrorMessage);
        Assert.Equal($"The signing {signing.Code} is recorded: its deals can no longer change.", Assert.Single(attach.Failures).ErrorMessage);
        Assert.Equal(attach.Failures.Single().ErrorMessage, Assert.Single(detach.Failures).ErrorMessage);
        await using var db = crm.Database.CreateDbContext();
        Assert.Single(await db.DealStageChanges.Where(c => c.DealId == deal.Id).ToListAsync());
        Assert.Equal([deal.Id], await db.Deals.Where(d => d.SigningEventId == signing.Id).Select(d => d.Id).ToListAsync());
    }

    [Fact]
    public async Task The_total_value_reconciles_with_the_deals_signed_or_planned_in_US_dollars_and_in_yuan()
    {
        var signing = await EventAsync();
        var planned = await DealAsync(DealStage.Met);
        var signed = await DealAsync(DealStage.ContractSigned, intendedUsd: 1_234_567.89m);
        var theirs = await DealAsync(DealStage.Met, team: await OtherTeamAsync());
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, planned.Id, planned.Version, 35_500_000m, DealCurrency.Cny, "Pudong"));
        await crm.SendAs(crm.TeamMember, new AttachDeal.Command(signing.Id, signed.Id, signed.Version));
        await crm.SendAs(crm.Manager, new AttachDeal.Command(signing.Id, theirs.Id, theirs.Version, 800_000m, DealCurrency.Usd, "Jiading"));

        var listed = Assert.Single((await crm.SendAs(crm.Manager, new ListSigningEvents.Query(9))).Events, e => e.Id == signing.Id);
        var list = await crm.SendAs(crm.Viewer, new ListSigningEvents.Query(9));
        var details = (await crm.SendAs(crm.Manager, new GetSigningEvent.Query(signing.Id)))!;

        const decimal expected = 5_000_000m + 1_234_567.89m + 800_000m; // 35.5 m yuan at 7.1 per US$ (2026)
        Assert.Equal((3, expected), (listed.Deals, listed.TotalUsd));
        Assert.Equal((3, expected), (details.TotalDeals, details.TotalUsd));
        Assert.Equal(expected, details.Deals.Sum(d => d.ValueUsd!.Value));
        Assert.Equal(expected * 7.1m, list.InYuan(list.Events.Single(e => e.Id == signing.Id).TotalUsd));
    }

    [Fact]
    public async Task A_viewer_sees_signing_events_but_cannot_create_attach_detach_or_record()
    {
        var signing = await EventAsync();
        var deal = await DealAsync(DealStage.IntentSigned, intendedUsd: 1_000_000m);
        await crm.SendAs(crm.Manager, new AttachDeal.Command(signing.Id, deal.Id, deal.Version));
        deal = await ReloadAsync(deal);
        var seen = (await crm.SendAs(crm.Viewer, new GetSigningEvent.Query(signing.Id)))!;

        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, new CreateSigningEvent.Command(9, "Signing", "签约", HeldOn, null)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, new DetachDeal.Command(signing.Id, deal.Id, deal.Version)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, new AttachDeal.Command(signing.Id, deal.Id, deal.Version)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => crm.SendAs(crm.Viewer, Record(seen)));

        Assert.Equal([deal.Id], seen.Deals.Select(d => d.DealId));
        await using var db = crm.Database.CreateDbContext();
        var after = await db.SigningEvents.Include(e => e.Deals).SingleAsync(e => e.Id == signing.Id);
        Assert.Null(after.RecordedAt);
        Assert.Single(after.Deals);
    }

    private static RecordSigning.Command Record(GetSigningEvent.Details seen) =>
        new(seen.Id, seen.Version, seen.Deals.Select(d => new RecordSigning.SeenDeal(d.DealId, d.Version)).ToList(), "Sign the investment agreement", Due);

    /// <summary>A planned signing of the current edition with a code of the tests' own (S09-9xx).</summary>
    private async Task<SigningEvent> EventAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        var edition = await db.Editions.SingleAsync(e => e.Status == EditionStatus.Current);
        var number = await db.SigningEvents.CountAsync(e => e.Code.StartsWith("S09-9")) + 1;
        var signing = new SigningEvent { Code = $"S09-9{number:00}", EditionId = edition.Id, Name = "Test signing", NameZh = "测试签约", HeldOn = HeldOn };
        db.SigningEvents.Add(signing);
        await db.SaveChangesAsync();
        return signing;
    }

    /// <summary>A new investment deal (of the member's team unless another is named) at the stage, of the edition (the current one by default).</summary>
    private async Task<Deal> DealAsync(DealStage stage, decimal? intendedUsd = null, int? team = null, int edition = 9)
    {
        await using var db = crm.Database.CreateDbContext();
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Number == edition).OrderBy(e => e.Id).Skip(3).FirstAsync();
        var number = await db.Deals.CountAsync(d => d.Code.StartsWith("D09-8")) + 1;
        var deal = new Deal
        {
            Code = $"D09-8{number:00000}", EditionId = exhibitor.EditionId, Kind = MatchKind.Investment, ExhibitorId = exhibitor.Id,
            PromotionTeamId = team ?? crm.TeamMember.TeamIds[0], Stage = stage, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            LostReason = stage == DealStage.Lost ? "Chose another city" : null,
            NextStep = DealStages.IsOpen(MatchKind.Investment, stage) ? "Call" : null,
            NextStepDueOn = DealStages.IsOpen(MatchKind.Investment, stage) ? Due : null,
        };
        if (intendedUsd is { } usd)
        {
            (deal.IntendedValue, deal.IntendedCurrency, deal.IntendedValueUsd) = (usd, DealCurrency.Usd, usd);
            (deal.IntentSignedOn, deal.Counterpart) = (new DateOnly(2026, 10, 1), "Minhang District");
        }
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal;
    }

    private async Task<Deal> ReloadAsync(Deal deal)
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id);
    }

    private async Task<int> OtherTeamAsync()
    {
        await using var db = crm.Database.CreateDbContext();
        return await db.PromotionTeams.Where(t => !crm.TeamMember.TeamIds.Contains(t.Id)).OrderBy(t => t.Id).Select(t => t.Id).FirstAsync();
    }
}
