using Crm.Data;
using Crm.Web.Infrastructure;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// What the dashboard's charts draw (issue 8, item 4): every edition's intended, contracted and landed value beside the
/// organisers' reported total; the chosen edition's intended value week by week from its opening beside the previous
/// edition's; and the chosen edition's top sectors and countries by intended value. Counted as the headlines count
/// (intents by their signing, final), over the deals the user reaches.
/// </summary>
public static class GetDashboardTrends
{
    /// <summary>How many sectors and countries the charts show (the rest are in the breakdowns).</summary>
    public const int Top = 10;

    public sealed record Query(int? EditionNumber = null) : IRequest<Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<DashboardText> text)
        {
            RuleFor(q => q.EditionNumber).MustBeAnEdition(contexts, text);
        }
    }

    public sealed record Result(
        int EditionNumber,
        int? PreviousNumber,
        IReadOnlyList<EditionValue> Editions,
        IReadOnlyList<WeekValue> Weeks,
        IReadOnlyList<TopRow> TopSectors,
        IReadOnlyList<TopRow> TopCountries);

    /// <summary>One edition's final sums in US$, and what the organisers reported (US$ bn; null when not reported).</summary>
    public sealed record EditionValue(int Number, decimal IntendedValueUsd, decimal ContractValueUsd, decimal CapexUsd, decimal? ReportedIntendedValueUsdBn);

    /// <summary>
    /// The intended value signed up to the end of week <paramref name="Week"/> from the opening (week 0 is the opening
    /// day and the six after it; week −1 the seven days before), summed from the first intent: the chosen edition's
    /// (null after today's week: it has no figures yet) and the previous one's (null without a previous edition).
    /// </summary>
    public sealed record WeekValue(int Week, decimal? CurrentUsd, decimal? PreviousUsd);

    /// <summary>A sector or country among the top ones, with its code (the breakdown's key) and names.</summary>
    public sealed record TopRow(string Key, string Name, string NameZh, decimal IntendedValueUsd, int Intents);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var (chosen, previous, _) = await DashboardEditions.ResolveAsync(db, request.EditionNumber, cancellationToken);

            var editions = await EditionsAsync(db, cancellationToken);

            var intents = await db.Deals.AsNoTracking()
                .Where(d => d.EditionId == chosen.Id && d.IntentSignedOn != null)
                .Select(d => new { SignedOn = d.IntentSignedOn!.Value, Value = d.IntendedValueUsd ?? 0m, d.Exhibitor!.Company!.SectorCode, d.Exhibitor.Company.CountryCode })
                .ToListAsync(cancellationToken);
            var previousIntents = previous is null ? [] : await db.Deals.AsNoTracking()
                .Where(d => d.EditionId == previous.Id && d.IntentSignedOn != null)
                .Select(d => new Signed(d.IntentSignedOn!.Value, d.IntendedValueUsd ?? 0m))
                .ToListAsync(cancellationToken);

            var today = ExpoCalendar.Today(clock);
            var weeks = Weeks(
                intents.Select(i => new Signed(i.SignedOn, i.Value)).ToList(), chosen.StartsOn,
                previousIntents, previous?.StartsOn,
                lastWeekOfChosen: Week(today, chosen.StartsOn));

            var sectors = await db.Sectors.AsNoTracking().ToDictionaryAsync(s => s.Code, s => (s.NameEn, s.NameZh), cancellationToken);
            var countries = await db.Countries.AsNoTracking().ToDictionaryAsync(c => c.Code, c => (c.NameEn, c.NameZh), cancellationToken);
            var topSectors = TopOf(intents.Select(i => (i.SectorCode, i.Value)), sectors);
            var topCountries = TopOf(intents.Select(i => (i.CountryCode, i.Value)), countries);

            return new Result(chosen.Number, previous?.Number, editions, weeks, topSectors, topCountries);
        }

        /// <summary>Every edition's final sums, in one grouped query over the deals the user reaches.</summary>
        private static async Task<List<EditionValue>> EditionsAsync(CrmDbContext db, CancellationToken ct)
        {
            var sums = await db.Deals.AsNoTracking()
                .GroupBy(d => d.EditionId)
                .Select(g => new
                {
                    EditionId = g.Key,
                    Intended = g.Sum(d => d.IntentSignedOn != null ? d.IntendedValueUsd ?? 0m : 0m),
                    Contracted = g.Sum(d => d.ContractSignedOn != null ? d.ContractValueUsd ?? 0m : 0m),
                    Capex = g.Sum(d => d.LandedOn != null ? d.CapexUsd ?? 0m : 0m),
                })
                .ToDictionaryAsync(s => s.EditionId, ct);
            var editions = await db.Editions.AsNoTracking().OrderBy(e => e.Number)
                .Select(e => new { e.Id, e.Number, e.ReportedIntendedDealValueUsdBn })
                .ToListAsync(ct);
            return editions
                .Select(e => sums.GetValueOrDefault(e.Id) is { } s
                    ? new EditionValue(e.Number, s.Intended, s.Contracted, s.Capex, e.ReportedIntendedDealValueUsdBn)
                    : new EditionValue(e.Number, 0m, 0m, 0m, e.ReportedIntendedDealValueUsdBn))
                .ToList();
        }

        private sealed record Signed(DateOnly On, decimal ValueUsd);

        /// <summary>The week from the opening a day falls in: 0 for the opening day and the six after it, −1 for the week before.</summary>
        internal static int Week(DateOnly day, DateOnly opening) => (int)Math.Floor((day.DayNumber - opening.DayNumber) / 7.0);

        /// <summary>
        /// Both editions' intended value summed week by week, over the weeks from the first intent of either to the last
        /// (the chosen edition's line stops at today's week, its future unknown).
        /// </summary>
        private static List<WeekValue> Weeks(List<Signed> chosen, DateOnly opening, List<Signed> previous, DateOnly? previousOpening, int lastWeekOfChosen)
        {
            var now = chosen.GroupBy(s => Week(s.On, opening)).ToDictionary(g => g.Key, g => g.Sum(s => s.ValueUsd));
            var then = previousOpening is { } p ? previous.GroupBy(s => Week(s.On, p)).ToDictionary(g => g.Key, g => g.Sum(s => s.ValueUsd)) : [];
            var all = now.Keys.Concat(then.Keys).ToList();
            if (all.Count == 0)
            {
                return [];
            }
            var (first, last) = (all.Min(), all.Max());
            var weeks = new List<WeekValue>();
            decimal current = 0m, before = 0m;
            for (var week = first; week <= last; week++)
            {
                current += now.GetValueOrDefault(week);
                before += then.GetValueOrDefault(week);
                weeks.Add(new WeekValue(week, week <= lastWeekOfChosen ? current : null, previousOpening is null ? null : before));
            }
            return weeks;
        }

        private static List<TopRow> TopOf(IEnumerable<(string Code, decimal Value)> intents, Dictionary<string, (string NameEn, string NameZh)> names) =>
            intents.GroupBy(i => i.Code)
                .Select(g => (Code: g.Key, Value: g.Sum(i => i.Value), Count: g.Count()))
                .OrderByDescending(g => g.Value).ThenBy(g => g.Code, StringComparer.Ordinal)
                .Take(Top)
                .Select(g =>
                {
                    var (en, zh) = names.GetValueOrDefault(g.Code, (g.Code, g.Code));
                    return new TopRow(g.Code, en, zh, g.Value, g.Count);
                })
                .ToList();
    }
}
