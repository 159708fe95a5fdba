using Crm.Data;
using Crm.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.ServiceIssues;

/// <summary>How old an issue is, in days of the expo's calendar (Shanghai), and the bands the desk reports open issues in.</summary>
public static class ServiceIssueAge
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public enum Band { UpToOneDay, TwoToThreeDays, FourToSevenDays, OverAWeek }

    public static IReadOnlyList<Band> Bands { get; } = Enum.GetValues<Band>();

    /// <summary>Days from the day it was raised to the day it was resolved, or to today while it is open.</summary>
    public static int Days(DateTime raisedAtUtc, DateTime? resolvedAtUtc, DateOnly today)
    {
        var raised = DayOf(raisedAtUtc);
        var until = resolvedAtUtc is { } resolved ? DayOf(resolved) : today;
        return Math.Max(0, until.DayNumber - raised.DayNumber);
    }

    public static Band BandOf(int days) => days switch
    {
        <= 1 => Band.UpToOneDay,
        <= 3 => Band.TwoToThreeDays,
        <= 7 => Band.FourToSevenDays,
        _ => Band.OverAWeek,
    };

    private static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Shanghai));
}

/// <summary>The edition an issue list or report is about: the one asked for, else the current one, else the newest.</summary>
internal static class ServiceIssueEditions
{
    public static async Task<(int Id, int Number)?> FindAsync(CrmDbContext db, int? number, CancellationToken ct)
    {
        var edition = await db.Editions.AsNoTracking()
            .Where(e => number == null ? e.Status == EditionStatus.Current : e.Number == number)
            .Select(e => new { e.Id, e.Number }).FirstOrDefaultAsync(ct)
            ?? await db.Editions.AsNoTracking().Where(e => number == null).OrderByDescending(e => e.Number)
                .Select(e => new { e.Id, e.Number }).FirstOrDefaultAsync(ct);
        return edition is null ? null : (edition.Id, edition.Number);
    }
}
