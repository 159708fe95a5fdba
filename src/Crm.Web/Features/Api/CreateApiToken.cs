using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Api;

/// <summary>
/// Makes an API token for the signed-in user, for another system to use the HTTP API as them (same roles, same reach).
/// The token is returned once and only its hash is kept. An account action like changing one's password: a viewer may
/// make one too (to read), so it is written as the system, for the user who asked.
/// </summary>
public static class CreateApiToken
{
    public sealed record Command(string Name, int Days = ApiTokens.DefaultDays) : IRequest<Created>;

    /// <param name="Token">The token itself: shown once, never stored.</param>
    public sealed record Created(int Id, string Token, DateTime ExpiresAt);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<ApiText> text)
        {
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["TokenNameRequired"])
                .MaximumLength(ApiToken.NameMaxLength).WithMessage(_ => text["TokenNameTooLong", ApiToken.NameMaxLength]);
            RuleFor(c => c.Days).InclusiveBetween(1, ApiTokens.MaxDays).WithMessage(_ => text["TokenDaysOutOfRange", ApiTokens.MaxDays]);
        }
    }

    internal sealed class Handler(SystemContextFactory contexts, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<Command, Created>
    {
        public async Task<Created> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await currentUser.GetAsync();
            var (row, token) = ApiTokens.Issue(user.UserId!, request.Name, request.Days, clock.GetUtcNow().UtcDateTime);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.ApiTokens.Add(row);
            await db.SaveChangesAsync(cancellationToken);
            return new Created(row.Id, token, row.ExpiresAt);
        }
    }
}
