using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using Microsoft.Extensions.Localization;
using static Crm.Web.Features.Dashboard.ListDashboardRecords;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// The records of a dashboard figure in the user's language, as the records page and its export both show them: the
/// heading that says what they are, the names and words of each value, and the exported columns.
/// </summary>
public sealed class DashboardRecordsTable(IStringLocalizer<DashboardText> text, IStringLocalizer<PipelineText> pipeline, bool chinese)
{
    /// <summary>A name in the user's language (the English one where there is no Chinese).</summary>
    public string Name(string? name, string? nameZh) => chinese && !string.IsNullOrEmpty(nameZh) ? nameZh : name ?? "";

    public string Measure(DashboardMeasure measure) => text[$"RecordsMeasure_{measure}"];

    /// <summary>"Trade delegation: Shanghai", "Promotion team: (none)"; null without a breakdown row.</summary>
    public string? Row(DashboardSlice slice, RowName? row) => slice.By is { } by && row is not null
        ? text["RecordsRow", text[$"By_{by}"].Value, row.IsNone ? text["NoKey"].Value : Name(row.Name, row.NameZh)].Value
        : null;

    /// <summary>"CIIE 9 · Signed intents · Trade delegation: Shanghai · up to 12/2/2025" / "第9届进博会 · 意向签约 · 交易团：上海交易团 · 截至 2025/12/2".</summary>
    public string Heading(Result records) => string.Join(" · ", new[]
    {
        text["EditionName", records.Slice.EditionNumber].Value,
        Measure(records.Slice.Measure),
        Row(records.Slice, records.Row),
        records.Slice.Until is { } until ? text["RecordsUntil", Formatting.Date(until)].Value : null,
    }.Where(part => part is not null));

    public string FileName(Result records) =>
        text["ExportRecordsFileName", records.Slice.EditionNumber, Measure(records.Slice.Measure)]
        + (records.Row is { } row ? " - " + (row.IsNone ? text["NoKey"].Value : Name(row.Name, row.NameZh)) : "");

    public string Kind(MatchKind kind) => pipeline[$"Kind_{kind}"];

    public string Stage(DealStage stage) => pipeline[$"Stage_{stage}"];

    public string Status(MeetingStatus status) => text[$"RecordsStatus_{status}"];

    public string Place(MeetingPlace place) => text[$"RecordsPlace_{place}"];

    public string Decision(MatchDecision decision) => text[$"RecordsDecision_{decision}"];

    /// <summary>The deals' columns: amounts as numbers in US$, days as dates.</summary>
    public IReadOnlyList<TableColumn<DealRow>> DealColumns =>
    [
        new("code", text["RecordsColCode"], d => d.Code),
        new("kind", text["RecordsColKind"], d => Kind(d.Kind)),
        new("exhibitor", text["RecordsColExhibitor"], d => Name(d.Exhibitor, d.ExhibitorZh)),
        new("counterpart", text["RecordsColCounterpart"], d => Name(d.Counterpart, d.CounterpartZh)),
        new("delegation", text["RecordsColDelegation"], d => Name(d.Delegation, d.DelegationZh)),
        new("sector", text["RecordsColSector"], d => Name(d.Sector, d.SectorZh)),
        new("country", text["RecordsColCountry"], d => Name(d.Country, d.CountryZh)),
        new("stage", text["RecordsColStage"], d => Stage(d.Stage)),
        new("intendedValue", text["RecordsColIntendedValue"], d => d.IntendedValueUsd),
        new("intentSignedOn", text["RecordsColIntentSignedOn"], d => d.IntentSignedOn),
        new("contractValue", text["RecordsColContractValue"], d => d.ContractValueUsd),
        new("contractSignedOn", text["RecordsColContractSignedOn"], d => d.ContractSignedOn),
        new("landedOn", text["RecordsColLandedOn"], d => d.LandedOn),
        new("capex", text["RecordsColCapex"], d => d.CapexUsd),
        new("jobs", text["RecordsColJobs"], d => d.Jobs),
    ];

    /// <summary>The meetings' columns; the start on Shanghai's clocks.</summary>
    public IReadOnlyList<TableColumn<MeetingRow>> MeetingColumns =>
    [
        new("code", text["RecordsColCode"], m => m.Code),
        new("kind", text["RecordsColKind"], m => Kind(m.Kind)),
        new("startsAt", text["RecordsColStartsAt"], m => Crm.Data.ExpoClock.ToShanghai(m.StartsAt)),
        new("status", text["RecordsColStatus"], m => Status(m.Status)),
        new("exhibitor", text["RecordsColExhibitor"], m => Name(m.Exhibitor, m.ExhibitorZh)),
        new("counterpart", text["RecordsColCounterpart"], m => Name(m.Counterpart, m.CounterpartZh)),
        new("place", text["RecordsColPlace"], m => Place(m.Place)),
        new("table", text["RecordsColTable"], m => m.TableCode),
    ];

    /// <summary>The matches' columns; the moment proposed on Shanghai's clocks.</summary>
    public IReadOnlyList<TableColumn<MatchRow>> MatchColumns =>
    [
        new("kind", text["RecordsColKind"], m => Kind(m.Kind)),
        new("exhibitor", text["RecordsColExhibitor"], m => Name(m.Exhibitor, m.ExhibitorZh)),
        new("counterpart", text["RecordsColCounterpart"], m => Name(m.Counterpart, m.CounterpartZh)),
        new("score", text["RecordsColScore"], m => Math.Round(m.Score, 4)),
        new("rank", text["RecordsColRank"], m => m.Rank),
        new("exhibitorDecision", text["RecordsColExhibitorDecision"], m => Decision(m.ExhibitorDecision)),
        new("counterpartDecision", text["RecordsColCounterpartDecision"], m => Decision(m.CounterpartDecision)),
        new("createdAt", text["RecordsColCreated"], m => Crm.Data.ExpoClock.ToShanghai(m.CreatedAt)),
    ];
}
