using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>
/// A company's record: its facts, what it exhibited and bought in each edition, and the deals and meetings it had, as far
/// as the user reaches (a delegation lead sees the buyer participations and deals of their delegations only; the
/// directory part, exhibiting included, is public to every signed-in user).
/// </summary>
public static class GetCompany
{
    public sealed record Query(int CompanyId) : IRequest<Record?>;

    public sealed record Record(
        int Id, string Code, string Name, string NameZh, string CountryCode, string CountryEn, string CountryZh,
        string SectorCode, string SectorEn, string SectorZh, bool IsFortune500, string? Website, long Version,
        IReadOnlyList<Exhibited> Exhibited, IReadOnlyList<Bought> Bought, IReadOnlyList<DealRow> Deals, int MeetingsHeld, int MeetingsPlanned);

    public sealed record Exhibited(int EditionNumber, int Year, string AreaEn, string AreaZh, string? Hall, string? Booth, decimal BoothAreaSqm,
        int Categories, bool InterestedInInvesting);

    public sealed record Bought(int EditionNumber, int Year, string Province, string City, decimal BudgetUsd, int WantedCategories,
        string? DelegationName, string? DelegationNameZh);

    /// <param name="Counterpart">The other side: the buyer's or team's name when the company exhibited, the exhibitor's when it bought.</param>
    public sealed record DealRow(int Id, string Code, int EditionNumber, MatchKind Kind, DealStage Stage, decimal? ValueUsd,
        string Counterpart, string CounterpartZh);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Record?>
    {
        public async Task<Record?> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var company = await db.Companies.AsNoTracking().Where(c => c.Id == request.CompanyId)
                .Select(c => new
                {
                    c.Id, c.Code, c.Name, c.NameZh, c.CountryCode, CountryEn = c.Country!.NameEn, CountryZh = c.Country.NameZh,
                    c.SectorCode, SectorEn = c.Sector!.NameEn, SectorZh = c.Sector.NameZh, c.IsFortune500, c.Website, c.Version,
                })
                .SingleOrDefaultAsync(cancellationToken);
            if (company is null)
            {
                return null;
            }
            var exhibited = await db.Exhibitors.AsNoTracking().Where(e => e.CompanyId == company.Id)
                .OrderByDescending(e => e.Edition!.Number)
                .Select(e => new Exhibited(e.Edition!.Number, e.Edition.Year, e.Area!.NameEn, e.Area.NameZh, e.Hall, e.Booth, e.BoothAreaSqm,
                    e.Categories.Count, e.InterestedInInvesting))
                .ToListAsync(cancellationToken);
            var bought = await db.Buyers.AsNoTracking().Where(b => b.CompanyId == company.Id)
                .OrderByDescending(b => b.Edition!.Number)
                .Select(b => new Bought(b.Edition!.Number, b.Edition.Year, b.Province, b.City, b.BudgetUsd, b.WantedCategories.Count,
                    b.Delegation!.Name, b.Delegation.NameZh))
                .ToListAsync(cancellationToken);
            // By the company's participations (indexed keys), not through a join on every deal and meeting.
            var exhibitorIds = await db.Exhibitors.Where(e => e.CompanyId == company.Id).Select(e => e.Id).ToListAsync(cancellationToken);
            var buyerIds = await db.Buyers.Where(b => b.CompanyId == company.Id).Select(b => b.Id).ToListAsync(cancellationToken);
            var deals = await db.Deals.AsNoTracking()
                .Where(d => exhibitorIds.Contains(d.ExhibitorId) || (d.BuyerId != null && buyerIds.Contains(d.BuyerId.Value)))
                .OrderByDescending(d => d.Edition!.Number).ThenBy(d => d.Code)
                .Select(d => new DealRow(d.Id, d.Code, d.Edition!.Number, d.Kind, d.Stage, d.ContractValueUsd ?? d.IntendedValueUsd,
                    d.Exhibitor!.CompanyId == company.Id
                        ? (d.Buyer != null ? d.Buyer.Company!.Name : d.PromotionTeam!.Name)
                        : d.Exhibitor.Company!.Name,
                    d.Exhibitor.CompanyId == company.Id
                        ? (d.Buyer != null ? d.Buyer.Company!.NameZh : d.PromotionTeam!.NameZh)
                        : d.Exhibitor.Company!.NameZh))
                .ToListAsync(cancellationToken);
            var meetings = await db.Meetings.AsNoTracking()
                .Where(m => exhibitorIds.Contains(m.ExhibitorId) || (m.BuyerId != null && buyerIds.Contains(m.BuyerId.Value)))
                .GroupBy(m => m.Status == MeetingStatus.Held)
                .Select(g => new { Held = g.Key, Count = g.Count(m => m.Status != MeetingStatus.Cancelled && m.Status != MeetingStatus.NoShow) })
                .ToListAsync(cancellationToken);
            return new Record(company.Id, company.Code, company.Name, company.NameZh, company.CountryCode, company.CountryEn, company.CountryZh,
                company.SectorCode, company.SectorEn, company.SectorZh, company.IsFortune500, company.Website, company.Version, exhibited, bought, deals,
                meetings.Where(m => m.Held).Sum(m => m.Count), meetings.Where(m => !m.Held).Sum(m => m.Count));
        }
    }
}
