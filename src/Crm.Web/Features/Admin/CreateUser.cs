using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Admin;

/// <summary>
/// An administrator opens an account: user name, display name, e-mail, an initial password that meets the password
/// policy, roles, teams (with the lead flag) and the current edition's delegations the user leads. All or nothing.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class CreateUser
{
    /// <summary>Returns the new user's id.</summary>
    public sealed record Command(
        string UserName,
        string DisplayName,
        string Email,
        string Password,
        string Culture,
        IReadOnlyList<string> Roles,
        IReadOnlyList<TeamMembership> Teams,
        IReadOnlyList<int> Delegations) : IRequest<string>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(UserManager<AppUser> users, IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<AdminText> text)
        {
            RuleFor(c => c.UserName).NotEmpty().WithMessage(_ => text["UserNameRequired"])
                .MaximumLength(UserRules.MaxUserName).WithMessage(_ => text["TooLong", UserRules.MaxUserName]);
            RuleFor(c => c.DisplayName).NotEmpty().WithMessage(_ => text["DisplayNameRequired"])
                .MaximumLength(UserRules.MaxDisplayName).WithMessage(_ => text["TooLong", UserRules.MaxDisplayName]);
            RuleFor(c => c.Email).NotEmpty().WithMessage(_ => text["EmailRequired"])
                .EmailAddress().WithMessage(_ => text["Identity_InvalidEmail"]);
            RuleFor(c => c.Culture).Must(Cultures.IsSupported).WithMessage(_ => text["CultureNotSupported"]);
            RuleFor(c => c.Roles).NotEmpty().WithMessage(_ => text["RoleRequired"]);
            RuleFor(c => c).CustomAsync(async (command, context, ct) =>
            {
                var candidate = new AppUser { UserName = command.UserName, Email = command.Email };
                var failures = await UserRules.UserFailuresAsync(users, text, candidate);
                failures.AddRange(await UserRules.PasswordFailuresAsync(users, text, command.UserName, command.Password, nameof(Command.Password)));
                failures.AddRange(await UserRules.MembershipFailuresAsync(contexts, text, command.Roles, command.Teams, command.Delegations, ct));
                failures.ForEach(context.AddFailure);
            }).When(c => !string.IsNullOrEmpty(c.UserName) && !string.IsNullOrEmpty(c.Email));
        }
    }

    internal sealed class Handler(UserManager<AppUser> users, IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, string>
    {
        public async Task<string> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = new AppUser
            {
                UserName = request.UserName.Trim(),
                Email = request.Email.Trim(),
                EmailConfirmed = true,
                DisplayName = request.DisplayName.Trim(),
                PreferredCulture = Cultures.Normalize(request.Culture),
                IsActive = true,
                LockoutEnabled = users.Options.Lockout.AllowedForNewUsers,
                SecurityStamp = Guid.NewGuid().ToString("N"),
            };
            user.NormalizedUserName = users.NormalizeName(user.UserName);
            user.NormalizedEmail = users.NormalizeEmail(user.Email);
            user.PasswordHash = users.PasswordHasher.HashPassword(user, request.Password);

            // One save: the account, its roles and memberships, and their audit entries go in together or not at all.
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Users.Add(user);
            await UserRules.SetMembershipsAsync(db, user.Id, request.Roles, request.Teams, request.Delegations, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return user.Id;
        }
    }
}
