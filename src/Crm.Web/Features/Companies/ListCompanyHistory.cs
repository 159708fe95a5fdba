using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Admin;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Companies;

/// <summary>A company's history from the audit trail, newest first: who changed which field when, from what to what.</summary>
public static class ListCompanyHistory
{
    public sealed record Query(int CompanyId, int Take = 50) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(DateTime At, string? UserName, AuditAction Action, IReadOnlyList<ListAuditEntries.Change> Changes);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var key = request.CompanyId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var entries = await db.AuditEntries.AsNoTracking()
                .Where(e => e.EntityType == nameof(Company) && e.EntityKey == key)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
                .Take(Math.Clamp(request.Take, 1, 200))
                .ToListAsync(cancellationToken);
            return entries.Select(e => new Row(DateTime.SpecifyKind(e.At, DateTimeKind.Utc), e.UserName, e.Action, ListAuditEntries.ChangesOf(e.Changes)))
                .ToList();
        }
    }
}
