using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>An administrator lifts a lockout after too many failed sign-ins: the lockout end and the failed count are cleared.</summary>
[RequiresRole(Roles.Administrator)]
public static class UnlockUser
{
    public sealed record Command(string UserId) : IRequest<Unit>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<AdminText> text)
        {
            RuleFor(c => c.UserId)
                .MustAsync(async (id, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Users.AnyAsync(u => u.Id == id, ct);
                })
                .WithMessage(_ => text["UserNotFound"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var user = await db.Users.SingleAsync(u => u.Id == request.UserId, cancellationToken);
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
