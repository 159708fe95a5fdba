using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>
/// An administrator changes an account: display name, e-mail, language, active or not, roles, teams and the current
/// edition's delegations. Refused when it would leave no active administrator, or when someone changed the user meanwhile.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class UpdateUser
{
    /// <param name="ConcurrencyStamp">The user's stamp as read by <see cref="GetUser"/>: a change made since is not overwritten.</param>
    public sealed record Command(
        string UserId,
        string DisplayName,
        string Email,
        string Culture,
        bool IsActive,
        IReadOnlyList<string> Roles,
        IReadOnlyList<TeamMembership> Teams,
        IReadOnlyList<int> Delegations,
        string? ConcurrencyStamp) : IRequest<Unit>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UserManager<AppUser> users, IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<AdminText> text)
        {
            RuleFor(c => c.UserId).NotEmpty().WithMessage(_ => text["UserNotFound"]);
            RuleFor(c => c.DisplayName).NotEmpty().WithMessage(_ => text["DisplayNameRequired"])
                .MaximumLength(UserRules.MaxDisplayName).WithMessage(_ => text["TooLong", UserRules.MaxDisplayName]);
            RuleFor(c => c.Email).NotEmpty().WithMessage(_ => text["EmailRequired"])
                .EmailAddress().WithMessage(_ => text["Identity_InvalidEmail"]);
            RuleFor(c => c.Culture).Must(Cultures.IsSupported).WithMessage(_ => text["CultureNotSupported"]);
            RuleFor(c => c.Roles).NotEmpty().WithMessage(_ => text["RoleRequired"]);
            RuleFor(c => c).CustomAsync(async (command, context, ct) =>
            {
                var existing = await users.FindByIdAsync(command.UserId);
                if (existing is null)
                {
                    context.AddFailure(new ValidationFailure(nameof(Command.UserId), text["UserNotFound"]));
                    return;
                }
                var candidate = new AppUser { Id = existing.Id, UserName = existing.UserName, Email = command.Email };
                var failures = await UserRules.UserFailuresAsync(users, text, candidate);
                failures.AddRange(await UserRules.MembershipFailuresAsync(contexts, text, command.Roles, command.Teams, command.Delegations, ct));
                failures.ForEach(context.AddFailure);
            }).When(c => !string.IsNullOrEmpty(c.UserId) && !string.IsNullOrEmpty(c.Email));
        }
    }

    internal sealed class Handler(UserManager<AppUser> users, IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<AdminText> text)
        : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var user = await db.Users.SingleAsync(u => u.Id == request.UserId, cancellationToken);
            if (request.ConcurrencyStamp is not null)
            {
                db.Entry(user).Property(u => u.ConcurrencyStamp).OriginalValue = request.ConcurrencyStamp;
            }
            var rolesBefore = await db.UserRoles.Where(ur => ur.UserId == user.Id).Select(ur => ur.RoleId).OrderBy(r => r).ToListAsync(cancellationToken);

            user.DisplayName = request.DisplayName.Trim();
            user.Email = request.Email.Trim();
            user.NormalizedEmail = users.NormalizeEmail(user.Email);
            user.PreferredCulture = Cultures.Normalize(request.Culture);
            user.IsActive = request.IsActive;
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
            await UserRules.SetMembershipsAsync(db, user.Id, request.Roles, request.Teams, request.Delegations, cancellationToken);
            var rolesAfter = request.Roles.Distinct().Select(UserRules.RoleId).Order().ToList();
            if (!rolesBefore.SequenceEqual(rolesAfter) || !request.IsActive)
            {
                // Signed-in sessions of the user are re-checked against the stamp: new roles, or no access, apply at once.
                user.SecurityStamp = Guid.NewGuid().ToString("N");
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new RequestValidationException([new ValidationFailure(nameof(Command.ConcurrencyStamp), text["ChangedMeanwhile"])]);
            }
            // Checked after the change, inside its transaction: the count includes this change and any committed before it.
            await UserRules.EnsureAnActiveAdministratorRemainsAsync(db, text, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
