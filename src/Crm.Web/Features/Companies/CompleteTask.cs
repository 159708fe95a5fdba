using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Companies;

/// <summary>Marks an open task done (or, with <see cref="Command.Done"/> false, open again). Only a task the user can see.</summary>
public static class CompleteTask
{
    public sealed record Command(int ActivityId, bool Done = true) : IRequest<Unit>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<CompaniesText> text)
        {
            RuleFor(c => c.ActivityId)
                .MustAsync(async (id, ct) =>
                {
                    // The user's own context: a task outside their reach is "not found", as for any record they cannot see.
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Activities.AnyAsync(a => a.Id == id && a.Kind == ActivityKind.Task, ct);
                })
                .WithMessage(_ => text["TaskNotFound"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var task = await db.Activities.SingleAsync(a => a.Id == request.ActivityId, cancellationToken);
            var completedAt = request.Done ? task.CompletedAt ?? clock.GetUtcNow().UtcDateTime : (DateTime?)null;
            if (task.CompletedAt != completedAt)
            {
                task.CompletedAt = completedAt;
                await db.SaveChangesAsync(cancellationToken);
            }
            return Unit.Value;
        }
    }
}
