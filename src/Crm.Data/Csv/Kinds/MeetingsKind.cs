
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Data.Csv.Kinds;

public sealed class MeetingsKind : CsvKind<MeetingsKind.Row, Meeting>
{
    public sealed record Row(string Code, int EditionId, int ExhibitorId, int? BuyerId, int? TeamId, DateTime StartsAt, DateTime EndsAt,
        MeetingPlace Place, string? TableCode, MeetingStatus Status);

    public override string Name => "meetings";

    public override IReadOnlyList<CsvColumn> Columns { get; } =
    [
        new("code", true), new("edition", true), new("exhibitor", true), new("buyer"), new("team"), new("starts_at", true), new("ends_at", true),
        new("place", true), new("table_code"), new("status", true),
    ];

    protected override async Task LoadAsync(CrmDbContext db, ImportLookups lookups, CancellationToken ct)
    {
        await lookups.LoadEditionsAsync(db, ct);
        await lookups.LoadExhibitorsAsync(db, ct);
        await lookups.LoadBuyersAsync(db, ct);
        await lookups.LoadTeamsAsync(db, ct);
        // Who holds which slot already (a cancelled meeting holds none), by meeting code.
        var held = await db.Meetings.AsNoTracking().Where(m => m.Status != MeetingStatus.Cancelled)
            .Select(m => new { m.Code, m.EditionId, m.ExhibitorId, m.BuyerId, m.TableCode, m.StartsAt }).ToListAsync(ct);
        foreach (var m in held)
        {
            foreach (var slot in Slots(m.EditionId, m.ExhibitorId, m.BuyerId, m.TableCode, m.StartsAt))
            {
                lookups.HeldSlots[slot.Key] = m.Code;
            }
        }
    }

    private static IEnumerable<(string Key, string Column)> Slots(int edition, int exhibitor, int? buyer, string? table, DateTime start)
    {
        var at = start.Ticks;
        yield return ($"e/{exhibitor}/{at}", "exhibitor");
        if (buyer is not null)
        {
            yield return ($"b/{buyer}/{at}", "buyer");
        }
        if (table is not null)
        {
            yield return ($"t/{edition}/{table.ToUpperInvariant()}/{at}", "table_code");
        }
    }

    protected override Row? Read(CsvRow row, ImportLookups lookups)
    {
        var code = row.RequiredText("code", 32);
        var edition = lookups.Edition(row);
        var (exhibitorCode, exhibitor) = lookups.Participant(row, "exhibitor", edition, lookups.Exhibitors, "exhibitor", required: true);
        var (buyerCode, buyer) = lookups.Participant(row, "buyer", edition, lookups.Buyers, "buyer");
        var teamCode = row.Text("team", 32);
        var team = lookups.Id(row, "team", teamCode, teamCode ?? "", lookups.Teams, "team");
        if ((buyerCode is null) == (teamCode is null))
        {
            row.Error("buyer", ImportText.Get("ExactlyOneCounterpart"));
        }
        var starts = row.DateTime("starts_at", required: true);
        var ends = row.DateTime("ends_at", required: true);
        if (starts is not null && ends is not null && ends <= starts)
        {
            row.Error("ends_at", ImportText.Get("EndBeforeStart"));
        }
        var place = row.Enum<MeetingPlace>("place", required: true);
        var table = row.Text("table_code", 16);
        var status = row.Enum<MeetingStatus>("status", required: true);
        if (!row.IsValid)
        {
            return null;
        }
        if (status != MeetingStatus.Cancelled)
        {
            var taken = Slots(edition!.Value, exhibitor!.Value, buyer, table, ExpoClock.ToUtc(starts!.Value))
                .Where(s => lookups.HeldSlots.TryGetValue(s.Key, out var holder) && !string.Equals(holder, code, StringComparison.OrdinalIgnoreCase))
                .ToList();
            foreach (var (_, column) in taken)
            {
                var who = column switch { "exhibitor" => exhibitorCode, "buyer" => buyerCode, _ => table };
                row.Error(column, ImportText.Get("SlotTaken", ImportText.Get("Ref." + (column == "table_code" ? "table" : column)), who,
                    starts.Value.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)));
            }
            if (taken.Count > 0)
            {
                return null;
            }
            foreach (var slot in Slots(edition.Value, exhibitor.Value, buyer, table, ExpoClock.ToUtc(starts.Value)))
            {
                lookups.HeldSlots[slot.Key] = code;
            }
        }
        // The file's times are Shanghai's; the database keeps UTC.
        return new Row(code, edition!.Value, exhibitor!.Value, buyer, team, ExpoClock.ToUtc(starts!.Value), ExpoClock.ToUtc(ends!.Value), place!.Value,
            table, status!.Value);
    }

    protected override string KeyOf(Row row) => row.Code;

    protected override async Task<Dictionary<string, Meeting>> FindExistingAsync(CrmDbContext db, IReadOnlyList<Row> chunk, CancellationToken ct)
    {
        var codes = chunk.Select(r => r.Code).ToList();
        return await db.Meetings.Where(e => codes.Contains(e.Code)).ToDictionaryAsync(e => e.Code, StringComparer.OrdinalIgnoreCase, ct);
    }

    protected override void Assign(Meeting e, Row r, ImportLookups lookups, bool isNew)
    {
        e.Code = r.Code;
        e.EditionId = r.EditionId;
        e.ExhibitorId = r.ExhibitorId;
        e.BuyerId = r.BuyerId;
        e.PromotionTeamId = r.TeamId;
        e.StartsAt = r.StartsAt;
        e.EndsAt = r.EndsAt;
        e.Place = r.Place;
        e.TableCode = r.TableCode;
        e.Status = r.Status;
    }

    public override Task ExportAsync(CrmDbContext db, CsvRecordWriter csv, CancellationToken ct) =>
        CsvFormat.WriteAsync(csv, Columns, db.Meetings.AsNoTracking().OrderBy(m => m.Code)
                .Select(m => new
                {
                    m.Code, m.Edition!.Number, Exhibitor = m.Exhibitor!.Company!.Code, Buyer = m.Buyer!.Company!.Code, Team = m.PromotionTeam!.Code,
                    m.StartsAt, m.EndsAt, m.Place, m.TableCode, m.Status,
                }).AsAsyncEnumerable(),
            m =>
            [
                m.Code, CsvFormat.Number(m.Number), m.Exhibitor, m.Buyer, m.Team, CsvFormat.DateTime(ExpoClock.ToShanghai(m.StartsAt)),
                CsvFormat.DateTime(ExpoClock.ToShanghai(m.EndsAt)),
                m.Place.ToString(), m.TableCode, m.Status.ToString(),
            ], ct);
}
