using Crm.Data;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Api;

/// <summary>The signed-in user's API tokens, newest first: name, hint, when made, until when, last used, revoked.</summary>
public static class ListApiTokens
{
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Id, string Name, string Hint, DateTime CreatedAt, DateTime ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt)
    {
        public bool IsActive(DateTime now) => RevokedAt is null && ExpiresAt > now;
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser currentUser) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            var user = await currentUser.GetAsync();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == user.UserId).OrderByDescending(t => t.Id)
                .Select(t => new Row(t.Id, t.Name, t.Hint, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
                .ToListAsync(cancellationToken);
        }
    }
}
