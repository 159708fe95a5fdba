using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// One deal per pair: an exhibitor and its counterpart (a buyer or a promotion team) have at most one deal that is not
/// lost in an edition, whoever opened it (an accepted match, a held meeting, a person or an import). Looked up across
/// everyone's deals, so none is duplicated; new deals are numbered in the edition's sequence.
/// </summary>
internal static class PairDeals
{
    private const int Attempts = 5;

    /// <summary>The pair's deals that are not lost, oldest first, whoever reads.</summary>
    public static IQueryable<Deal> Of(CrmDbContext db, int editionId, MatchKind kind, int exhibitorId, int? buyerId, int? teamId) =>
        db.Deals.IgnoreQueryFilters()
            .Where(d => d.EditionId == editionId && d.Kind == kind && d.ExhibitorId == exhibitorId && d.BuyerId == buyerId && d.PromotionTeamId == teamId
                && d.Stage != DealStage.Lost)
            .OrderBy(d => d.Id);

    /// <summary>A new deal at <paramref name="stage"/>, added to the context with its first stage change; numbered on save.</summary>
    public static Deal Open(CrmDbContext db, int editionId, MatchKind kind, int exhibitorId, int? buyerId, int? teamId, int? matchId, DealStage stage,
        string? userId, DateTime now, string? note = null)
    {
        var deal = new Deal
        {
            EditionId = editionId, Kind = kind, MatchId = matchId, ExhibitorId = exhibitorId, BuyerId = buyerId, PromotionTeamId = teamId,
            Stage = stage, OwnerUserId = userId, CreatedAt = now, UpdatedAt = now,
        };
        db.Deals.Add(deal);
        db.DealStageChanges.Add(new DealStageChange { Deal = deal, FromStage = null, ToStage = stage, ChangedAt = now, ChangedByUserId = userId, Note = note });
        return deal;
    }

    /// <summary>
    /// Saves the context with codes for the deals it adds. When another writer took a code in the meantime, the new deals
    /// draw again from the highest code saved (a few times); anything else is thrown as it is.
    /// </summary>
    public static async Task SaveAsync(CrmDbContext db, CancellationToken ct)
    {
        var added = db.ChangeTracker.Entries<Deal>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        for (var attempt = 1; ; attempt++)
        {
            await NumberAsync(db, added, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && added.Count > 0 && attempt < Attempts)
            {
                // Draw again: a failed save leaves the context as it was.
            }
        }
    }

    private static async Task NumberAsync(CrmDbContext db, IReadOnlyList<Deal> added, CancellationToken ct)
    {
        foreach (var edition in added.GroupBy(d => d.EditionId))
        {
            var number = await db.Editions.Where(e => e.Id == edition.Key).Select(e => e.Number).SingleAsync(ct);
            var prefix = Deal.CodePrefix(number);
            var next = await SequentialCodes.NextNumberAsync(db.Deals.IgnoreQueryFilters().Select(d => d.Code), prefix, Deal.CodeDigits, ct);
            foreach (var deal in edition)
            {
                deal.Code = SequentialCodes.Format(prefix, next++, Deal.CodeDigits);
            }
        }
    }

    /// <summary>
    /// The pipeline item an accepted match becomes: when both sides have accepted, the pair's deal is opened at Contacted
    /// (or, when the pair already has one, opened by hand or imported, that deal is tied to the match). Call before saving.
    /// </summary>
    public static async Task OpenForAcceptedAsync(CrmDbContext db, IReadOnlyCollection<Match> matches, string? userId, DateTime now, CancellationToken ct)
    {
        var accepted = matches.Where(m => m.CounterpartDecision == MatchDecision.Accepted && m.ExhibitorDecision == MatchDecision.Accepted).ToList();
        if (accepted.Count == 0)
        {
            return;
        }
        var ids = accepted.Select(m => m.Id).ToList();
        var withDeal = (await db.Deals.IgnoreQueryFilters().Where(d => d.MatchId != null && ids.Contains(d.MatchId.Value))
            .Select(d => d.MatchId!.Value).ToListAsync(ct)).ToHashSet();
        var open = accepted.Where(m => !withDeal.Contains(m.Id)).ToList();
        if (open.Count == 0)
        {
            return;
        }
        // The pairs' existing deals (opened by hand or imported), read once for the whole batch.
        var exhibitors = open.Select(m => m.ExhibitorId).Distinct().ToList();
        var editions = open.Select(m => m.EditionId).Distinct().ToList();
        var existing = await db.Deals.IgnoreQueryFilters()
            .Where(d => exhibitors.Contains(d.ExhibitorId) && editions.Contains(d.EditionId) && d.Stage != DealStage.Lost)
            .OrderBy(d => d.Id).ToListAsync(ct);
        foreach (var match in open)
        {
            var deal = existing.FirstOrDefault(d => d.EditionId == match.EditionId && d.Kind == match.Kind && d.ExhibitorId == match.ExhibitorId
                && d.BuyerId == match.BuyerId && d.PromotionTeamId == match.PromotionTeamId);
            if (deal is not null)
            {
                deal.MatchId ??= match.Id;
                continue;
            }
            Open(db, match.EditionId, match.Kind, match.ExhibitorId, match.BuyerId, match.PromotionTeamId, match.Id, DealStage.Contacted, userId, now);
        }
    }
}
