using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Home;

/// <summary>Every edition, newest first: what the organisers reported and what the CRM holds for it.</summary>
public static class GetOverview
{
    public sealed record Query : IRequest<Overview>;

    public sealed record Overview(IReadOnlyList<EditionSummary> Editions)
    {
        public bool IsEmpty => Editions.Count == 0;

        /// <summary>The edition in preparation or under way; else the newest one.</summary>
        public EditionSummary? Current =>
            Editions.FirstOrDefault(e => e.Status == EditionStatus.Current) ?? Editions.FirstOrDefault();
    }

    public sealed record EditionSummary(
        int Number,
        int Year,
        DateOnly StartsOn,
        DateOnly EndsOn,
        EditionStatus Status,
        decimal? ReportedDealValueUsdBn,
        decimal? PreviousReportedDealValueUsdBn,
        int? ReportedExhibitors,
        int? ReportedCountries,
        int Exhibitors,
        int Buyers,
        int Delegations,
        int MeetingsHeld,
        int SignedIntents,
        decimal SignedIntentValueUsd);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Overview>
    {
        public async Task<Overview> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var rows = await db.Editions
                .OrderByDescending(e => e.Number)
                .Select(e => new
                {
                    e.Number,
                    e.Year,
                    e.StartsOn,
                    e.EndsOn,
                    e.Status,
                    e.ReportedIntendedDealValueUsdBn,
                    e.ReportedExhibitors,
                    e.ReportedCountries,
                    Exhibitors = db.Exhibitors.Count(x => x.EditionId == e.Id),
                    Buyers = db.Buyers.Count(b => b.EditionId == e.Id),
                    Delegations = db.TradeDelegations.Count(d => d.EditionId == e.Id && d.ParentId == null),
                    MeetingsHeld = db.Meetings.Count(m => m.EditionId == e.Id && m.Status == MeetingStatus.Held),
                    SignedIntents = db.Deals.Count(d => d.EditionId == e.Id && d.IntentSignedOn != null),
                    SignedIntentValueUsd = db.Deals
                        .Where(d => d.EditionId == e.Id && d.IntentSignedOn != null)
                        .Sum(d => d.IntendedValueUsd),
                })
                .AsNoTracking()
                .ToListAsync(cancellationToken);

            var byNumber = rows.ToDictionary(r => r.Number);
            return new Overview(rows.Select(r => new EditionSummary(
                r.Number, r.Year, r.StartsOn, r.EndsOn, r.Status,
                r.ReportedIntendedDealValueUsdBn,
                byNumber.TryGetValue(r.Number - 1, out var previous) ? previous.ReportedIntendedDealValueUsdBn : null,
                r.ReportedExhibitors, r.ReportedCountries,
                r.Exhibitors, r.Buyers, r.Delegations, r.MeetingsHeld, r.SignedIntents,
                r.SignedIntentValueUsd ?? 0m)).ToList());
        }
    }
}
