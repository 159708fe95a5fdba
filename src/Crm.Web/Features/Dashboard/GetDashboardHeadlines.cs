using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// The managers' headline figures (J3, issue 8): an edition against the previous one, final and at the same point of the
/// calendar (as many days from the previous edition's opening as <see cref="Query.AsOf"/> is from the chosen one's).
/// Each figure counts the deals and meetings the user reaches: the context's row-level filters decide, so a team
/// member's dashboard is their teams' and a delegation lead's their delegations'.
/// </summary>
public static class GetDashboardHeadlines
{
    /// <param name="EditionNumber">By default the current edition (even while it has no deals yet), else the newest.</param>
    /// <param name="AsOf">The day the same-point comparison is taken at; by default today in Shanghai.</param>
    public sealed record Query(int? EditionNumber = null, DateOnly? AsOf = null) : IRequest<Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<DashboardText> text)
        {
            RuleFor(q => q.EditionNumber).MustBeAnEdition(contexts, text);
        }
    }

    /// <summary>The headline figures, in the order the dashboard shows them.</summary>
    public enum Figure { IntendedValue, ContractValue, Capex, Jobs, Intents, Contracts, LandedProjects, MeetingsHeld, NoShowRate }

    public sealed record Result(
        int EditionNumber,
        DateOnly StartsOn,
        int? PreviousNumber,
        DateOnly? PreviousStartsOn,
        IReadOnlyList<int> Editions,
        DateOnly AsOf,
        int DaysFromOpening,
        DateOnly? PreviousCutOff,
        decimal? ReportedIntendedValueUsdBn,
        decimal? PreviousReportedIntendedValueUsdBn,
        IReadOnlyList<Headline> Headlines,
        Realisation Realisation)
    {
        public Headline this[Figure figure] => Headlines.Single(h => h.Figure == figure);
    }

    /// <summary>One figure: final (every record of each edition) and at the same point of the calendar.</summary>
    public sealed record Headline(Figure Figure, Comparison Final, Comparison SamePoint)
    {
        public bool IsMoney => Figure is Figure.IntendedValue or Figure.ContractValue or Figure.Capex;

        public bool IsRate => Figure is Figure.NoShowRate;

        /// <summary>The records the figure counts, which its numbers open.</summary>
        public DashboardMeasure Measure => Figure switch
        {
            Figure.IntendedValue or Figure.Intents => DashboardMeasure.Intents,
            Figure.ContractValue or Figure.Contracts => DashboardMeasure.Contracts,
            Figure.Capex or Figure.Jobs or Figure.LandedProjects => DashboardMeasure.Landed,
            Figure.MeetingsHeld => DashboardMeasure.MeetingsHeld,
            _ => DashboardMeasure.Attendance,
        };
    }

    /// <summary>
    /// This edition's value beside the previous one's (null when there is no previous edition, or, for a rate, nothing
    /// to take it of). The change is in the figure's unit (for a rate, in points of the fraction); in % of the previous.
    /// </summary>
    public sealed record Comparison(decimal? Current, decimal? Previous)
    {
        public decimal? Change => Current - Previous;

        /// <summary>Null when the previous is 0 or unknown.</summary>
        public decimal? ChangePercent => DashboardEditions.ChangePercent(Current, Previous);
    }

    /// <summary>
    /// Intended value, value expected to become real and value realised (issue 10, <see cref="DashboardRealisation"/>), of
    /// the deals that signed an intent: per kind and in all (<see cref="Total"/>), this edition beside the previous one.
    /// Final only: the forecasts describe today, so there is no same point of the calendar to take them at.
    /// </summary>
    public sealed record Realisation(DashboardRealisation.Forecast Forecast, IReadOnlyList<RealisationLine> Lines)
    {
        public RealisationLine Total => Lines.Single(l => l.Kind is null);

        public RealisationLine this[MatchKind kind] => Lines.Single(l => l.Kind == kind);
    }

    /// <summary>
    /// One kind's (or, <paramref name="Kind"/> null, every deal's) three values. <paramref name="Expected"/>'s values are
    /// null without a forecast (no active realisation model of a kind that has open intents).
    /// </summary>
    public sealed record RealisationLine(MatchKind? Kind, Comparison Intended, Comparison Expected, Comparison Realised)
    {
        /// <summary>The share of the intended value expected to become real (0.4 = 40%); null without a forecast or an intended value.</summary>
        public decimal? ExpectedShare => Expected.Current is { } expected && Intended.Current is { } intended and not 0
            ? Math.Round(expected / intended, 4) : null;

        /// <summary>The same share in the previous edition.</summary>
        public decimal? PreviousExpectedShare => Expected.Previous is { } expected && Intended.Previous is { } intended and not 0
            ? Math.Round(expected / intended, 4) : null;
    }

    /// <summary>What one edition's records add up to, every one of them or only those dated up to a cut-off day.</summary>
    internal sealed record Totals(
        decimal IntendedValue, decimal ContractValue, decimal Capex, int Jobs, int Intents, int Contracts, int Landed, int Held, int NoShow)
    {
        public static readonly Totals None = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

        public decimal? this[Figure figure] => figure switch
        {
            Figure.IntendedValue => IntendedValue,
            Figure.ContractValue => ContractValue,
            Figure.Capex => Capex,
            Figure.Jobs => Jobs,
            Figure.Intents => Intents,
            Figure.Contracts => Contracts,
            Figure.LandedProjects => Landed,
            Figure.MeetingsHeld => Held,
            Figure.NoShowRate => Held + NoShow == 0 ? null : Math.Round((decimal)NoShow / (Held + NoShow), 4),
            _ => throw new ArgumentOutOfRangeException(nameof(figure)),
        };
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var (chosen, previous, numbers) = await DashboardEditions.ResolveAsync(db, request.EditionNumber, cancellationToken);
            var asOf = request.AsOf ?? ExpoCalendar.Today(clock);
            var days = asOf.DayNumber - chosen.StartsOn.DayNumber;
            var previousCutOff = previous?.StartsOn.AddDays(days);

            var (final, samePoint) = await TotalsAsync(db, chosen.Id, asOf, cancellationToken);
            var (previousFinal, previousSamePoint) = previous is null ? (null, null)
                : await TotalsAsync(db, previous.Id, previousCutOff!.Value, cancellationToken);

            var headlines = Enum.GetValues<Figure>()
                .Select(f => new Headline(f,
                    new Comparison(final[f], previousFinal?[f]),
                    new Comparison(samePoint[f], previousSamePoint?[f])))
                .ToList();
            var realisation = await RealisationAsync(db, chosen.Id, previous?.Id, cancellationToken);
            return new Result(chosen.Number, chosen.StartsOn, previous?.Number, previous?.StartsOn, numbers, asOf, days, previousCutOff,
                chosen.ReportedIntendedDealValueUsdBn, previous?.ReportedIntendedDealValueUsdBn, headlines, realisation);
        }

        /// <summary>The realisation lines of an edition beside the previous one, per kind and in all: one query per edition.</summary>
        private static async Task<Realisation> RealisationAsync(CrmDbContext db, int editionId, int? previousId, CancellationToken ct)
        {
            var forecast = await DashboardRealisation.ForecastAsync(db, ct);
            var now = await DashboardRealisation.SumsAsync(DashboardRealisation.Values(db, db.Deals.AsNoTracking().Where(d => d.EditionId == editionId)), ct);
            var before = previousId is { } id
                ? await DashboardRealisation.SumsAsync(DashboardRealisation.Values(db, db.Deals.AsNoTracking().Where(d => d.EditionId == id)), ct)
                : null;

            RealisationLine Line(MatchKind? kind)
            {
                var current = now.Where(s => kind is null || s.Kind == kind).ToList();
                var previous = before?.Where(s => kind is null || s.Kind == kind).ToList();
                return new RealisationLine(kind,
                    new Comparison(current.Sum(s => s.Intended), previous?.Sum(s => s.Intended)),
                    new Comparison(DashboardRealisation.Expected(forecast, current), previous is null ? null : DashboardRealisation.Expected(forecast, previous)),
                    new Comparison(current.Sum(s => s.Realised), previous?.Sum(s => s.Realised)));
            }

            return new Realisation(forecast, [.. Enum.GetValues<MatchKind>().Select(k => Line(k)), Line(null)]);
        }

        /// <summary>
        /// An edition's totals, final and up to <paramref name="cutOff"/> (inclusive, a day in Shanghai), in one query over
        /// its deals and one over its meetings. Each figure goes by its own date: the intent's, the contract's, the landing's,
        /// the meeting's start.
        /// </summary>
        internal static async Task<(Totals Final, Totals AtCutOff)> TotalsAsync(CrmDbContext db, int editionId, DateOnly cutOff, CancellationToken ct)
        {
            var deals = await db.Deals.AsNoTracking()
                .Where(d => d.EditionId == editionId)
                .GroupBy(d => 1)
                .Select(g => new
                {
                    Intents = g.Count(d => d.IntentSignedOn != null),
                    IntentsAt = g.Count(d => d.IntentSignedOn <= cutOff),
                    Intended = g.Sum(d => d.IntentSignedOn != null ? d.IntendedValueUsd ?? 0m : 0m),
                    IntendedAt = g.Sum(d => d.IntentSignedOn <= cutOff ? d.IntendedValueUsd ?? 0m : 0m),
                    Contracts = g.Count(d => d.ContractSignedOn != null),
                    ContractsAt = g.Count(d => d.ContractSignedOn <= cutOff),
                    Contracted = g.Sum(d => d.ContractSignedOn != null ? d.ContractValueUsd ?? 0m : 0m),
                    ContractedAt = g.Sum(d => d.ContractSignedOn <= cutOff ? d.ContractValueUsd ?? 0m : 0m),
                    Landed = g.Count(d => d.LandedOn != null),
                    LandedAt = g.Count(d => d.LandedOn <= cutOff),
                    Capex = g.Sum(d => d.LandedOn != null ? d.CapexUsd ?? 0m : 0m),
                    CapexAt = g.Sum(d => d.LandedOn <= cutOff ? d.CapexUsd ?? 0m : 0m),
                    Jobs = g.Sum(d => d.LandedOn != null ? d.Jobs ?? 0 : 0),
                    JobsAt = g.Sum(d => d.LandedOn <= cutOff ? d.Jobs ?? 0 : 0),
                })
                .FirstOrDefaultAsync(ct);
            // Meetings start at a moment (UTC); the cut-off day ends at midnight in Shanghai.
            var endOfCutOff = ExpoClock.ToUtc(cutOff.AddDays(1).ToDateTime(TimeOnly.MinValue));
            var meetings = await db.Meetings.AsNoTracking()
                .Where(m => m.EditionId == editionId && (m.Status == MeetingStatus.Held || m.Status == MeetingStatus.NoShow))
                .GroupBy(m => 1)
                .Select(g => new
                {
                    Held = g.Count(m => m.Status == MeetingStatus.Held),
                    HeldAt = g.Count(m => m.Status == MeetingStatus.Held && m.StartsAt < endOfCutOff),
                    NoShow = g.Count(m => m.Status == MeetingStatus.NoShow),
                    NoShowAt = g.Count(m => m.Status == MeetingStatus.NoShow && m.StartsAt < endOfCutOff),
                })
                .FirstOrDefaultAsync(ct);

            var final = deals is null ? Totals.None
                : new Totals(deals.Intended, deals.Contracted, deals.Capex, deals.Jobs, deals.Intents, deals.Contracts, deals.Landed, 0, 0);
            var atCutOff = deals is null ? Totals.None
                : new Totals(deals.IntendedAt, deals.ContractedAt, deals.CapexAt, deals.JobsAt, deals.IntentsAt, deals.ContractsAt, deals.LandedAt, 0, 0);
            return meetings is null ? (final, atCutOff) : (
                final with { Held = meetings.Held, NoShow = meetings.NoShow },
                atCutOff with { Held = meetings.HeldAt, NoShow = meetings.NoShowAt });
        }
    }
}
