using System.Globalization;
using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Pipeline;

/// <summary>
/// What each stage of a deal requires, enforced on the server in the user's language with nothing written when refused,
/// the values kept in the stage history, amounts in yuan converted at the edition year's rate, and concurrent moves of
/// one deal (the later writer is told). Over the small seed in SQLite; each test moves deals of its own.
/// </summary>
[Collection(SeededCrmCollection.Name)]
public sealed class StageRuleTests(SeededCrm crm)
{
    private static readonly DateOnly SignedOn = new(2026, 11, 6);
    private static readonly DateOnly Due = new(2026, 12, 1);

    [Fact]
    public async Task A_signed_intent_in_yuan_keeps_value_currency_date_counterpart_and_its_US_dollar_value_at_the_editions_rate_in_the_history()
    {
        var deal = await DealAsync(DealStage.Met);

        var moved = await Move(deal, DealStage.IntentSigned, new StageFacts
        {
            Currency = DealCurrency.Cny, Amount = 71_000_000m, SignedOn = SignedOn, Counterpart = "  闵行区人民政府 ",
        });

        Assert.True(moved.Moved);
        await using var db = crm.Database.CreateDbContext();
        var after = await db.Deals.Include(d => d.StageChanges).SingleAsync(d => d.Id == deal.Id);
        Assert.Equal((71_000_000m, DealCurrency.Cny, 10_000_000m, SignedOn, "闵行区人民政府"),
            (after.IntendedValue, after.IntendedCurrency, after.IntendedValueUsd, after.IntentSignedOn, after.Counterpart));
        Assert.Equal(("Call the investor", Due), (after.NextStep, after.NextStepDueOn));
        var change = after.StageChanges.Single();
        Assert.Equal((DealStage.Met, DealStage.IntentSigned, crm.TeamMember.Id), (change.FromStage!.Value, change.ToStage, change.ChangedByUserId));
        var values = JsonSerializer.Deserialize<Dictionary<string, string>>(change.Values!)!;
        Assert.Equal("71000000", values["IntendedValue"]);
        Assert.Equal("10000000", values["IntendedValueUsd"]);
        Assert.Equal(("Cny", "7.1", "闵行区人民政府", "2026-11-06"), (values["Currency"], values["CnyPerUsd"], values["Counterpart"], values["IntentSignedOn"]));
        Assert.Contains("闵行区人民政府", change.Values); // readable, not escaped
    }

    [Theory]
    [InlineData("en", "A signed intent needs an intended value above zero.", "A signed intent needs the date it was signed.",
        "A signed intent needs the counterpart who signed it.", "Say what happens next on this deal.", "Give the date the next step is due.")]
    [InlineData("zh-CN", "意向签约须填写大于零的意向金额。", "意向签约须填写签约日期。", "意向签约需要签约对方。", "请填写该项目的下一步。", "请填写下一步的截止日期。")]
    public async Task A_signed_intent_without_value_date_counterpart_or_next_step_is_refused_in_the_users_language_and_nothing_is_written(
        string culture, string value, string date, string counterpart, string nextStep, string due)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        var deal = await DealAsync(DealStage.Met);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.TeamMember,
            new MoveDealStage.Command(deal.Id, deal.Version, deal.Kind, deal.Stage, DealStage.IntentSigned, Facts: new StageFacts { Amount = 0m }, NextStep: " ")));

        Assert.Equal([nextStep, due, value, date, counterpart], refused.Failures.Select(f => f.ErrorMessage));
        await AssertUnchangedAsync(deal);
    }

    [Fact]
    public async Task A_contract_needs_its_value_and_date_and_keeps_them_in_its_currency_and_in_US_dollars()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var deal = await DealAsync(DealStage.IntentSigned);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => Move(deal, DealStage.ContractSigned, new StageFacts()));
        var moved = await Move(deal, DealStage.ContractSigned, new StageFacts { Amount = 2_500_000m, SignedOn = SignedOn });

        Assert.Equal(["A signed contract needs its value above zero.", "A signed contract needs the date it was signed."],
            refused.Failures.Select(f => f.ErrorMessage));
        Assert.True(moved.Moved);
        await using var db = crm.Database.CreateDbContext();
        var after = await db.Deals.SingleAsync(d => d.Id == deal.Id);
        Assert.Equal((2_500_000m, DealCurrency.Usd, 2_500_000m, SignedOn), (after.ContractValue, after.ContractCurrency, after.ContractValueUsd, after.ContractSignedOn));
    }

    [Fact]
    public async Task A_landed_project_needs_entity_capital_capex_jobs_district_and_both_dates_and_keeps_them()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var deal = await DealAsync(DealStage.ContractSigned);
        string district;
        await using (var db = crm.Database.CreateDbContext())
        {
            district = await db.Districts.OrderBy(d => d.Code).Select(d => d.Code).FirstAsync();
        }

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            Move(deal, DealStage.Landed, new StageFacts { DistrictCode = "NOWHERE", PlannedJobs = -1 }));
        var moved = await Move(deal, DealStage.Landed, new StageFacts
        {
            Currency = DealCurrency.Cny, RegisteredEntity = "贝格曼医疗（上海）有限公司", RegisteredCapital = 35_500_000m, Capex = 142_000_000m, PlannedJobs = 120,
            DistrictCode = district, LandedOn = new DateOnly(2027, 3, 1), StartOfWorksOn = new DateOnly(2027, 5, 18),
        });

        Assert.Equal([
            "A landed project needs the entity registered for it.", "A landed project needs its registered capital above zero.",
            "A landed project needs its capital expenditure above zero.", "Jobs must be between 0 and 1000000.",
            "A landed project needs the district or park it landed in.", "A landed project needs the date it landed.",
            "A landed project needs its start-of-works date (开工).",
        ], refused.Failures.Select(f => f.ErrorMessage));
        Assert.True(moved.Moved);
        await using var check = crm.Database.CreateDbContext();
        var after = await check.Deals.SingleAsync(d => d.Id == deal.Id);
        Assert.Equal(("贝格曼医疗（上海）有限公司", 5_000_000m, 20_000_000m, 120, district, new DateOnly(2027, 5, 18)),
            (after.RegisteredEntity, after.RegisteredCapitalUsd, after.CapexUsd, after.Jobs, after.DistrictCode, after.StartOfWorksOn));
    }

    [Fact]
    public async Task An_operating_project_needs_its_actual_jobs_and_investment_and_closes_the_deal_without_a_next_step()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var deal = await DealAsync(DealStage.Landed);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => crm.SendAs(crm.TeamMember,
            new MoveDealStage.Command(deal.Id, deal.Version, deal.Kind, deal.Stage, DealStage.Operational)));
        var moved = await crm.SendAs(crm.TeamMember, new MoveDealStage.Command(deal.Id, deal.Version, deal.Kind, deal.Stage, DealStage.Operational,
            Facts: new StageFacts { ActualJobs = 85, ActualInvestment = 18_000_000m }));

        Assert.Equal(["An operating project needs its actual jobs.", "An operating project needs its actual investment above zero."],
            refused.Failures.Select(f => f.ErrorMessage));
        Assert.True(moved.Moved);
        await using var db = crm.Database.CreateDbContext();
        var after = await db.Deals.SingleAsync(d => d.Id == deal.Id);
        Assert.Equal((85, 18_000_000m, null, null), (after.ActualJobs, after.ActualInvestmentUsd, after.NextStep, after.NextStepDueOn));
    }

    [Fact]
    public async Task Amounts_and_dates_out_of_range_are_refused()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");
        var deal = await DealAsync(DealStage.Met);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => Move(deal, DealStage.IntentSigned,
            new StageFacts { Amount = 5_000_000_000_000m, SignedOn = new DateOnly(1999, 1, 1), Counterpart = "X" }));

        Assert.Equal(["This amount is too large: check the digits.", "Dates must lie between 2017 and 2036."], refused.Failures.Select(f => f.ErrorMessage));
        await AssertUnchangedAsync(deal);
    }

    [Fact]
    public async Task Two_people_moving_one_deal_at_the_same_moment_one_is_moved_and_the_other_is_told_nothing_is_lost()
    {
        var deal = await DealAsync(DealStage.Met);

        var results = await Task.WhenAll(
            Move(deal, DealStage.IntentSigned, new StageFacts { Amount = 1_000_000m, SignedOn = SignedOn, Counterpart = "A" }),
            Move(deal, DealStage.Stalled, new StageFacts(), reason: "Budget frozen"));

        Assert.Single(results, r => r.Moved);
        var told = Assert.Single(results, r => !r.Moved);
        Assert.False(string.IsNullOrEmpty(told.Conflict));
        await using var db = crm.Database.CreateDbContext();
        var after = await db.Deals.Include(d => d.StageChanges).SingleAsync(d => d.Id == deal.Id);
        Assert.Equal(deal.Version + 1, after.Version);
        Assert.Equal(after.Stage, Assert.Single(after.StageChanges).ToStage);
    }

    [Fact]
    public async Task The_pipeline_shows_amounts_in_yuan_too_at_the_rate_of_its_editions_year()
    {
        var current = await crm.SendAs(crm.TeamMember, new ListPipeline.Query(9, crm.TeamMember.TeamIds[0]));
        var earlier = await crm.SendAs(crm.Manager, new ListPipeline.Query(8));

        Assert.Equal((7.1m, 7_100_000m), (current.CnyPerUsd, current.InYuan(1_000_000m)));
        Assert.Equal(7.18m, earlier.CnyPerUsd); // 2025
        Assert.Null(current.InYuan(null));
    }

    private Task<MoveDealStage.Result> Move(Deal deal, DealStage to, StageFacts facts, string? reason = null) =>
        crm.SendAs(crm.TeamMember, new MoveDealStage.Command(deal.Id, deal.Version, deal.Kind, deal.Stage, to, reason, facts, "Call the investor", Due));

    /// <summary>A new investment deal of the member's first team at the stage, with an exhibitor of the current edition.</summary>
    private async Task<Deal> DealAsync(DealStage stage)
    {
        await using var db = crm.Database.CreateDbContext();
        var exhibitor = await db.Exhibitors.Where(e => e.Edition!.Status == EditionStatus.Current).OrderBy(e => e.Id).FirstAsync();
        var number = await db.Deals.CountAsync(d => d.Code.StartsWith("D09-7")) + 1;
        var deal = new Deal
        {
            Code = $"D09-7{number:00000}", EditionId = exhibitor.EditionId, Kind = MatchKind.Investment, ExhibitorId = exhibitor.Id,
            PromotionTeamId = crm.TeamMember.TeamIds[0], Stage = stage, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.Deals.Add(deal);
        await db.SaveChangesAsync();
        return deal;
    }

    private async Task AssertUnchangedAsync(Deal deal)
    {
        await using var db = crm.Database.CreateDbContext();
        var after = await db.Deals.Include(d => d.StageChanges).SingleAsync(d => d.Id == deal.Id);
        Assert.Equal((deal.Stage, deal.Version), (after.Stage, after.Version));
        Assert.Empty(after.StageChanges);
    }
}
