using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Matching;

/// <summary>The editions an administrator can score, newest first, the current one marked.</summary>
[RequiresRole(Roles.Administrator)]
public static class ListEditionChoices
{
    public sealed record Query : IRequest<IReadOnlyList<Choice>>;

    public sealed record Choice(int Number, int Year, EditionStatus Status);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Choice>>
    {
        public async Task<IReadOnlyList<Choice>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Editions.AsNoTracking()
                .OrderByDescending(e => e.Number)
                .Select(e => new Choice(e.Number, e.Year, e.Status))
                .ToListAsync(cancellationToken);
        }
    }
}
