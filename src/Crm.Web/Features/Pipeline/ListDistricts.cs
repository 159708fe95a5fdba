using Crm.Data;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Pipeline;

/// <summary>The districts and parks a project can land in, by code.</summary>
public static class ListDistricts
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(string Code, string NameEn, string NameZh);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Districts.AsNoTracking().OrderBy(d => d.Code).Select(d => new Row(d.Code, d.NameEn, d.NameZh)).ToListAsync(cancellationToken);
        }
    }
}
