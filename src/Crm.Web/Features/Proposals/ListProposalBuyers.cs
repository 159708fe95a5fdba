using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Lists;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Proposals;

/// <summary>
/// The current edition's buyers a user works proposals for (a delegation lead: their delegations' buyers, the row-level
/// filter; a manager: all, or one delegation's), by name, with how their proposals stand.
/// </summary>
public static class ListProposalBuyers
{
    public const int MaxTake = 100;

    public sealed record Query(int? DelegationId = null, string? Search = null, int Skip = 0, int Take = 20) : IRequest<Page>, IPagedQuery;

    public sealed record Page(int Total, IReadOnlyList<Row> Rows);

    public sealed record Row(int BuyerId, int CompanyId, string Name, string NameZh, string City, string? Delegation, string? DelegationZh,
        int Proposals, int Requested, int Confirmed, int Declined);

    public sealed class Validator : PagedQueryValidator<Query>
    {
        public Validator(IStringLocalizer<ProposalsText> text) : base(MaxTake, () => text["PageOutOfRange"])
        {
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var buyers = db.Buyers.AsNoTracking().Where(b => b.Edition!.Status == EditionStatus.Current);
            if (request.DelegationId is { } delegation)
            {
                buyers = buyers.Where(b => b.DelegationId == delegation || b.Delegation!.ParentId == delegation);
            }
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var pattern = "%" + Like.Escape(request.Search.Trim()) + "%";
                buyers = buyers.Where(b => EF.Functions.Like(b.Company!.Name, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(b.Company.NameZh, pattern, Like.EscapeCharacter));
            }
            var total = await buyers.CountAsync(cancellationToken);
            var rows = await buyers.OrderBy(b => b.Company!.NameZh).ThenBy(b => b.Id)
                .Skip(request.Skip).Take(request.Take)
                .Select(b => new Row(b.Id, b.CompanyId, b.Company!.Name, b.Company.NameZh, b.City, b.Delegation!.Name, b.Delegation.NameZh,
                    db.Matches.Count(m => m.BuyerId == b.Id),
                    db.Matches.Count(m => m.BuyerId == b.Id && m.CounterpartDecision == MatchDecision.Accepted && m.ExhibitorDecision == MatchDecision.Proposed),
                    db.Matches.Count(m => m.BuyerId == b.Id && m.CounterpartDecision == MatchDecision.Accepted && m.ExhibitorDecision == MatchDecision.Accepted),
                    db.Matches.Count(m => m.BuyerId == b.Id && (m.CounterpartDecision == MatchDecision.Declined || m.ExhibitorDecision == MatchDecision.Declined))))
                .ToListAsync(cancellationToken);
            return new Page(total, rows);
        }
    }
}
