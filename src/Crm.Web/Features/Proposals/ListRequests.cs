using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Lists;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Proposals;

/// <summary>
/// The requests waiting for an exhibitor's answer (a delegation accepted, the exhibitor not yet, not lapsed), the ones
/// that lapse soonest first: what the organisers answer for the exhibitors.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class ListRequests
{
    public const int MaxTake = 100;

    public sealed record Query(int? ExhibitorId = null, int Skip = 0, int Take = 20) : IRequest<Page>, IPagedQuery;

    public sealed record Page(int Total, IReadOnlyList<Row> Rows);

    public sealed record Row(int MatchId, long Version, int ExhibitorId, string ExhibitorName, string ExhibitorNameZh, string? Booth,
        bool AutoAccepts, int BuyerCompanyId, string BuyerName, string BuyerNameZh, string? Delegation, string? DelegationZh, double Score,
        DateTime AskedAt, DateTime ExpiresAt);

    public sealed class Validator : PagedQueryValidator<Query>
    {
        public Validator(IStringLocalizer<ProposalsText> text) : base(MaxTake, () => text["PageOutOfRange"])
        {
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Query, Page>
    {
        public async Task<Page> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            var requests = db.Matches.AsNoTracking().Where(m => m.Kind == MatchKind.Procurement
                && m.CounterpartDecision == MatchDecision.Accepted && m.ExhibitorDecision == MatchDecision.Proposed && m.RequestExpiresAt > now);
            if (request.ExhibitorId is { } exhibitor)
            {
                requests = requests.Where(m => m.ExhibitorId == exhibitor);
            }
            var total = await requests.CountAsync(cancellationToken);
            var rows = await requests.OrderBy(m => m.RequestExpiresAt).ThenBy(m => m.Id)
                .Skip(request.Skip).Take(request.Take)
                .Select(m => new Row(m.Id, m.Version, m.ExhibitorId, m.Exhibitor!.Company!.Name, m.Exhibitor.Company.NameZh, m.Exhibitor.Booth,
                    m.Exhibitor.AutoAcceptsRequests, m.Buyer!.CompanyId, m.Buyer.Company!.Name, m.Buyer.Company.NameZh, m.Buyer.Delegation!.Name,
                    m.Buyer.Delegation.NameZh, m.Score, m.CounterpartDecidedAt ?? m.CreatedAt, m.RequestExpiresAt!.Value))
                .ToListAsync(cancellationToken);
            return new Page(total, rows);
        }
    }
}
