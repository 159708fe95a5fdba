using Crm.Data.Entities;
using Crm.Web.Features.Meetings;
using Crm.Web.Tests.Access;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests.Meetings;

/// <summary>Sessions and accepted pairs over the small seed, for the tests of meetings (each test arranges its own).</summary>
internal static class MeetingArrangements
{
    public static readonly DateOnly OpeningDay = new(2026, 11, 5);

    /// <summary>
    /// A session on <paramref name="day"/> (the opening day unless given) from <paramref name="hour"/> for two hours, slots
    /// of 20 minutes, tables T{hour}-001 … (T{hour}D{day}- on another day, so that table codes never repeat within a slot).
    /// </summary>
    public static async Task<int> SessionAsync(this SeededCrm crm, int tables, int hour, DateOnly? day = null, bool interpreters = false)
    {
        var on = day ?? OpeningDay;
        var prefix = on == OpeningDay ? $"T{hour}" : $"T{hour}D{on.Day}";
        return await crm.SendAs(crm.Manager, new CreateSession.Command($"Session {hour}", $"对接会 {hour}", "国家会展中心", on,
            new TimeOnly(hour, 0), new TimeOnly(hour + 2, 0), 20, prefix, tables, interpreters));
    }

    /// <summary>
    /// A pair both sides accepted (or, unless <paramref name="confirmed"/>, only proposed) between the lead's buyer number
    /// <paramref name="buyerIndex"/> and the current edition's exhibitor number 60 + <paramref name="exhibitorIndex"/>, or
    /// number <paramref name="exhibitorIndex"/> of those whose country speaks <paramref name="language"/> when it is given.
    /// </summary>
    public static async Task<int> ConfirmedAsync(this SeededCrm crm, int buyerIndex, int exhibitorIndex, bool confirmed = true, double score = 1,
        string? language = null)
    {
        await using var db = crm.Database.CreateDbContext();
        var buyer = await db.Buyers.Where(b => b.Edition!.Status == EditionStatus.Current && crm.DelegationLead.DelegationIds.Contains(b.DelegationId!.Value))
            .OrderByDescending(b => b.Id).Skip(buyerIndex).FirstAsync();
        var exhibitor = await db.Exhibitors.Where(e => e.EditionId == buyer.EditionId && (language == null || e.Company!.Country!.Language == language))
            .OrderByDescending(e => e.Id).Skip(language == null ? 60 + exhibitorIndex : exhibitorIndex).FirstAsync();
        var decision = confirmed ? MatchDecision.Accepted : MatchDecision.Proposed;
        var match = new Match
        {
            EditionId = buyer.EditionId, Kind = MatchKind.Procurement, ExhibitorId = exhibitor.Id, BuyerId = buyer.Id, Score = score, Rank = 1,
            ModelVersion = "procurement-test", Explanation = "[]", CreatedAt = DateTime.UtcNow, CounterpartDecision = MatchDecision.Accepted,
            ExhibitorDecision = decision, RequestExpiresAt = confirmed ? null : DateTime.UtcNow.AddDays(1),
        };
        db.Matches.Add(match);
        await db.SaveChangesAsync();
        return match.Id;
    }
}
