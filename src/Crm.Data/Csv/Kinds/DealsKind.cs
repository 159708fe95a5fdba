
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

/// <summary>
/// Pipeline items and the outcomes of earlier editions. New deals get their stage history from their dates. The columns
/// the pipeline added later (<see cref="Later"/>) are optional: a file without one leaves that field of an existing deal
/// as it is, so files written before them stay valid and change nothing they do not name.
/// </summary>
public sealed class DealsKind : CsvKind<DealsKind.Row, Deal>
{
    public sealed record Row(string Code, int EditionId, MatchKind Kind, int ExhibitorId, int? BuyerId, int? TeamId, DealStage Stage,
        string? LostReason, DateOnly? MetOn, decimal? IntendedValueUsd, DateOnly? IntentSignedOn, decimal? ContractValueUsd,
        DateOnly? ContractSignedOn, DateOnly? LandedOn, decimal? RegisteredCapitalUsd, decimal? CapexUsd, int? Jobs,
        DateOnly? StartOfWorksOn, int? SigningEventId)
    {
        /// <summary>Which of the later columns the file has.</summary>
        public Later Given { get; init; }

        public string? Counterpart { get; init; }
        public decimal? IntendedValue { get; init; }
        public DealCurrency? IntendedCurrency { get; init; }
        public decimal? ContractValue { get; init; }
        public DealCurrency? ContractCurrency { get; init; }
        public string? RegisteredEntity { get; init; }
        public string? DistrictCode { get; init; }
        public int? ActualJobs { get; init; }
        public decimal? ActualInvestmentUsd { get; init; }
        public string? NextStep { get; init; }
        public DateOnly? NextStepDueOn { get; init; }
    }

    /// <summary>The groups of columns added with the pipeline's stage facts; each may be left out of a file.</summary>
    [Flags]
    public enum Later
    {
        None = 0,
        Counterpart = 1,
        Intended = 2,
        Contract = 4,
        RegisteredEntity = 8,
        District = 16,
        ActualJobs = 32,
        ActualInvestment = 64,
        NextStep = 128,
    }

    /// <summary>
    /// How far a value in US$ may be from the value as signed in yuan converted at the edition year's average rate: 1 %
    /// (a deal may have been converted at the day's rate, or the table's yearly average revised since).
    /// </summary>
    public const decimal YuanTolerance = 0.01m;

    /// <summary>Stages at which a deal is closed and has no next step (lost, or at the end of its track).</summary>
    private static readonly DealStage[] _closed = [DealStage.Lost, DealStage.Delivered, DealStage.Operational];

    private static readonly DealStage[] _intentOrLater = [DealStage.IntentSigned, DealStage.ContractSigned, DealStage.Delivered, DealStage.Landed, DealStage.Operational];
    private static readonly DealStage[] _contractOrLater = [DealStage.ContractSigned, DealStage.Delivered, DealStage.Landed, DealStage.Operational];
    private static readonly DealStage[] _landedOrLater = [DealStage.Landed, DealStage.Operational];

    public override string Name => "deals";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("code", true), new("edition", true), new("kind", true), new("exhibitor", true), new("buyer"), new("team"), new("stage", true),
        new("lost_reason"), new("met_on"), new("intended_value_usd"), new("intent_signed_on"), new("contract_value_usd"), new("contract_signed_on"),
        new("landed_on"), new("registered_capital_usd"), new("capex_usd"), new("jobs"), new("start_of_works_on"), new("signing_event"),
        new("counterpart"), new("intended_value"), new("intended_currency"), new("contract_value"), new("contract_currency"),
        new("registered_entity"), new("district"), new("actual_jobs"), new("actual_investment_usd"), new("next_step"), new("next_step_due_on"),
    ];

    protected override async Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct)
    {
        await lookups.LoadEditionsAsync(db, ct);
        await lookups.LoadExhibitorsAsync(db, ct);
        await lookups.LoadBuyersAsync(db, ct);
        await lookups.LoadTeamsAsync(db, ct);
        await lookups.LoadSigningEventsAsync(db, ct);
        await lookups.LoadEditionYearsAsync(db, ct);
        await lookups.LoadExchangeRatesAsync(db, ct);
        await lookups.LoadDistrictsAsync(db, ct);
    }

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var code = row.RequiredText("code", 32);
        var edition = lookups.Edition(row);
        var kind = row.Enum<MatchKind>("kind", required: true);
        var (exhibitorCode, exhibitor) = lookups.Participant(row, "exhibitor", edition, lookups.Exhibitors, "exhibitor", required: true);
        var (buyerCode, buyer) = lookups.Participant(row, "buyer", edition, lookups.Buyers, "buyer");
        var teamCode = row.Text("team", 32);
        var team = lookups.Id(row, "team", teamCode, teamCode ?? "", lookups.Teams, "team");
        var stage = row.Enum<DealStage>("stage", required: true);
        var lostReason = row.Text("lost_reason", 500);
        var metOn = row.Date("met_on");
        var intended = row.Decimal("intended_value_usd");
        var intentOn = row.Date("intent_signed_on");
        var contractValue = row.Decimal("contract_value_usd");
        var contractOn = row.Date("contract_signed_on");
        var landedOn = row.Date("landed_on");
        var capital = row.Decimal("registered_capital_usd");
        var capex = row.Decimal("capex_usd");
        var jobs = row.Int("jobs", min: 0, max: Deal.MaxJobs);
        var startOfWorks = row.Date("start_of_works_on");
        var signingCode = row.Text("signing_event", 32);
        var signing = lookups.Id(row, "signing_event", signingCode, signingCode ?? "", lookups.SigningEvents, "signingEvent");
        var counterpart = row.Text("counterpart", Deal.NameMaxLength);
        var year = edition is { } id && lookups.EditionYears.TryGetValue(id, out var y) ? y : (int?)null;
        decimal? rate = year is { } yy && lookups.CnyPerUsd.TryGetValue(yy, out var r) ? r : null;
        (var intendedAsSigned, var intendedCurrency, intended) = AsSigned(row, "intended_value", "intended_currency", "intended_value_usd", intended, year, rate);
        (var contractAsSigned, var contractCurrency, contractValue) = AsSigned(row, "contract_value", "contract_currency", "contract_value_usd", contractValue, year, rate);
        var entity = row.Text("registered_entity", Deal.NameMaxLength);
        var district = lookups.Code(row, "district", lookups.Districts, "district", required: false);
        var actualJobs = row.Int("actual_jobs", min: 0, max: Deal.MaxJobs);
        var actualInvestment = row.Decimal("actual_investment_usd");
        var nextStep = row.Text("next_step", Deal.NextStepMaxLength);
        var nextStepDue = row.Date("next_step_due_on");
        if (nextStepDue is not null && row.Raw("next_step") is null)
        {
            row.Error("next_step", ImportText.Get("DueWithoutNextStep"));
        }
        if (stage is { } closed && _closed.Contains(closed) && (row.Raw("next_step") ?? row.Raw("next_step_due_on")) is not null)
        {
            row.Error(row.Raw("next_step") is null ? "next_step_due_on" : "next_step", ImportText.Get("ClosedHasNoNextStep", closed));
        }

        if (kind == MatchKind.Procurement && (buyerCode is null || teamCode is not null))
        {
            row.Error("buyer", ImportText.Get("KindCounterpart", kind, "buyer"));
        }
        if (kind == MatchKind.Investment && (teamCode is null || buyerCode is not null))
        {
            row.Error("team", ImportText.Get("KindCounterpart", kind, "team"));
        }
        if (stage is { } s)
        {
            if (_intentOrLater.Contains(s))
            {
                Need(row, s, intended, "intended_value_usd");
                Need(row, s, intentOn, "intent_signed_on");
            }
            if (_contractOrLater.Contains(s))
            {
                Need(row, s, contractOn, "contract_signed_on");
            }
            if (_landedOrLater.Contains(s))
            {
                Need(row, s, landedOn, "landed_on");
            }
            if (_landedOrLater.Contains(s) && kind == MatchKind.Procurement)
            {
                row.Error("stage", ImportText.Get("StageKindMismatch", s, MatchKind.Investment));
            }
            if (s == DealStage.Delivered && kind == MatchKind.Investment)
            {
                row.Error("stage", ImportText.Get("StageKindMismatch", s, MatchKind.Procurement));
            }
        }
        InOrder(row, metOn, "met_on", intentOn, "intent_signed_on");
        InOrder(row, intentOn, "intent_signed_on", contractOn, "contract_signed_on");
        InOrder(row, contractOn, "contract_signed_on", landedOn, "landed_on");
        InOrder(row, landedOn, "landed_on", startOfWorks, "start_of_works_on");

        return row.IsValid
            ? new Row(code, edition!.Value, kind!.Value, exhibitor!.Value, buyer, team, stage!.Value, lostReason, metOn, intended, intentOn,
                contractValue, contractOn, landedOn, capital, capex, jobs, startOfWorks, signing)
            {
                Given = Given(row),
                Counterpart = counterpart,
                IntendedValue = intendedAsSigned,
                IntendedCurrency = intendedCurrency,
                ContractValue = contractAsSigned,
                ContractCurrency = contractCurrency,
                RegisteredEntity = entity,
                DistrictCode = district,
                ActualJobs = actualJobs,
                ActualInvestmentUsd = actualInvestment,
                NextStep = nextStep,
                NextStepDueOn = nextStepDue,
            }
            : null;
    }

    private static Later Given(CsvRow row)
    {
        var given = Later.None;
        void If(Later group, params string[] columns)
        {
            if (columns.Any(row.HasColumn))
            {
                given |= group;
            }
        }
        If(Later.Counterpart, "counterpart");
        If(Later.Intended, "intended_value", "intended_currency");
        If(Later.Contract, "contract_value", "contract_currency");
        If(Later.RegisteredEntity, "registered_entity");
        If(Later.District, "district");
        If(Later.ActualJobs, "actual_jobs");
        If(Later.ActualInvestment, "actual_investment_usd");
        If(Later.NextStep, "next_step", "next_step_due_on");
        return given;
    }

    /// <summary>
    /// A value as signed and its currency (both or neither), checked against the row's value in US$: in US$ the two are
    /// equal; in yuan the US$ value is converted at the edition year's rate when the row leaves it empty, and otherwise
    /// must agree with that conversion within <see cref="YuanTolerance"/>. Returns the US$ value to keep.
    /// </summary>
    private static (decimal? Value, DealCurrency? Currency, decimal? Usd) AsSigned(CsvRow row, string valueColumn, string currencyColumn,
        string usdColumn, decimal? usd, int? year, decimal? rate)
    {
        var value = row.Decimal(valueColumn);
        var currency = Currency(row, currencyColumn);
        if ((row.Raw(valueColumn) is null) != (row.Raw(currencyColumn) is null))
        {
            var missing = row.Raw(valueColumn) is null ? valueColumn : currencyColumn;
            row.Error(missing, ImportText.Get("ValueNeedsCurrency", valueColumn, currencyColumn));
            return (null, null, usd);
        }
        if (value is not { } amount || currency is not { } signedIn)
        {
            return (null, null, usd);
        }
        if (signedIn == DealCurrency.Usd)
        {
            if (usd is { } given && given != amount)
            {
                row.Error(usdColumn, ImportText.Get("UsdNotEqual", usdColumn, Invariant(given), valueColumn, Invariant(amount)));
            }
            return (amount, signedIn, amount);
        }
        if (rate is not { } cnyPerUsd)
        {
            if (year is not null)
            {
                row.Error(currencyColumn, ImportText.Get("NoYuanRate", year));
            }
            return (null, null, usd);
        }
        var converted = Math.Round(amount / cnyPerUsd, 2);
        if (usd is { } stated && Math.Abs(stated - converted) > converted * YuanTolerance + 0.01m)
        {
            row.Error(usdColumn, ImportText.Get("UsdDisagreesAtRate", usdColumn, Invariant(stated), valueColumn, Invariant(amount), year,
                Invariant(cnyPerUsd), Invariant(converted)));
        }
        return (amount, signedIn, usd ?? converted);
    }

    /// <summary>A currency code: USD or CNY (any case).</summary>
    private static DealCurrency? Currency(CsvRow row, string column)
    {
        switch (row.Raw(column)?.ToUpperInvariant())
        {
            case null:
                return null;
            case "USD":
                return DealCurrency.Usd;
            case "CNY":
                return DealCurrency.Cny;
            default:
                row.Error(column, ImportText.Get("NotOneOf", row.Raw(column), "USD, CNY"));
                return null;
        }
    }

    /// <summary>How a currency is written in a file.</summary>
    private static string? CurrencyCode(DealCurrency? currency) => currency switch
    {
        DealCurrency.Usd => "USD",
        DealCurrency.Cny => "CNY",
        _ => null,
    };

    private static string Invariant(decimal value) => value.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture);

    private static void Need<T>(CsvRow row, DealStage stage, T? value, string column) where T : struct
    {
        if (value is null)
        {
            row.Error(column, ImportText.Get("StageNeeds", stage, column));
        }
    }

    private static void InOrder(CsvRow row, DateOnly? earlier, string earlierColumn, DateOnly? later, string laterColumn)
    {
        if (earlier is not null && later is not null && later < earlier)
        {
            row.Error(laterColumn, ImportText.Get("DatesOutOfOrder", laterColumn, earlierColumn));
        }
    }

    protected override string KeyOf(Row row) => row.Code;

    protected override async Task<Dictionary<string, Deal>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var codes = chunk.Select(r => r.Code).ToList();
        return await db.Deals.Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.OrdinalIgnoreCase, ct);
    }

    protected override void Assign(Deal e, Row r, ImportLookups lookups, bool isNew)
    {
        var now = DateTime.UtcNow;
        if (isNew)
        {
            e.StageChanges = History(r, now);
            e.CreatedAt = e.StageChanges.Count > 0 ? e.StageChanges.Min(c => c.ChangedAt) : now;
        }
        else if (e.Stage != r.Stage)
        {
            e.StageChanges.Add(new DealStageChange { FromStage = e.Stage, ToStage = r.Stage, ChangedAt = now, Note = "import" });
        }
        e.Code = r.Code;
        e.EditionId = r.EditionId;
        e.Kind = r.Kind;
        e.ExhibitorId = r.ExhibitorId;
        e.BuyerId = r.BuyerId;
        e.PromotionTeamId = r.TeamId;
        e.Stage = r.Stage;
        e.LostReason = r.LostReason;
        // A value as signed describes its US$ value: when the file leaves the as-signed columns out and changes the US$
        // value, the one kept no longer fits and is dropped.
        if (r.Given.HasFlag(Later.Intended))
        {
            (e.IntendedValue, e.IntendedCurrency) = (r.IntendedValue, r.IntendedCurrency);
        }
        else if (e.IntendedValueUsd != r.IntendedValueUsd)
        {
            (e.IntendedValue, e.IntendedCurrency) = (null, null);
        }
        if (r.Given.HasFlag(Later.Contract))
        {
            (e.ContractValue, e.ContractCurrency) = (r.ContractValue, r.ContractCurrency);
        }
        else if (e.ContractValueUsd != r.ContractValueUsd)
        {
            (e.ContractValue, e.ContractCurrency) = (null, null);
        }
        e.IntendedValueUsd = r.IntendedValueUsd;
        e.IntentSignedOn = r.IntentSignedOn;
        e.ContractValueUsd = r.ContractValueUsd;
        e.ContractSignedOn = r.ContractSignedOn;
        e.LandedOn = r.LandedOn;
        e.RegisteredCapitalUsd = r.RegisteredCapitalUsd;
        e.CapexUsd = r.CapexUsd;
        e.Jobs = r.Jobs;
        e.StartOfWorksOn = r.StartOfWorksOn;
        e.SigningEventId = r.SigningEventId;
        if (r.Given.HasFlag(Later.Counterpart))
        {
            e.Counterpart = r.Counterpart;
        }
        if (r.Given.HasFlag(Later.RegisteredEntity))
        {
            e.RegisteredEntity = r.RegisteredEntity;
        }
        if (r.Given.HasFlag(Later.District))
        {
            e.DistrictCode = r.DistrictCode;
        }
        if (r.Given.HasFlag(Later.ActualJobs))
        {
            e.ActualJobs = r.ActualJobs;
        }
        if (r.Given.HasFlag(Later.ActualInvestment))
        {
            e.ActualInvestmentUsd = r.ActualInvestmentUsd;
        }
        if (r.Given.HasFlag(Later.NextStep))
        {
            (e.NextStep, e.NextStepDueOn) = (r.NextStep, r.NextStepDueOn);
        }
        if (isNew || e.UpdatedAt == default)
        {
            e.UpdatedAt = e.StageChanges.Count > 0 ? e.StageChanges.Max(c => c.ChangedAt) : now;
        }
    }

    /// <summary>One stage change per dated step (met → intent → contract → landed → operational), then the final stage if different.</summary>
    private static List<DealStageChange> History(Row r, DateTime now)
    {
        var steps = new List<(DealStage Stage, DateOnly On)>();
        void Step(DealStage stage, DateOnly? on)
        {
            if (on is { } date)
            {
                steps.Add((stage, date));
            }
        }
        Step(DealStage.Met, r.MetOn);
        Step(DealStage.IntentSigned, r.IntentSignedOn);
        Step(DealStage.ContractSigned, r.ContractSignedOn);
        if (r.Stage == DealStage.Delivered)
        {
            Step(DealStage.Delivered, r.ContractSignedOn);
        }
        Step(DealStage.Landed, r.LandedOn);
        if (r.Stage == DealStage.Operational)
        {
            Step(DealStage.Operational, r.StartOfWorksOn ?? r.LandedOn);
        }
        var changes = new List<DealStageChange>();
        DealStage? from = null;
        foreach (var (stage, on) in steps)
        {
            changes.Add(new DealStageChange { FromStage = from, ToStage = stage, ChangedAt = on.ToDateTime(TimeOnly.MinValue), Note = "import" });
            from = stage;
        }
        if (from != r.Stage)
        {
            var at = steps.Count > 0 ? steps[^1].On.ToDateTime(TimeOnly.MinValue) : now;
            changes.Add(new DealStageChange { FromStage = from, ToStage = r.Stage, ChangedAt = at, Note = "import" });
        }
        return changes;
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.Deals.AsNoTracking().OrderBy(d => d.Code)
                .Select(d => new
                {
                    d.Code, d.Edition!.Number, d.Kind, Exhibitor = d.Exhibitor!.Company!.Code, Buyer = d.Buyer!.Company!.Code, Team = d.PromotionTeam!.Code,
                    d.Stage, d.LostReason,
                    MetOn = d.StageChanges.Where(c => c.ToStage == DealStage.Met).Select(c => (DateTime?)c.ChangedAt).Min(),
                    d.IntendedValueUsd, d.IntentSignedOn, d.ContractValueUsd, d.ContractSignedOn, d.LandedOn, d.RegisteredCapitalUsd, d.CapexUsd,
                    d.Jobs, d.StartOfWorksOn, SigningEvent = d.SigningEvent!.Code,
                    d.Counterpart, d.IntendedValue, d.IntendedCurrency, d.ContractValue, d.ContractCurrency, d.RegisteredEntity, d.DistrictCode,
                    d.ActualJobs, d.ActualInvestmentUsd, d.NextStep, d.NextStepDueOn,
                }).AsAsyncEnumerable(),
            d =>
            [
                d.Code, CsvFormat.Number(d.Number), d.Kind.ToString(), d.Exhibitor, d.Buyer, d.Team, d.Stage.ToString(), d.LostReason,
                CsvFormat.Date(d.MetOn is { } met ? DateOnly.FromDateTime(met) : null), CsvFormat.Number(d.IntendedValueUsd),
                CsvFormat.Date(d.IntentSignedOn), CsvFormat.Number(d.ContractValueUsd), CsvFormat.Date(d.ContractSignedOn), CsvFormat.Date(d.LandedOn),
                CsvFormat.Number(d.RegisteredCapitalUsd), CsvFormat.Number(d.CapexUsd), CsvFormat.Number(d.Jobs), CsvFormat.Date(d.StartOfWorksOn),
                d.SigningEvent,
                d.Counterpart, CsvFormat.Number(d.IntendedValue), CurrencyCode(d.IntendedCurrency), CsvFormat.Number(d.ContractValue),
                CurrencyCode(d.ContractCurrency), d.RegisteredEntity, d.DistrictCode, CsvFormat.Number(d.ActualJobs),
                CsvFormat.Number(d.ActualInvestmentUsd), d.NextStep, CsvFormat.Date(d.NextStepDueOn),
            ], ct);
}
