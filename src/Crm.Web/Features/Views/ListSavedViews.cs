using Crm.Data;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Views;

/// <summary>The signed-in user's saved views of a list, by name (the context shows each user only their own).</summary>
public static class ListSavedViews
{
    public sealed record Query(string List) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Id, string Name, string Query, bool IsDefault);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.SavedViews.AsNoTracking().Where(v => v.List == request.List)
                .OrderBy(v => v.Name)
                .Select(v => new Row(v.Id, v.Name, v.Query, v.IsDefault))
                .ToListAsync(cancellationToken);
        }
    }
}
