using Crm.Data;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Views;

/// <summary>Deletes one of the signed-in user's saved views (another user's view is not theirs to see, so nothing happens).</summary>
public static class DeleteView
{
    public sealed record Command(int Id) : IRequest<bool>, IWriteRequest;

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var view = await db.SavedViews.SingleOrDefaultAsync(v => v.Id == request.Id, cancellationToken);
            if (view is null)
            {
                return false;
            }
            db.SavedViews.Remove(view);
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
    }
}
