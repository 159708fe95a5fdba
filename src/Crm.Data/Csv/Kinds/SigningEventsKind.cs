
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

/// <summary>
/// Collective signings. <c>recorded_on</c> (optional) says the signing took place and was recorded that day: an imported
/// past signing is recorded, so its deals no longer change through it. Recording is one-way: an empty or missing value
/// leaves an event's record as it is.
/// </summary>
public sealed class SigningEventsKind : CsvKind<SigningEventsKind.Row, SigningEvent>
{
    public sealed record Row(string Code, int EditionId, string Name, string NameZh, DateOnly HeldOn, string? Venue, DateOnly? RecordedOn = null);

    public override string Name => "signing-events";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
        [new("code", true), new("edition", true), new("name", true), new("name_zh", true), new("held_on", true), new("venue"), new("recorded_on")];

    protected override Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct) => lookups.LoadEditionsAsync(db, ct);

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var code = row.RequiredText("code", 32);
        var edition = lookups.Edition(row);
        var name = row.RequiredText("name", 200);
        var nameZh = row.RequiredText("name_zh", 100);
        var heldOn = row.Date("held_on", required: true);
        var venue = row.Text("venue", 200);
        var recordedOn = row.Date("recorded_on");
        if (recordedOn is { } recorded && heldOn is { } held && recorded < held)
        {
            row.Error("recorded_on", ImportText.Get("RecordedBeforeHeld"));
        }
        return row.IsValid ? new Row(code, edition!.Value, name, nameZh, heldOn!.Value, venue, recordedOn) : null;
    }

    protected override string KeyOf(Row row) => row.Code;

    protected override async Task<Dictionary<string, SigningEvent>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var codes = chunk.Select(r => r.Code).ToList();
        return await db.SigningEvents.Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.OrdinalIgnoreCase, ct);
    }

    protected override void Assign(SigningEvent e, Row r, ImportLookups lookups, bool isNew)
    {
        e.Code = r.Code;
        e.EditionId = r.EditionId;
        e.Name = r.Name;
        e.NameZh = r.NameZh;
        e.HeldOn = r.HeldOn;
        e.Venue = r.Venue;
        if (r.RecordedOn is { } recorded && e.RecordedAt is null)
        {
            e.RecordedAt = DateTime.SpecifyKind(recorded.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        }
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.SigningEvents.AsNoTracking().OrderBy(e => e.Code)
                .Select(e => new { e.Code, e.Edition!.Number, e.Name, e.NameZh, e.HeldOn, e.Venue, e.RecordedAt }).AsAsyncEnumerable(),
            e => [e.Code, CsvFormat.Number(e.Number), e.Name, e.NameZh, CsvFormat.Date(e.HeldOn), e.Venue,
                e.RecordedAt is { } at ? CsvFormat.Date(DateOnly.FromDateTime(at)) : null], ct);
}
