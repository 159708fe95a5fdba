
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

/// <summary>Pipeline items and the outcomes of earlier editions. New deals get their stage history from their dates.</summary>
public sealed class DealsKind : CsvKind<DealsKind.Row, Deal>
{
    public sealed record Row(string Code, int EditionId, MatchKind Kind, int ExhibitorId, int? BuyerId, int? TeamId, DealStage Stage,
        string? LostReason, DateOnly? MetOn, decimal? IntendedValueUsd, DateOnly? IntentSignedOn, decimal? ContractValueUsd,
        DateOnly? ContractSignedOn, DateOnly? LandedOn, decimal? RegisteredCapitalUsd, decimal? CapexUsd, int? Jobs,
        DateOnly? StartOfWorksOn, int? SigningEventId);

    private static readonly DealStage[] _intentOrLater = [DealStage.IntentSigned, DealStage.ContractSigned, DealStage.Delivered, DealStage.Landed, DealStage.Operational];
    private static readonly DealStage[] _contractOrLater = [DealStage.ContractSigned, DealStage.Delivered, DealStage.Landed, DealStage.Operational];
    private static readonly DealStage[] _landedOrLater = [DealStage.Landed, DealStage.Operational];

    public override string Name => "deals";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("code", true), new("edition", true), new("kind", true), new("exhibitor", true), new("buyer"), new("team"), new("stage", true),
        new("lost_reason"), new("met_on"), new("intended_value_usd"), new("intent_signed_on"), new("contract_value_usd"), new("contract_signed_on"),
        new("landed_on"), new("registered_capital_usd"), new("capex_usd"), new("jobs"), new("start_of_works_on"), new("signing_event"),
    ];

    protected override async Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct)
    {
        await lookups.LoadEditionsAsync(db, ct);
        await lookups.LoadExhibitorsAsync(db, ct);
        await lookups.LoadBuyersAsync(db, ct);
        await lookups.LoadTeamsAsync(db, ct);
        await lookups.LoadSigningEventsAsync(db, ct);
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
        var jobs = row.Int("jobs", min: 0);
        var startOfWorks = row.Date("start_of_works_on");
        var signingCode = row.Text("signing_event", 32);
        var signing = lookups.Id(row, "signing_event", signingCode, signingCode ?? "", lookups.SigningEvents, "signingEvent");

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
            : null;
    }

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
                }).AsAsyncEnumerable(),
            d =>
            [
                d.Code, CsvFormat.Number(d.Number), d.Kind.ToString(), d.Exhibitor, d.Buyer, d.Team, d.Stage.ToString(), d.LostReason,
                CsvFormat.Date(d.MetOn is { } met ? DateOnly.FromDateTime(met) : null), CsvFormat.Number(d.IntendedValueUsd),
                CsvFormat.Date(d.IntentSignedOn), CsvFormat.Number(d.ContractValueUsd), CsvFormat.Date(d.ContractSignedOn), CsvFormat.Date(d.LandedOn),
                CsvFormat.Number(d.RegisteredCapitalUsd), CsvFormat.Number(d.CapexUsd), CsvFormat.Number(d.Jobs), CsvFormat.Date(d.StartOfWorksOn),
                d.SigningEvent,
            ], ct);
}
