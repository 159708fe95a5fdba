using Crm.Data;
using Crm.Web.Infrastructure;
using FluentValidation.Results;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Api;

/// <summary>Revokes one of the signed-in user's API tokens: the next request with it is refused (401).</summary>
public static class RevokeApiToken
{
    public sealed record Command(int TokenId) : IRequest<bool>;

    internal sealed class Handler(SystemContextFactory contexts, ICurrentUser currentUser, IStringLocalizer<ApiText> text, TimeProvider clock)
        : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            var user = await currentUser.GetAsync();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Someone else's token is as unknown as a token that does not exist.
            var revoked = await db.ApiTokens.Where(t => t.Id == request.TokenId && t.UserId == user.UserId && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, clock.GetUtcNow().UtcDateTime), cancellationToken);
            return revoked == 1
                ? true
                : throw new RequestValidationException([new ValidationFailure(nameof(Command.TokenId), text["TokenNotFound"])]);
        }
    }
}
