using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// A pipeline of one kind and edition: a promotion team's investment deals (J1) or a delegation's procurement deals, with
/// counts, intended and expected value per stage. Filters: one team (investment) or delegation (procurement, with its
/// sub-delegations), a stage, the user's own deals, a text and what needs attention. The row-level filters of the
/// context decide which deals are seen; asking for one team or delegation names it, so one outside the user's reach is
/// refused before the handler runs.
/// </summary>
public static class ListPipeline
{
    /// <param name="EditionNumber">The edition; by default the current one, or, while the current edition has no
    /// investment deals in the user's reach yet (before the show), the newest edition that has (the 365-day follow-up).</param>
    /// <param name="Kind">By default investment, or procurement for a user who leads delegations and is in no team.</param>
    /// <param name="Mine">Only the deals the user owns ("my deals").</param>
    /// <param name="Search">Part of the deal's code, the exhibitor's or the counterpart's name (either language).</param>
    public sealed record Query(
        int? EditionNumber = null,
        int? TeamId = null,
        DealStage? Stage = null,
        MatchKind? Kind = null,
        bool Mine = false,
        int? DelegationId = null,
        string? Search = null,
        Attention? Attention = null) : IRequest<Result>, IRecordRequest
    {
        public IEnumerable<RecordRef> Records =>
            RecordRef.Given(TeamId is { } team ? RecordRef.Team(team) : null, DelegationId is { } delegation ? RecordRef.Delegation(delegation) : null);
    }

    public const int SearchMaxLength = 100;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<PipelineText> text)
        {
            RuleFor(q => q.Search).MaximumLength(SearchMaxLength).WithMessage(_ => text["SearchTooLong", SearchMaxLength]);
            RuleFor(q => q.Kind).IsInEnum().WithMessage(_ => text["KindUnknown"]);
            RuleFor(q => q.Attention).IsInEnum().WithMessage(_ => text["AttentionUnknown"]);
            RuleFor(q => q.TeamId).Null().When(q => q.Kind == MatchKind.Procurement).WithMessage(_ => text["TeamNotProcurement"]);
            RuleFor(q => q.DelegationId).Null().When(q => q.Kind is null or MatchKind.Investment).WithMessage(_ => text["DelegationNotInvestment"]);
        }
    }

    public sealed record Result(
        int? EditionNumber,
        IReadOnlyList<int> Editions,
        IReadOnlyList<TeamOption> Teams,
        IReadOnlyList<StageSummary> Stages,
        IReadOnlyList<Row> Rows,
        decimal? CnyPerUsd = null,
        MatchKind Kind = MatchKind.Investment,
        IReadOnlyList<TeamOption>? Delegations = null)
    {
        /// <summary>A US$ amount in yuan at the edition year's rate, or null when the year has no rate.</summary>
        public decimal? InYuan(decimal? usd) => DealRates.InYuan(usd, CnyPerUsd);

        /// <summary>The open deals' expected value summed (the team's, when one is chosen).</summary>
        public decimal ExpectedValueUsd => Stages.Where(s => DealStages.IsOpen(Kind, s.Stage)).Sum(s => s.ExpectedValueUsd);
    }

    /// <summary>A promotion team, or a top-level trade delegation, to filter by.</summary>
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
        DateTime? UpdatedAt = null,
        DelegationRef? Delegation = null,
        ForecastView? Forecast = null)
    {
        /// <summary>The other side: the promotion team (investment) or the buyer (procurement).</summary>
        public string Counterpart => Kind == MatchKind.Investment ? Team : Delegation?.Buyer ?? "";

        public string CounterpartZh => Kind == MatchKind.Investment ? TeamZh : Delegation?.BuyerZh ?? "";

        /// <summary>The (top-level) delegation a procurement deal's buyer comes with, to group a lead's deals by.</summary>
        public string DelegationName => Delegation?.Name ?? "";

        public string DelegationNameZh => Delegation?.NameZh ?? "";

        /// <summary>The forecast's probability, for sorting (deals without a forecast last).</summary>
        public double? ForecastProbability => Forecast?.Probability;
    }

    /// <summary>
    /// A procurement deal's buyer and its delegation: the top-level one (交易团) and, when the buyer is in a
    /// sub-delegation (交易分团), that one's name too.
    /// </summary>
    public sealed record DelegationRef(int BuyerId, string Buyer, string BuyerZh, int? Id, string Name, string NameZh, string? Sub, string? SubZh);

    /// <summary>
    /// A signed intent's realisation forecast (docs/forecast.md): the chance that its value becomes real within a year
    /// of <paramref name="ForecastOn"/>, the expected value, when, and why (reasons as stored, in words on the page).
    /// </summary>
    public sealed record ForecastView(double Probability, decimal? ExpectedValueUsd, DateOnly? LikelyBy, string Reasons, DateOnly ForecastOn, string ModelVersion,
        double? ProbabilityIfIdle = null);

    /// <summary>Another team pursuing the same exhibitor with an open investment deal (撞单): only its name is shown.</summary>
    public sealed record RivalTeam(string Name, string NameZh);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, StageProbabilities probabilities, TimeProvider clock,
        IOptions<PipelineOptions> options) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var reach = db.Access;
            // Delegation leads who are in no promotion team work procurement deals; everyone else starts on investment.
            var kind = request.Kind ?? (!reach.ReadsAll && reach.TeamIds.Length == 0 && reach.DelegationIds.Length > 0 ? MatchKind.Procurement : MatchKind.Investment);
            var ofKind = db.Deals.AsNoTracking().Where(d => d.Kind == kind);

            var editions = await ofKind.Select(d => d.Edition!.Number).Distinct().OrderByDescending(n => n).ToListAsync(cancellationToken);
            var current = await db.Editions.Where(e => e.Status == EditionStatus.Current).Select(e => (int?)e.Number).FirstOrDefaultAsync(cancellationToken);
            var edition = request.EditionNumber
                ?? (current is { } c && editions.Contains(c) ? c : editions.Cast<int?>().FirstOrDefault() ?? current);
            if (current is { } now && !editions.Contains(now))
            {
                editions.Insert(0, now);
            }

            // Teams and delegations carry no deal values, so they have no row filter: the user's own reach lists them.
            var teams = kind != MatchKind.Investment ? [] : await db.PromotionTeams.AsNoTracking()
                .Where(t => reach.ReadsAll || reach.TeamIds.Contains(t.Id))
                .OrderBy(t => t.Code)
                .Select(t => new TeamOption(t.Id, t.Code, t.Name, t.NameZh))
                .ToListAsync(cancellationToken);
            var delegations = kind != MatchKind.Procurement ? [] : await db.TradeDelegations.AsNoTracking()
                .Where(t => t.Edition!.Number == edition && t.ParentId == null && (reach.ReadsAll || reach.DelegationIds.Contains(t.Id)))
                .OrderBy(t => t.Code)
                .Select(t => new TeamOption(t.Id, t.Code, t.Name, t.NameZh))
                .ToListAsync(cancellationToken);

            var rows = await Filtered(ofKind.Where(d => d.Edition!.Number == edition), request, reach.UserId)
                .OrderBy(d => d.Code)
                .Select(d => new Row(
                    d.Id, d.Code, d.Kind,
                    d.Exhibitor!.CompanyId, d.Exhibitor.Company!.Name, d.Exhibitor.Company.NameZh,
                    d.Exhibitor.Company.Country!.NameEn, d.Exhibitor.Company.Country.NameZh,
                    d.Exhibitor.Company.Sector!.NameEn, d.Exhibitor.Company.Sector.NameZh,
                    d.PromotionTeamId ?? 0, d.PromotionTeam!.Name ?? "", d.PromotionTeam.NameZh ?? "",
                    d.Stage, d.IntendedValueUsd, d.IntentSignedOn, d.LandedOn, d.Version, d.NextStep, d.NextStepDueOn, d.ContractValueUsd, null,
                    d.ExhibitorId, null, d.UpdatedAt,
                    d.BuyerId == null ? null : new DelegationRef(
                        d.BuyerId.Value, d.Buyer!.Company!.Name, d.Buyer.Company.NameZh,
                        d.Buyer.Delegation!.ParentId ?? d.Buyer.DelegationId,
                        d.Buyer.Delegation.Parent != null ? d.Buyer.Delegation.Parent.Name : d.Buyer.Delegation.Name ?? "",
                        d.Buyer.Delegation.Parent != null ? d.Buyer.Delegation.Parent.NameZh : d.Buyer.Delegation.NameZh ?? "",
                        d.Buyer.Delegation.Parent != null ? d.Buyer.Delegation.Name : null,
                        d.Buyer.Delegation.Parent != null ? d.Buyer.Delegation.NameZh : null)))
                .ToListAsync(cancellationToken);
            var table = await probabilities.GetAsync(cancellationToken);
            // The learned forecasts of the signed intents among them: read through the deals, so the row filter applies.
            var forecasts = await Filtered(ofKind.Where(d => d.Edition!.Number == edition), request, reach.UserId)
                .Join(db.DealForecasts, d => d.Id, f => f.DealId, (d, f) => f)
                .ToDictionaryAsync(f => f.DealId, f => new ForecastView(f.Probability, f.ExpectedValueUsd, f.LikelyBy, f.Reasons, f.ForecastOn, f.ModelVersion, f.ProbabilityIfIdle),
                    cancellationToken);
            // Every team's open claims on these exhibitors (across the row filter: a conflict is between teams), in one query.
            var claims = kind != MatchKind.Investment ? Enumerable.Empty<TeamClaim>().ToLookup(c => c.ExhibitorId) : (await OwnershipConflicts.OpenClaims(db, edition)
                    .Where(o => OwnershipConflicts.Contested(db, edition).Contains(o.ExhibitorId))
                    .Select(o => new TeamClaim(o.ExhibitorId, o.PromotionTeamId!.Value, o.PromotionTeam!.Name, o.PromotionTeam.NameZh))
                    .Distinct().ToListAsync(cancellationToken))
                .ToLookup(c => c.ExhibitorId);
            rows = rows.Select(r => r with
            {
                // A signed intent's learned forecast where there is one; before the intent (or without a model), the stage's probability.
                Forecast = forecasts.GetValueOrDefault(r.DealId),
                ExpectedValueUsd = forecasts.TryGetValue(r.DealId, out var forecast) && forecast.ExpectedValueUsd is { } expected
                    ? expected
                    : StageProbabilities.ExpectedValue(table, r.Kind, r.Stage, r.ContractValueUsd, r.IntendedValueUsd),
                Rivals = DealStages.IsOpen(r.Kind, r.Stage)
                    ? claims[r.ExhibitorId].Where(c => c.TeamId != r.TeamId).Select(c => new RivalTeam(c.Name, c.NameZh)).ToList()
                    : [],
            }).ToList();
            if (request.Attention is { } attention)
            {
                var (today, nowUtc) = (ExpoCalendar.Today(clock), clock.GetUtcNow().UtcDateTime);
                rows = rows.Where(r => DealAttention.Of(r, today, nowUtc, options.Value.StaleAfter) == attention).ToList();
            }

            var stages = DealStages.Track(kind).Append(DealStage.Stalled).Append(DealStage.Lost)
                .Select(s => new StageSummary(s, rows.Count(r => r.Stage == s), rows.Where(r => r.Stage == s).Sum(r => r.IntendedValueUsd ?? 0m),
                    rows.Where(r => r.Stage == s).Sum(r => r.ExpectedValueUsd ?? 0m)))
                .ToList();
            if (request.Stage is { } stage)
            {
                rows = rows.Where(r => r.Stage == stage).ToList();
            }
            var year = await db.Editions.Where(e => e.Number == edition).Select(e => (int?)e.Year).SingleOrDefaultAsync(cancellationToken);
            var rate = year is { } y ? await DealRates.CnyPerUsdAsync(db, y, cancellationToken) : null;
            return new Result(edition, editions, teams, stages, rows, rate, kind, delegations);
        }

        /// <summary>The query's filters on the deals (all but the stage, which the per-stage counts come before).</summary>
        private static IQueryable<Deal> Filtered(IQueryable<Deal> deals, Query request, string? userId)
        {
            if (request.TeamId is { } teamId)
            {
                deals = deals.Where(d => d.PromotionTeamId == teamId);
            }
            if (request.DelegationId is { } delegationId)
            {
                deals = deals.Where(d => d.Buyer!.DelegationId == delegationId || d.Buyer.Delegation!.ParentId == delegationId);
            }
            if (request.Mine)
            {
                deals = deals.Where(d => userId != null && d.OwnerUserId == userId);
            }
            if (request.Search?.Trim() is { Length: > 0 } text)
            {
                var pattern = "%" + Like.Escape(text) + "%";
                deals = deals.Where(d => EF.Functions.Like(d.Code, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(d.Exhibitor!.Company!.Name, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(d.Exhibitor.Company.NameZh, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(d.PromotionTeam!.Name, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(d.PromotionTeam.NameZh, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(d.Buyer!.Company!.Name, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(d.Buyer.Company.NameZh, pattern, Like.EscapeCharacter));
            }
            return deals;
        }

        private sealed record TeamClaim(int ExhibitorId, int TeamId, string Name, string NameZh);
    }
}
