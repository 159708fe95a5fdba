using System.Linq.Expressions;
using Crm.Data;
using Crm.Data.Entities;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using By = Crm.Web.Features.Dashboard.GetDashboardBreakdown.By;

namespace Crm.Web.Features.Dashboard;

/// <summary>
/// The records behind one dashboard number (issue 8, drill-down): the deals, meetings or matches a <see cref="DashboardSlice"/>
/// names, selected exactly as <see cref="GetDashboardHeadlines"/> and <see cref="GetDashboardBreakdown"/> count them, so
/// that they add up to the number clicked. The row-level filters of the context decide what is listed, as they decide
/// what the dashboard counts: a team member asking for another team's row gets no records (and no refusal), just as
/// their dashboard has no such row.
/// </summary>
public static class ListDashboardRecords
{
    public const int KeyMaxLength = 100;

    public sealed record Query(DashboardSlice Slice) : IRequest<Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<DashboardText> text)
        {
            RuleFor(q => q.Slice).NotNull().WithMessage(_ => text["RecordsAddressUnreadable"]).DependentRules(() =>
            {
                RuleFor(q => q.Slice.EditionNumber)
                    .MustAsync((number, ct) => DashboardEditions.ExistsAsync(contexts, number, ct))
                    .WithMessage(q => text["EditionUnknown", q.Slice.EditionNumber]);
                RuleFor(q => q.Slice.Measure).IsInEnum().WithMessage(_ => text["RecordsMeasureUnknown"]);
                RuleFor(q => q.Slice.By).IsInEnum().WithMessage(_ => text["BreakdownUnknown"]);
                RuleFor(q => q.Slice.Key).MaximumLength(KeyMaxLength).WithMessage(_ => text["RecordsKeyTooLong", KeyMaxLength]);
            });
        }
    }

    /// <summary>Which records a measure lists: deals (intents, contracts, landed), meetings or matches.</summary>
    public enum RecordKind { Deals, Meetings, Matches }

    public static RecordKind KindOf(DashboardMeasure measure) => measure switch
    {
        DashboardMeasure.Intents or DashboardMeasure.Contracts or DashboardMeasure.Landed => RecordKind.Deals,
        DashboardMeasure.MeetingsHeld or DashboardMeasure.Attendance => RecordKind.Meetings,
        _ => RecordKind.Matches,
    };

    /// <summary>
    /// The records of the slice: only the list of its <see cref="Kind"/> holds any. <paramref name="Row"/> names the breakdown
    /// row (null without one).
    /// </summary>
    public sealed record Result(
        DashboardSlice Slice,
        RowName? Row,
        Totals Totals,
        IReadOnlyList<DealRow> Deals,
        IReadOnlyList<MeetingRow> Meetings,
        IReadOnlyList<MatchRow> Matches)
    {
        public RecordKind Kind => KindOf(Slice.Measure);
    }

    /// <summary>A breakdown row's name in both languages: a delegation's, team's, sector's, area's or country's; a province its Chinese name and its English one; "" for the "(none)" row.</summary>
    public sealed record RowName(string Key, string Name, string NameZh)
    {
        public bool IsNone => Key.Length == 0;
    }

    /// <summary>
    /// What the records add up to. For deals each value is summed as the dashboard sums it: an intended value when the
    /// intent is signed (by the cut-off day, if any), a contract value when the contract is, capex and jobs when the
    /// project has landed. For meetings: held, no-shows and the distinct pairs (exhibitor with buyer or team) that met.
    /// </summary>
    public sealed record Totals(
        int Records, decimal IntendedValueUsd, decimal ContractValueUsd, decimal CapexUsd, int Jobs, int Held, int NoShows, int Pairs)
    {
        /// <summary>No-shows ÷ (held + no-shows), to four decimals, as the headline; null without either.</summary>
        public decimal? NoShowRate => Held + NoShows == 0 ? null : Math.Round((decimal)NoShows / (Held + NoShows), 4);
    }

    /// <summary>A deal, with its counterpart (the promotion team of an investment deal, the buyer of a procurement deal) and the buyer's own delegation.</summary>
    public sealed record DealRow(
        int Id,
        string Code,
        MatchKind Kind,
        string Exhibitor,
        string ExhibitorZh,
        string? Counterpart,
        string? CounterpartZh,
        string? Delegation,
        string? DelegationZh,
        string? Sector,
        string? SectorZh,
        string? Country,
        string? CountryZh,
        DealStage Stage,
        decimal? IntendedValueUsd,
        DateOnly? IntentSignedOn,
        decimal? ContractValueUsd,
        DateOnly? ContractSignedOn,
        DateOnly? LandedOn,
        decimal? CapexUsd,
        int? Jobs);

    /// <param name="StartsAt">UTC.</param>
    /// <param name="ExhibitorId">With <paramref name="BuyerId"/> or <paramref name="TeamId"/>: the pair that met.</param>
    public sealed record MeetingRow(
        int Id,
        string Code,
        MatchKind Kind,
        DateTime StartsAt,
        MeetingStatus Status,
        int ExhibitorId,
        string Exhibitor,
        string ExhibitorZh,
        int? BuyerId,
        int? TeamId,
        string? Counterpart,
        string? CounterpartZh,
        MeetingPlace Place,
        string? TableCode);

    /// <param name="CreatedAt">UTC.</param>
    public sealed record MatchRow(
        int Id,
        MatchKind Kind,
        string Exhibitor,
        string ExhibitorZh,
        string? Counterpart,
        string? CounterpartZh,
        double Score,
        int Rank,
        MatchDecision ExhibitorDecision,
        MatchDecision CounterpartDecision,
        DateTime CreatedAt);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Result>
    {
        public async Task<Result> Handle(Query request, CancellationToken cancellationToken)
        {
            var slice = request.Slice;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var selection = await SelectionAsync(db, slice, cancellationToken);
            var row = slice.By is { } by ? await RowAsync(db, by, selection, cancellationToken) : null;

            switch (KindOf(slice.Measure))
            {
                case RecordKind.Deals:
                    var deals = await DealsAsync(db, selection, cancellationToken);
                    return new Result(slice, row, DealTotals(deals, slice.Until), deals, [], []);
                case RecordKind.Meetings:
                    var meetings = await MeetingsAsync(db, selection, cancellationToken);
                    return new Result(slice, row, new Totals(meetings.Count, 0, 0, 0, 0,
                        meetings.Count(m => m.Status == MeetingStatus.Held), meetings.Count(m => m.Status == MeetingStatus.NoShow),
                        meetings.Select(m => (m.ExhibitorId, m.BuyerId, m.TeamId)).Distinct().Count()), [], meetings, []);
                default:
                    var matches = await MatchesAsync(db, selection, cancellationToken);
                    return new Result(slice, row, new Totals(matches.Count, 0, 0, 0, 0, 0, 0, 0), [], [], matches);
            }
        }

        /// <summary>
        /// A slice resolved for querying: its edition's id; the values its row's key takes in the records (null without a
        /// row): the key itself, or for a delegation every code that has it (D09-SH, D08-SH …); the end of its cut-off day.
        /// </summary>
        private sealed record Selection(DashboardSlice Slice, int EditionId, string[]? RowKeys, DateTime? EndOfUntil);

        private static async Task<Selection> SelectionAsync(CrmDbContext db, DashboardSlice slice, CancellationToken ct)
        {
            var editionId = await db.Editions.Where(e => e.Number == slice.EditionNumber).Select(e => e.Id).SingleAsync(ct);
            var key = slice.Key ?? "";
            string[]? keys = slice.By switch
            {
                null => null,
                // "" (no delegation) is also what a missing code reads as.
                By.Delegation or By.SubDelegation => [.. await DelegationCodesAsync(db, key, ct), .. key.Length == 0 ? [""] : Array.Empty<string>()],
                _ => [key],
            };
            // Meetings start, and matches are made, at a moment (UTC); the cut-off day ends at midnight in Shanghai.
            DateTime? endOfUntil = slice.Until is { } until ? ExpoClock.ToUtc(until.AddDays(1).ToDateTime(TimeOnly.MinValue)) : null;
            return new Selection(slice, editionId, keys, endOfUntil);
        }

        private static async Task<List<DealRow>> DealsAsync(CrmDbContext db, Selection selection, CancellationToken ct)
        {
            var slice = selection.Slice;
            var deals = db.Deals.AsNoTracking().Where(d => d.EditionId == selection.EditionId);
            // As the headlines: each measure by its own date, the day inclusive.
            deals = (slice.Measure, slice.Until) switch
            {
                (DashboardMeasure.Intents, { } until) => deals.Where(d => d.IntentSignedOn <= until),
                (DashboardMeasure.Intents, null) => deals.Where(d => d.IntentSignedOn != null),
                (DashboardMeasure.Contracts, { } until) => deals.Where(d => d.ContractSignedOn <= until),
                (DashboardMeasure.Contracts, null) => deals.Where(d => d.ContractSignedOn != null),
                (DashboardMeasure.Landed, { } until) => deals.Where(d => d.LandedOn <= until),
                _ => deals.Where(d => d.LandedOn != null),
            };
            deals = InRow(deals, DealParties, selection);
            var ordered = slice.Measure switch
            {
                DashboardMeasure.Intents => deals.OrderByDescending(d => d.IntendedValueUsd),
                DashboardMeasure.Contracts => deals.OrderByDescending(d => d.ContractValueUsd),
                _ => deals.OrderByDescending(d => d.CapexUsd),
            };
            return await ordered.ThenBy(d => d.Code)
                .Select(d => new DealRow(
                    d.Id, d.Code, d.Kind,
                    d.Exhibitor!.Company!.Name, d.Exhibitor.Company.NameZh,
                    d.PromotionTeam != null ? d.PromotionTeam.Name : d.Buyer!.Company!.Name,
                    d.PromotionTeam != null ? d.PromotionTeam.NameZh : d.Buyer!.Company!.NameZh,
                    d.Buyer!.Delegation!.Name, d.Buyer.Delegation.NameZh,
                    d.Exhibitor.Company.Sector!.NameEn, d.Exhibitor.Company.Sector.NameZh,
                    d.Exhibitor.Company.Country!.NameEn, d.Exhibitor.Company.Country.NameZh,
                    d.Stage,
                    d.IntendedValueUsd, d.IntentSignedOn, d.ContractValueUsd, d.ContractSignedOn, d.LandedOn, d.CapexUsd, d.Jobs))
                .ToListAsync(ct);
        }

        /// <summary>Each value summed when its own date is set and, with a cut-off, on or before it (as <see cref="GetDashboardHeadlines"/> sums).</summary>
        private static Totals DealTotals(List<DealRow> deals, DateOnly? until)
        {
            bool By(DateOnly? day) => day is { } d && (until is null || d <= until);
            var landed = deals.Where(d => By(d.LandedOn)).ToList();
            return new Totals(
                deals.Count,
                deals.Where(d => By(d.IntentSignedOn)).Sum(d => d.IntendedValueUsd ?? 0m),
                deals.Where(d => By(d.ContractSignedOn)).Sum(d => d.ContractValueUsd ?? 0m),
                landed.Sum(d => d.CapexUsd ?? 0m),
                landed.Sum(d => d.Jobs ?? 0),
                0, 0, 0);
        }

        private static async Task<List<MeetingRow>> MeetingsAsync(CrmDbContext db, Selection selection, CancellationToken ct)
        {
            var meetings = db.Meetings.AsNoTracking().Where(m => m.EditionId == selection.EditionId);
            meetings = selection.Slice.Measure == DashboardMeasure.MeetingsHeld
                ? meetings.Where(m => m.Status == MeetingStatus.Held)
                : meetings.Where(m => m.Status == MeetingStatus.Held || m.Status == MeetingStatus.NoShow);
            if (selection.EndOfUntil is { } end)
            {
                meetings = meetings.Where(m => m.StartsAt < end);
            }
            return await InRow(meetings, MeetingParties, selection)
                .OrderBy(m => m.StartsAt).ThenBy(m => m.Code)
                .Select(m => new MeetingRow(
                    m.Id, m.Code, m.BuyerId != null ? MatchKind.Procurement : MatchKind.Investment, m.StartsAt, m.Status,
                    m.ExhibitorId, m.Exhibitor!.Company!.Name, m.Exhibitor.Company.NameZh, m.BuyerId, m.PromotionTeamId,
                    m.PromotionTeam != null ? m.PromotionTeam.Name : m.Buyer!.Company!.Name,
                    m.PromotionTeam != null ? m.PromotionTeam.NameZh : m.Buyer!.Company!.NameZh,
                    m.Place, m.TableCode))
                .ToListAsync(ct);
        }

        private static async Task<List<MatchRow>> MatchesAsync(CrmDbContext db, Selection selection, CancellationToken ct)
        {
            var matches = db.Matches.AsNoTracking().Where(m => m.EditionId == selection.EditionId);
            if (selection.Slice.Measure == DashboardMeasure.Accepted)
            {
                matches = matches.Where(m => m.ExhibitorDecision == MatchDecision.Accepted && m.CounterpartDecision == MatchDecision.Accepted);
            }
            if (selection.EndOfUntil is { } end)
            {
                matches = matches.Where(m => m.CreatedAt < end);
            }
            return await InRow(matches, MatchParties, selection)
                .OrderByDescending(m => m.Score).ThenBy(m => m.Id)
                .Select(m => new MatchRow(
                    m.Id, m.Kind,
                    m.Exhibitor!.Company!.Name, m.Exhibitor.Company.NameZh,
                    m.PromotionTeam != null ? m.PromotionTeam.Name : m.Buyer!.Company!.Name,
                    m.PromotionTeam != null ? m.PromotionTeam.NameZh : m.Buyer!.Company!.NameZh,
                    m.Score, m.Rank, m.ExhibitorDecision, m.CounterpartDecision, m.CreatedAt))
                .ToListAsync(ct);
        }

        /// <summary>Who a deal, meeting or match is between: what the breakdowns key on, and whether it is a procurement record.</summary>
        private sealed record Parties<T>(
            Expression<Func<T, bool>> Procurement,
            Expression<Func<T, Buyer?>> Buyer,
            Expression<Func<T, PromotionTeam?>> Team,
            Expression<Func<T, Exhibitor?>> Exhibitor);

        private static readonly Parties<Deal> DealParties = new(d => d.Kind == MatchKind.Procurement, d => d.Buyer, d => d.PromotionTeam, d => d.Exhibitor);

        /// <summary>A meeting has a buyer (procurement) or a promotion team (investment).</summary>
        private static readonly Parties<Meeting> MeetingParties = new(m => m.BuyerId != null, m => m.Buyer, m => m.PromotionTeam, m => m.Exhibitor);

        private static readonly Parties<Match> MatchParties = new(m => m.Kind == MatchKind.Procurement, m => m.Buyer, m => m.PromotionTeam, m => m.Exhibitor);

        /// <summary>
        /// The records of the slice's breakdown row (all of them without one), keyed exactly as <see cref="GetDashboardBreakdown"/>
        /// keys its rows: the same kind of record, the same path to the key, a missing key read as "".
        /// </summary>
        private static IQueryable<T> InRow<T>(IQueryable<T> records, Parties<T> parties, Selection selection)
        {
            if (selection is not { Slice.By: { } by, RowKeys: { } keys })
            {
                return records;
            }
            records = by switch
            {
                By.Delegation or By.SubDelegation or By.Province => records.Where(parties.Procurement),
                By.Team => records.Where(Not(parties.Procurement)),
                _ => records,
            };
            var keyOf = by switch
            {
                By.Delegation => Compose(parties.Buyer, b => b!.Delegation!.Parent != null ? b.Delegation.Parent.Code : b.Delegation.Code),
                By.SubDelegation => Compose(parties.Buyer, b => b!.Delegation!.Code),
                By.Team => Compose(parties.Team, t => t!.Code),
                By.Area => Compose(parties.Exhibitor, e => e!.AreaCode),
                By.Sector => Compose(parties.Exhibitor, e => e!.Company!.SectorCode),
                By.Country => Compose(parties.Exhibitor, e => e!.Company!.CountryCode),
                By.Province => Compose(parties.Buyer, b => b!.Province),
                _ => throw new ArgumentOutOfRangeException(nameof(selection)),
            };
            return records.Where(KeyIn(keyOf, keys));
        }

        /// <summary>Every delegation code (of any edition) whose key is <paramref name="key"/>: "SH" → D09-SH, D08-SH ….</summary>
        private static async Task<List<string>> DelegationCodesAsync(CrmDbContext db, string key, CancellationToken ct)
        {
            var suffix = "-" + key;
            var codes = await db.TradeDelegations.AsNoTracking()
                .Where(t => t.Code == key || t.Code.EndsWith(suffix))
                .Select(t => t.Code).Distinct().ToListAsync(ct);
            return codes.Where(code => DashboardEditions.DelegationKey(code) == key).ToList();
        }

        /// <summary>
        /// The row's names: the team's, sector's, area's or country's of that code; for a delegation, this edition's of that
        /// key, else the latest before it (the previous edition's, as the breakdown names a row only it has); a province's own,
        /// and its English one.
        /// </summary>
        private static async Task<RowName> RowAsync(CrmDbContext db, By by, Selection selection, CancellationToken ct)
        {
            var key = selection.Slice.Key ?? "";
            if (key.Length == 0)
            {
                return new RowName("", "", "");
            }
            var number = selection.Slice.EditionNumber;
            var names = by switch
            {
                By.Delegation or By.SubDelegation => await db.TradeDelegations.AsNoTracking()
                    .Where(t => selection.RowKeys!.Contains(t.Code))
                    .OrderBy(t => t.Edition!.Number == number ? 0 : t.Edition.Number < number ? 1 : 2).ThenByDescending(t => t.Edition!.Number)
                    .Select(t => new Names(t.Name, t.NameZh)).FirstOrDefaultAsync(ct),
                By.Team => await db.PromotionTeams.AsNoTracking().Where(t => t.Code == key).Select(t => new Names(t.Name, t.NameZh)).FirstOrDefaultAsync(ct),
                By.Sector => await db.Sectors.AsNoTracking().Where(s => s.Code == key).Select(s => new Names(s.NameEn, s.NameZh)).FirstOrDefaultAsync(ct),
                By.Area => await db.ExhibitionAreas.AsNoTracking().Where(a => a.Code == key).Select(a => new Names(a.NameEn, a.NameZh)).FirstOrDefaultAsync(ct),
                By.Country => await db.Countries.AsNoTracking().Where(c => c.Code == key).Select(c => new Names(c.NameEn, c.NameZh)).FirstOrDefaultAsync(ct),
                _ => new Names(ChinaProvinces.InEnglish(key), key), // provinces are kept by their Chinese name
            };
            return names is { Name.Length: > 0 } ? new RowName(key, names.Name, names.NameZh) : new RowName(key, key, key);
        }

        private sealed record Names(string Name, string NameZh);

        private static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
            Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

        /// <summary><c>record => key(party(record))</c>, one expression EF translates into the joins the breakdown's own key makes.</summary>
        private static Expression<Func<T, string?>> Compose<T, TParty>(Expression<Func<T, TParty?>> party, Expression<Func<TParty?, string?>> key)
            where TParty : class =>
            Expression.Lambda<Func<T, string?>>(new Substitute(key.Parameters[0], party.Body).Visit(key.Body), party.Parameters);

        /// <summary><c>record => keys.Contains(key(record) ?? "")</c>, with the keys as a query parameter.</summary>
        private static Expression<Func<T, bool>> KeyIn<T>(Expression<Func<T, string?>> key, string[] keys)
        {
            Expression<Func<string, bool>> contains = value => keys.Contains(value);
            var body = new Substitute(contains.Parameters[0], Expression.Coalesce(key.Body, Expression.Constant(""))).Visit(contains.Body);
            return Expression.Lambda<Func<T, bool>>(body, key.Parameters);
        }

        private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
        {
            protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
        }
    }
}
