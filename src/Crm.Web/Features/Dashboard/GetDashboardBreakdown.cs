using System.Linq.Expressions;
using Crm.Data;
using Crm.Data.Entities;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// An edition's deals broken down by delegation, promotion team, sector, country or buyer province, each row beside the
/// previous edition's (J3, issue 8). Deals are counted as the headlines count them (final): intents by their signing,
/// contracts by theirs, landed projects by their landing. The row-level filters decide which deals are counted.
/// </summary>
public static class GetDashboardBreakdown
{
    /// <summary>
    /// What the rows are: <see cref="Delegation"/> the top-level trade delegation of a procurement deal's buyer
    /// (sub-delegations rolled up), <see cref="SubDelegation"/> the buyer's own delegation (a sub-delegation, or the
    /// top-level one for buyers directly in it), <see cref="Team"/> an investment deal's promotion team,
    /// <see cref="Sector"/> and <see cref="Country"/> the exhibitor's company's and <see cref="Area"/> the exhibitor's
    /// exhibition area (every deal), <see cref="Province"/> a procurement deal's buyer's.
    /// </summary>
    public enum By { Delegation, SubDelegation, Team, Sector, Area, Country, Province }

    public sealed record Query(int? EditionNumber = null, By By = By.Delegation) : IRequest<Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<DashboardText> text)
        {
            RuleFor(q => q.By).IsInEnum().WithMessage(_ => text["BreakdownUnknown"]);
            RuleFor(q => q.EditionNumber).MustBeAnEdition(contexts, text);
        }
    }

    /// <param name="Forecast">The active realisation models, which the rows' expected values come from (none: every expected value is null).</param>
    public sealed record Result(int EditionNumber, int? PreviousNumber, By By, IReadOnlyList<Row> Rows, DashboardRealisation.Forecast Forecast);

    /// <summary>
    /// One group. <paramref name="Key"/> is what matches it across editions: the team's, sector's or country's code, the
    /// province's name, the delegation's code without its edition prefix ("SH" for D09-SH and D08-SH); "" for deals
    /// without one (a procurement deal whose buyer is in no delegation). <paramref name="Id"/> is the team's or this
    /// edition's delegation's id, to filter the pipeline by; null otherwise. <paramref name="ExpectedValueUsd"/> and
    /// <paramref name="RealisedValueUsd"/> are the realisation measures of the row's signed intents (<see cref="DashboardRealisation"/>):
    /// the expected value is null when the row has open intents of a kind without an active realisation model.
    /// </summary>
    public sealed record Row(
        string Key,
        int? Id,
        string Name,
        string NameZh,
        decimal IntendedValueUsd,
        decimal ContractValueUsd,
        int Intents,
        int Contracts,
        int Landed,
        decimal PreviousIntendedValueUsd,
        decimal? ExpectedValueUsd,
        decimal RealisedValueUsd,
        decimal? PreviousExpectedValueUsd,
        decimal PreviousRealisedValueUsd)
    {
        public decimal Change => IntendedValueUsd - PreviousIntendedValueUsd;

        /// <summary>Null when the previous edition had no intended value in this row.</summary>
        public decimal? ChangePercent => DashboardEditions.ChangePercent(IntendedValueUsd, PreviousIntendedValueUsd);

        /// <summary>The change of the expected value against the previous edition's, in %; null without either or a baseline.</summary>
        public decimal? ExpectedChangePercent => DashboardEditions.ChangePercent(ExpectedValueUsd, PreviousExpectedValueUsd);
    }

    internal sealed record Sums(string? Key, decimal Intended, decimal Contracted, int Intents, int Contracts, int Landed);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var (chosen, previous, _) = await DashboardEditions.ResolveAsync(db, request.EditionNumber, cancellationToken);

            var current = await SumsAsync(db, chosen.Id, request.By, cancellationToken);
            var before = previous is null ? [] : await SumsAsync(db, previous.Id, request.By, cancellationToken);
            var forecast = await DashboardRealisation.ForecastAsync(db, cancellationToken);
            var realisedNow = await RealisationAsync(db, chosen.Id, request.By, cancellationToken);
            var realisedThen = previous is null ? [] : await RealisationAsync(db, previous.Id, request.By, cancellationToken);
            var names = await NamesAsync(db, request.By, [chosen.Id, .. previous is null ? Array.Empty<int>() : [previous.Id]], chosen.Id, cancellationToken);

            var now = current.ToDictionary(s => s.Key!);
            var then = before.ToDictionary(s => s.Key!);
            var rows = now.Keys.Union(then.Keys)
                .Select(key =>
                {
                    var sums = now.GetValueOrDefault(key) ?? new Sums(key, 0, 0, 0, 0, 0);
                    var (id, name, nameZh) = names.GetValueOrDefault(key, (null, request.By == By.Province ? ChinaProvinces.InEnglish(key) : key, key));
                    var kindsNow = realisedNow.GetValueOrDefault(key) ?? [];
                    var kindsThen = realisedThen.GetValueOrDefault(key) ?? [];
                    return new Row(key, id, name, nameZh, sums.Intended, sums.Contracted, sums.Intents, sums.Contracts, sums.Landed,
                        then.GetValueOrDefault(key)?.Intended ?? 0m,
                        DashboardRealisation.Expected(forecast, kindsNow), kindsNow.Sum(k => k.Realised),
                        previous is null ? null : DashboardRealisation.Expected(forecast, kindsThen), kindsThen.Sum(k => k.Realised));
                })
                .OrderByDescending(r => r.IntendedValueUsd).ThenByDescending(r => r.PreviousIntendedValueUsd).ThenBy(r => r.Key, StringComparer.Ordinal)
                .ToList();
            return new Result(chosen.Number, previous?.Number, request.By, rows, forecast);
        }

        /// <summary>One edition's deals summed by the breakdown's key, in one grouped query.</summary>
        private static async Task<List<Sums>> SumsAsync(CrmDbContext db, int editionId, By by, CancellationToken ct)
        {
            var deals = Deals(db, editionId, by);
            var key = KeyOf(by);
            var sums = await deals.GroupBy(key)
                .Select(g => new Sums(
                    g.Key,
                    g.Sum(d => d.IntentSignedOn != null ? d.IntendedValueUsd ?? 0m : 0m),
                    g.Sum(d => d.ContractSignedOn != null ? d.ContractValueUsd ?? 0m : 0m),
                    g.Count(d => d.IntentSignedOn != null),
                    g.Count(d => d.ContractSignedOn != null),
                    g.Count(d => d.LandedOn != null)))
                .ToListAsync(ct);
            // Delegations are per edition: D09-SH and D08-SH are the same province's, matched by the code after the prefix.
            // (Not by Region: Dalian's and Liaoning's delegations share one, as do Shenzhen's and Guangdong's.)
            return sums.Select(s => s with { Key = by is By.Delegation or By.SubDelegation ? DashboardEditions.DelegationKey(s.Key) : s.Key ?? "" })
                .GroupBy(s => s.Key!)
                .Select(g => new Sums(g.Key, g.Sum(s => s.Intended), g.Sum(s => s.Contracted), g.Sum(s => s.Intents), g.Sum(s => s.Contracts), g.Sum(s => s.Landed)))
                .ToList();
        }

        /// <summary>One edition's realisation sums by the breakdown's key (matched across editions as <see cref="SumsAsync"/> does) and kind.</summary>
        private static async Task<Dictionary<string, List<DashboardRealisation.KindSums>>> RealisationAsync(
            CrmDbContext db, int editionId, By by, CancellationToken ct)
        {
            var sums = await DashboardRealisation.SumsAsync(DashboardRealisation.Values(db, Deals(db, editionId, by), KeyOf(by)), ct);
            return sums.GroupBy(s => by is By.Delegation or By.SubDelegation ? DashboardEditions.DelegationKey(s.Key) : s.Key ?? "")
                .ToDictionary(g => g.Key, g => g.ToList());
        }

        /// <summary>The deals a breakdown counts: procurement ones by delegation or province, investment ones by team, else all.</summary>
        private static IQueryable<Deal> Deals(CrmDbContext db, int editionId, By by)
        {
            var deals = db.Deals.AsNoTracking().Where(d => d.EditionId == editionId);
            return by switch
            {
                By.Delegation or By.SubDelegation or By.Province => deals.Where(d => d.Kind == MatchKind.Procurement),
                By.Team => deals.Where(d => d.Kind == MatchKind.Investment),
                _ => deals,
            };
        }

        /// <summary>What a deal's row is, by the breakdown.</summary>
        private static Expression<Func<Deal, string?>> KeyOf(By by) => by switch
        {
            By.Delegation => d => d.Buyer!.Delegation!.Parent != null ? d.Buyer.Delegation.Parent.Code : d.Buyer.Delegation.Code,
            By.SubDelegation => d => d.Buyer!.Delegation!.Code,
            By.Team => d => d.PromotionTeam!.Code,
            By.Area => d => d.Exhibitor!.AreaCode,
            By.Sector => d => d.Exhibitor!.Company!.SectorCode,
            By.Country => d => d.Exhibitor!.Company!.CountryCode,
            By.Province => d => d.Buyer!.Province,
            _ => throw new ArgumentOutOfRangeException(nameof(by)),
        };

        /// <summary>The rows' names in both languages (and the ids to filter the pipeline by), by key.</summary>
        private static async Task<Dictionary<string, (int? Id, string Name, string NameZh)>> NamesAsync(
            CrmDbContext db, By by, int[] editionIds, int chosenEditionId, CancellationToken ct)
        {
            switch (by)
            {
                case By.Delegation or By.SubDelegation:
                    // This edition's name and id; a delegation only the previous edition had keeps its name there.
                    var delegations = await db.TradeDelegations.AsNoTracking()
                        .Where(t => editionIds.Contains(t.EditionId) && (by == By.SubDelegation || t.ParentId == null))
                        .Select(t => new { t.Id, t.EditionId, t.Code, t.Name, t.NameZh })
                        .ToListAsync(ct);
                    return delegations.OrderBy(t => t.EditionId == chosenEditionId ? 0 : 1)
                        .GroupBy(t => DashboardEditions.DelegationKey(t.Code))
                        .ToDictionary(g => g.Key, g => g.First() is var t ? (t.EditionId == chosenEditionId ? t.Id : (int?)null, t.Name, t.NameZh) : default);
                case By.Team:
                    return await db.PromotionTeams.AsNoTracking()
                        .ToDictionaryAsync(t => t.Code, t => ((int?)t.Id, t.Name, t.NameZh), ct);
                case By.Sector:
                    return await db.Sectors.AsNoTracking().ToDictionaryAsync(s => s.Code, s => ((int?)null, s.NameEn, s.NameZh), ct);
                case By.Area:
                    return await db.ExhibitionAreas.AsNoTracking().ToDictionaryAsync(a => a.Code, a => ((int?)null, a.NameEn, a.NameZh), ct);
                case By.Country:
                    return await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Code, c => ((int?)null, c.NameEn, c.NameZh), ct);
                default:
                    // Provinces are kept by their Chinese name, the key: the English one comes from the list of divisions.
                    return [];
            }
        }
    }
}
