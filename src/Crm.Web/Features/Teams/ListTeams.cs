using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Teams;

/// <summary>
/// The promotion teams (招商团队) with their district, park, industry focus and members, and, for the teams whose pipeline
/// the user reaches (managers and viewers: all; a team member: their own), the current edition's pipeline: open leads,
/// signed intents and their value. Other teams' pipelines are not the user's to count, so they are left empty.
/// </summary>
public static class ListTeams
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Id, string Code, string Name, string NameZh, string DistrictEn, string DistrictZh, string? Park,
        IReadOnlyList<string> FocusEn, IReadOnlyList<string> FocusZh, int Members, IReadOnlyList<string> Leads, Pipeline? Pipeline);

    /// <param name="Open">Leads not yet signed, stalled or lost.</param>
    public sealed record Pipeline(int Leads, int Open, int Signed, decimal SignedValueUsd);

    private static readonly DealStage[] Signed =
        [DealStage.IntentSigned, DealStage.ContractSigned, DealStage.Delivered, DealStage.Landed, DealStage.Operational];

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var teams = await db.PromotionTeams.AsNoTracking().OrderBy(t => t.Code)
                .Select(t => new
                {
                    t.Id, t.Code, t.Name, t.NameZh, DistrictEn = t.District!.NameEn, DistrictZh = t.District.NameZh, t.Park, t.FocusSectors,
                    Members = t.Members.Count,
                    Leads = t.Members.Where(m => m.IsLead).Select(m => m.User!.DisplayName).ToList(),
                })
                .ToListAsync(cancellationToken);
            var sectors = await db.Sectors.AsNoTracking().ToDictionaryAsync(s => s.Code, s => (s.NameEn, s.NameZh), cancellationToken);
            // Deals are filtered by the context: counted only where the user reaches the team.
            var pipelines = await db.Deals.AsNoTracking()
                .Where(d => d.Kind == MatchKind.Investment && d.PromotionTeamId != null && d.Edition!.Status == EditionStatus.Current)
                .GroupBy(d => d.PromotionTeamId!.Value)
                .Select(g => new
                {
                    Team = g.Key,
                    Leads = g.Count(),
                    Open = g.Count(d => !Signed.Contains(d.Stage) && d.Stage != DealStage.Stalled && d.Stage != DealStage.Lost),
                    Signed = g.Count(d => Signed.Contains(d.Stage)),
                    Value = g.Where(d => Signed.Contains(d.Stage)).Sum(d => d.IntendedValueUsd ?? 0m),
                })
                .ToDictionaryAsync(p => p.Team, cancellationToken);
            var reach = db.Access;
            return teams.Select(t => new Row(t.Id, t.Code, t.Name, t.NameZh, t.DistrictEn, t.DistrictZh, t.Park,
                    t.FocusSectors.Select(s => sectors.GetValueOrDefault(s).NameEn ?? s).ToList(),
                    t.FocusSectors.Select(s => sectors.GetValueOrDefault(s).NameZh ?? s).ToList(),
                    t.Members, t.Leads,
                    reach.ReadsAll || reach.TeamIds.Contains(t.Id)
                        ? pipelines.TryGetValue(t.Id, out var p) ? new Pipeline(p.Leads, p.Open, p.Signed, p.Value) : new Pipeline(0, 0, 0, 0)
                        : null))
                .ToList();
        }
    }
}
