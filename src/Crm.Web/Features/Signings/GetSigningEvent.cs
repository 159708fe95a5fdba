using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Signings;

/// <summary>
/// One collective signing: the event, the attached deals within the user's reach (code, company, team or buyer, stage,
/// intended value as signed or as planned, in US$ and yuan), and the event's count and total value over all its deals
/// (the announced figures; deals outside the user's reach are counted, not shown).
/// </summary>
public static class GetSigningEvent
{
    public sealed record Query(int Id) : IRequest<Details?>;

    public sealed record Details(
        int Id,
        string Code,
        string Name,
        string NameZh,
        DateOnly HeldOn,
        string? Venue,
        int EditionNumber,
        long Version,
        DateTime? RecordedAt,
        string? RecordedBy,
        IReadOnlyList<Row> Deals,
        int TotalDeals,
        decimal TotalUsd,
        decimal? CnyPerUsd)
    {
        public bool IsRecorded => RecordedAt is not null;

        /// <summary>Attached deals the user does not reach: counted in the totals, not listed.</summary>
        public int OtherDeals => TotalDeals - Deals.Count;

        /// <summary>A US$ amount in yuan at the edition year's rate, or null when the year has no rate.</summary>
        public decimal? InYuan(decimal? usd) => Pipeline.DealRates.InYuan(usd, CnyPerUsd);
    }

    public sealed record Row(
        int DealId,
        string Code,
        MatchKind Kind,
        int CompanyId,
        string Company,
        string CompanyZh,
        string Party,
        string PartyZh,
        DealStage Stage,
        decimal? IntendedValue,
        DealCurrency? IntendedCurrency,
        decimal? ValueUsd,
        string? Counterpart,
        bool BeforeIntent,
        long Version);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Details?>
    {
        public async Task<Details?> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var signing = await db.SigningEvents.AsNoTracking().Where(e => e.Id == request.Id)
                .Select(e => new
                {
                    e.Id, e.Code, e.Name, e.NameZh, e.HeldOn, e.Venue, e.Edition!.Number, e.Edition.Year, e.Version, e.RecordedAt,
                    RecordedBy = e.RecordedBy!.DisplayName,
                })
                .SingleOrDefaultAsync(cancellationToken);
            if (signing is null)
            {
                return null;
            }
            var rate = await Pipeline.DealRates.CnyPerUsdAsync(db, signing.Year, cancellationToken);
            var all = await db.Deals.IgnoreQueryFilters().AsNoTracking().Where(d => d.SigningEventId == signing.Id)
                .Select(d => new { d.IntendedValueUsd, d.IntendedValue, d.IntendedCurrency })
                .ToListAsync(cancellationToken);
            var rows = (await db.Deals.AsNoTracking().Where(d => d.SigningEventId == signing.Id)
                    .OrderBy(d => d.Code)
                    .Select(d => new
                    {
                        d.Id, d.Code, d.Kind, d.Exhibitor!.CompanyId, Company = d.Exhibitor.Company!.Name, CompanyZh = d.Exhibitor.Company.NameZh,
                        Party = d.PromotionTeamId != null ? d.PromotionTeam!.Name : d.Buyer!.Company!.Name,
                        PartyZh = d.PromotionTeamId != null ? d.PromotionTeam!.NameZh : d.Buyer!.Company!.NameZh,
                        d.Stage, d.IntendedValue, d.IntendedCurrency, d.IntendedValueUsd, d.Counterpart, d.IntentSignedOn, d.Version,
                    })
                    .ToListAsync(cancellationToken))
                .Select(d => new Row(d.Id, d.Code, d.Kind, d.CompanyId, d.Company, d.CompanyZh, d.Party, d.PartyZh, d.Stage, d.IntendedValue,
                    d.IntendedCurrency, SigningRules.ValueUsd(d.IntendedValueUsd, d.IntendedValue, d.IntendedCurrency, rate), d.Counterpart,
                    SigningRules.BeforeIntent(d.Stage, d.IntentSignedOn), d.Version))
                .ToList();
            return new Details(signing.Id, signing.Code, signing.Name, signing.NameZh, signing.HeldOn, signing.Venue, signing.Number, signing.Version,
                signing.RecordedAt, signing.RecordedAt is null ? null : signing.RecordedBy, rows, all.Count,
                all.Sum(d => SigningRules.ValueUsd(d.IntendedValueUsd, d.IntendedValue, d.IntendedCurrency, rate) ?? 0m), rate);
        }
    }
}
