using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Matching;

/// <summary>
/// Reads what the matchmaking engine needs from the database, as plain inputs: reference data, every edition's
/// exhibitors and buyers, the promotion teams, and the outcomes of meetings and deals graded 0–3
/// (met, intent signed, contract signed or beyond, read from the deal's dates as the seed documents).
/// Models learn from everyone's data, so the engine reads through a context that works as the system.
/// </summary>
public static class MatchingDataLoader
{
    public static async Task<MatchingData> LoadAsync(CrmDbContext db, CancellationToken cancellationToken = default)
    {
        var editions = await db.Editions.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Number, cancellationToken);
        var categories = await db.ProductCategories.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new CategoryInput(c.Code, c.AreaCode, c.SectorCode)).ToListAsync(cancellationToken);
        var countries = await db.Countries.AsNoTracking().OrderBy(c => c.Code)
            .Select(c => new CountryInput(c.Code, c.Region, c.Language)).ToListAsync(cancellationToken);

        var exhibitors = (await db.Exhibitors.AsNoTracking().OrderBy(e => e.Id)
                .Select(e => new { e.Id, e.EditionId, e.CompanyId, e.Company!.CountryCode, e.Company.SectorCode, e.Company.IsFortune500, e.AreaCode, e.BoothAreaSqm, e.Categories, e.InterestedInInvesting, e.MeetingCapacity })
                .ToListAsync(cancellationToken))
            .Select(e => new ExhibitorInput(e.Id, editions[e.EditionId], e.CompanyId, e.CountryCode, e.SectorCode, e.IsFortune500, e.AreaCode,
                (double)e.BoothAreaSqm, e.Categories, e.InterestedInInvesting, e.MeetingCapacity))
            .ToList();

        // A buyer's delegation for the engine is its top-level delegation, named the same in every edition.
        var delegations = await db.TradeDelegations.AsNoTracking()
            .Select(d => new { d.Id, d.ParentId, d.Name }).ToDictionaryAsync(d => d.Id, cancellationToken);
        string? TopName(int? id)
        {
            if (id is null || !delegations.TryGetValue(id.Value, out var d))
            {
                return null;
            }
            while (d.ParentId is { } parent && delegations.TryGetValue(parent, out var up))
            {
                d = up;
            }
            return d.Name;
        }
        var buyers = (await db.Buyers.AsNoTracking().OrderBy(b => b.Id)
                .Select(b => new { b.Id, b.EditionId, b.CompanyId, b.SectorCode, b.WantedCategories, b.BudgetUsd, b.DelegationId })
                .ToListAsync(cancellationToken))
            .Select(b => new BuyerInput(b.Id, editions[b.EditionId], b.CompanyId, b.SectorCode, b.WantedCategories, (double)b.BudgetUsd, TopName(b.DelegationId)))
            .ToList();

        var teams = await db.PromotionTeams.AsNoTracking().OrderBy(t => t.Id)
            .Select(t => new TeamInput(t.Id, t.Code, t.FocusSectors)).ToListAsync(cancellationToken);

        var deals = await db.Deals.AsNoTracking()
            .Select(d => new { d.Kind, d.EditionId, d.ExhibitorId, d.BuyerId, d.PromotionTeamId, d.Stage, d.IntentSignedOn, d.ContractSignedOn, d.IntendedValueUsd })
            .ToListAsync(cancellationToken);
        var held = await db.Meetings.AsNoTracking()
            .Where(m => m.Status == MeetingStatus.Held)
            .Select(m => new { m.EditionId, m.ExhibitorId, m.BuyerId, m.PromotionTeamId })
            .ToListAsync(cancellationToken);
        var outcomes = new List<OutcomeInput>(deals.Count + held.Count);
        foreach (var d in deals)
        {
            var counterpart = d.BuyerId ?? d.PromotionTeamId;
            if (counterpart is null)
            {
                continue;
            }
            outcomes.Add(new OutcomeInput(Kind(d.Kind), editions[d.EditionId], d.ExhibitorId, counterpart.Value,
                Grade(d.Stage, d.IntentSignedOn, d.ContractSignedOn), (double?)d.IntendedValueUsd));
        }
        foreach (var m in held)
        {
            if ((m.BuyerId ?? m.PromotionTeamId) is { } counterpart)
            {
                outcomes.Add(new OutcomeInput(m.BuyerId is null ? PairKind.Investment : PairKind.Procurement,
                    editions[m.EditionId], m.ExhibitorId, counterpart, Grades.Met, null));
            }
        }
        return new MatchingData
        {
            Categories = categories,
            Countries = countries,
            Exhibitors = exhibitors,
            Buyers = buyers,
            Teams = teams,
            Outcomes = outcomes,
        };
    }

    public static PairKind Kind(MatchKind kind) => kind == MatchKind.Procurement ? PairKind.Procurement : PairKind.Investment;

    public static MatchKind Kind(PairKind kind) => kind == PairKind.Procurement ? MatchKind.Procurement : MatchKind.Investment;

    /// <summary>
    /// 3 once a contract is signed, 2 once an intent is signed, else 1 when the pair met (a deal exists only after a
    /// meeting), 0 for a deal still before its meeting.
    /// </summary>
    public static int Grade(DealStage stage, DateOnly? intentSignedOn, DateOnly? contractSignedOn) =>
        contractSignedOn is not null ? Grades.ContractSigned
        : intentSignedOn is not null ? Grades.IntentSigned
        : stage is DealStage.Proposed or DealStage.Contacted or DealStage.MeetingScheduled ? Grades.Nothing
        : Grades.Met;
}
