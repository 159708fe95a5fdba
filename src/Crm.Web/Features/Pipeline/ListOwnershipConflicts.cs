using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// Ownership conflicts (撞单) for the managers who settle them: the exhibitors of an edition (the current one unless
/// given) that two or more promotion teams pursue with open investment deals, each with the teams' deals.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class ListOwnershipConflicts
{
    public sealed record Query(int? EditionNumber = null) : IRequest<IReadOnlyList<Conflict>>;

    public sealed record Conflict(int ExhibitorId, string Company, string CompanyZh, string? Booth, IReadOnlyList<Claim> Claims);

    public sealed record Claim(int TeamId, string Team, string TeamZh, int DealId, string DealCode, DealStage Stage, decimal? IntendedValueUsd,
        DateTime UpdatedAt);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Conflict>>
    {
        public async Task<IReadOnlyList<Conflict>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var edition = request.EditionNumber
                ?? await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => (int?)e.Number).FirstOrDefaultAsync(cancellationToken);
            var claims = await OwnershipConflicts.OpenClaims(db, edition)
                .Where(d => OwnershipConflicts.Contested(db, edition).Contains(d.ExhibitorId))
                .Select(d => new
                {
                    d.ExhibitorId, d.Exhibitor!.Company!.Name, d.Exhibitor.Company.NameZh, d.Exhibitor.Booth,
                    Claim = new Claim(d.PromotionTeamId!.Value, d.PromotionTeam!.Name, d.PromotionTeam.NameZh, d.Id, d.Code, d.Stage, d.IntendedValueUsd, d.UpdatedAt),
                })
                .ToListAsync(cancellationToken);
            return claims.GroupBy(c => c.ExhibitorId)
                .Select(g => new Conflict(g.Key, g.First().Name, g.First().NameZh, g.First().Booth,
                    g.Select(c => c.Claim).OrderBy(c => c.TeamZh, StringComparer.Ordinal).ThenBy(c => c.DealCode, StringComparer.Ordinal).ToList()))
                .OrderBy(c => c.CompanyZh, StringComparer.Ordinal)
                .ToList();
        }
    }
}

/// <summary>What counts as a claim on an exhibitor's investment: an open investment deal of a team in the edition.</summary>
internal static class OwnershipConflicts
{
    private static readonly DealStage[] _investmentClosed = [.. DealStages.Closed(MatchKind.Investment)];

    /// <summary>Every team's open investment deals of the edition, whoever reads (a conflict is between teams).</summary>
    public static IQueryable<Deal> OpenClaims(CrmDbContext db, int? edition) =>
        db.Deals.IgnoreQueryFilters().Where(d => d.Kind == MatchKind.Investment && d.PromotionTeamId != null && !_investmentClosed.Contains(d.Stage)
            && d.Edition!.Number == edition);

    /// <summary>The exhibitors of the edition that more than one team claims.</summary>
    public static IQueryable<int> Contested(CrmDbContext db, int? edition) =>
        OpenClaims(db, edition).GroupBy(d => d.ExhibitorId).Where(g => g.Select(d => d.PromotionTeamId).Distinct().Count() > 1).Select(g => g.Key);
}
