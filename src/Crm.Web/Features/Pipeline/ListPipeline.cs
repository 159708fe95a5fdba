using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// A promotion team member's investment pipeline (J1): the investment deals of one edition, optionally of one team and
/// one stage, with counts and intended value per stage. The row-level filters of the context decide which deals are
/// seen; asking for one team names it, so a team outside the user's reach is refused before the handler runs.
/// </summary>
public static class ListPipeline
{
    /// <param name="EditionNumber">The edition; by default the current one, or, while the current edition has no
    /// investment deals in the user's reach yet (before the show), the newest edition that has (the 365-day follow-up).</param>
    public sealed record Query(int? EditionNumber = null, int? TeamId = null, DealStage? Stage = null) : IRequest<Result>, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => TeamId is { } id ? [RecordRef.Team(id)] : [];
    }

    public sealed record Result(
        int? EditionNumber,
        IReadOnlyList<int> Editions,
        IReadOnlyList<TeamOption> Teams,
        IReadOnlyList<StageSummary> Stages,
        IReadOnlyList<Row> Rows,
        decimal? CnyPerUsd = null)
    {
        /// <summary>A US$ amount in yuan at the edition year's rate, or null when the year has no rate.</summary>
        public decimal? InYuan(decimal? usd) => usd * CnyPerUsd;

        /// <summary>The open deals' expected value summed (the team's, when one is chosen).</summary>
        public decimal ExpectedValueUsd => Stages.Where(s => DealStages.IsOpen(MatchKind.Investment, s.Stage)).Sum(s => s.ExpectedValueUsd);
    }

    public sealed record TeamOption(int Id, string Code, string Name, string NameZh);

    /// <summary>Deals, intended value and expected value (<see cref="StageProbabilities"/>) in one stage, before the stage filter.</summary>
    public sealed record StageSummary(DealStage Stage, int Deals, decimal IntendedValueUsd, decimal ExpectedValueUsd = 0);

    public sealed record Row(
        int DealId,
        string Code,
        MatchKind Kind,
        int CompanyId,
        string Company,
        string CompanyZh,
        string CountryEn,
        string CountryZh,
        string SectorEn,
        string SectorZh,
        int TeamId,
        string Team,
        string TeamZh,
        DealStage Stage,
        decimal? IntendedValueUsd,
        DateOnly? IntentSignedOn,
        DateOnly? LandedOn,
        long Version,
        string? NextStep = null,
        DateOnly? NextStepDueOn = null,
        decimal? ContractValueUsd = null,
        decimal? ExpectedValueUsd = null,
        int ExhibitorId = 0,
        IReadOnlyList<RivalTeam>? Rivals = null,
        DateTime UpdatedAt = default);

    /// <summary>Another team pursuing the same exhibitor with an open investment deal (撞单): only its name is shown.</summary>
    public sealed record RivalTeam(string Name, string NameZh);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, StageProbabilities probabilities) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var investments = db.Deals.AsNoTracking().Where(d => d.Kind == MatchKind.Investment);

            // Teams carry no deal values, so they have no row filter: the user's own reach lists them.
            var reach = db.Access;
            var teams = await db.PromotionTeams.AsNoTracking()
                .Where(t => reach.ReadsAll || reach.TeamIds.Contains(t.Id))
                .OrderBy(t => t.Code)
                .Select(t => new TeamOption(t.Id, t.Code, t.Name, t.NameZh))
                .ToListAsync(cancellationToken);

            var editions = await investments.Select(d => d.Edition!.Number).Distinct().OrderByDescending(n => n).ToListAsync(cancellationToken);
            var current = await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => (int?)e.Number).FirstOrDefaultAsync(cancellationToken);
            var edition = request.EditionNumber
                ?? (current is { } c && editions.Contains(c) ? c : editions.Cast<int?>().FirstOrDefault() ?? current);
            if (current is { } now && !editions.Contains(now))
            {
                editions.Insert(0, now);
            }

            var deals = investments.Where(d => d.Edition!.Number == edition);
            if (request.TeamId is { } teamId)
            {
                deals = deals.Where(d => d.PromotionTeamId == teamId);
            }
            var rows = await deals
                .OrderBy(d => d.Code)
                .Select(d => new Row(
                    d.Id, d.Code, d.Kind,
                    d.Exhibitor!.CompanyId, d.Exhibitor.Company!.Name, d.Exhibitor.Company.NameZh,
                    d.Exhibitor.Company.Country!.NameEn, d.Exhibitor.Company.Country.NameZh,
                    d.Exhibitor.Company.Sector!.NameEn, d.Exhibitor.Company.Sector.NameZh,
                    d.PromotionTeamId ?? 0, d.PromotionTeam!.Name, d.PromotionTeam.NameZh,
                    d.Stage, d.IntendedValueUsd, d.IntentSignedOn, d.LandedOn, d.Version, d.NextStep, d.NextStepDueOn, d.ContractValueUsd, null,
                    d.ExhibitorId, null, d.UpdatedAt))
                .ToListAsync(cancellationToken);
            var table = await probabilities.GetAsync(cancellationToken);
            // Every team's open claims on these exhibitors (across the row filter: a conflict is between teams), in one query.
            var claims = (await OwnershipConflicts.OpenClaims(db, edition)
                    .Where(o => OwnershipConflicts.Contested(db, edition).Contains(o.ExhibitorId))
                    .Select(o => new { o.ExhibitorId, TeamId = o.PromotionTeamId!.Value, o.PromotionTeam!.Name, o.PromotionTeam.NameZh })
                    .Distinct().ToListAsync(cancellationToken))
                .ToLookup(c => c.ExhibitorId);
            rows = rows.Select(r => r with
            {
                ExpectedValueUsd = StageProbabilities.ExpectedValue(table, r.Kind, r.Stage, r.ContractValueUsd, r.IntendedValueUsd),
                Rivals = DealStages.IsOpen(r.Kind, r.Stage)
                    ? claims[r.ExhibitorId].Where(c => c.TeamId != r.TeamId).Select(c => new RivalTeam(c.Name, c.NameZh)).ToList()
                    : [],
            }).ToList();

            var stages = DealStages.Investment.Append(DealStage.Stalled).Append(DealStage.Lost)
                .Select(s => new StageSummary(s, rows.Count(r => r.Stage == s), rows.Where(r => r.Stage == s).Sum(r => r.IntendedValueUsd ?? 0m),
                    rows.Where(r => r.Stage == s).Sum(r => r.ExpectedValueUsd ?? 0m)))
                .ToList();
            if (request.Stage is { } stage)
            {
                rows = rows.Where(r => r.Stage == stage).ToList();
            }
            var rate = await db.ExchangeRates.Where(r => db.Editions.Any(e => e.Number == edition && e.Year == r.Year))
                .Select(r => (decimal?)r.CnyPerUsd).SingleOrDefaultAsync(cancellationToken);
            return new Result(edition, editions, teams, stages, rows, rate);
        }
    }
}
