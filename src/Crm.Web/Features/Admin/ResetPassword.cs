using Crm.Data;
using Crm.Data.Auditing;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>
/// An administrator sets a new password for a user (who forgot theirs); it must meet the password policy. The user's
/// other sessions end (new security stamp) and the failed sign-in count starts again.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class ResetPassword
{
    public sealed record Command(string UserId, string NewPassword) : IRequest<Unit>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UserManager<AppUser> users, IStringLocalizer<AdminText> text)
        {
            RuleFor(c => c).CustomAsync(async (command, context, ct) =>
            {
                var user = string.IsNullOrEmpty(command.UserId) ? null : await users.FindByIdAsync(command.UserId);
                if (user is null)
                {
                    context.AddFailure(new ValidationFailure(nameof(Command.UserId), text["UserNotFound"]));
                    return;
                }
                (await UserRules.PasswordFailuresAsync(users, text, user.UserName, command.NewPassword, nameof(Command.NewPassword)))
                    .ForEach(context.AddFailure);
            });
        }
    }

    internal sealed class Handler(UserManager<AppUser> users, IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var user = await db.Users.SingleAsync(u => u.Id == request.UserId, cancellationToken);
            user.PasswordHash = users.PasswordHasher.HashPassword(user, request.NewPassword);
            user.SecurityStamp = Guid.NewGuid().ToString("N");
            user.AccessFailedCount = 0;
            // The trail never holds a password or its hash, so the row-level audit sees no change here: say what happened.
            var actor = AuditScope.Current;
            db.AuditEntries.Add(new AuditEntry
            {
                At = DateTime.UtcNow,
                UserId = actor?.UserId,
                UserName = actor?.UserName,
                Operation = actor?.Operation,
                EntityType = nameof(AppUser),
                EntityKey = user.Id,
                Action = AuditAction.PasswordChanged,
                Changes = "{}",
            });
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
