using Crm.Data;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Contacts;

/// <summary>The people at a company, the primary contact first, then by name.</summary>
public static class ListContacts
{
    public sealed record Query(int CompanyId) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Id, string Code, string Name, string? NameZh, string? JobTitle, string? Email, string? Phone, bool IsPrimary,
        string? Notes, long Version) : IContactFields;

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Contacts.AsNoTracking().Where(c => c.CompanyId == request.CompanyId)
                .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Name).ThenBy(c => c.Code)
                .Select(c => new Row(c.Id, c.Code, c.Name, c.NameZh, c.JobTitle, c.Email, c.Phone, c.IsPrimary, c.Notes, c.Version))
                .ToListAsync(cancellationToken);
        }
    }
}
