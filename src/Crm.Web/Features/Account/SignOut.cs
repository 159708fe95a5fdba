using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Features.Account;

/// <summary>POST /account/sign-out (with the anti-forgery token of the header's form): ends the session, back to sign-in.</summary>
public static class SignOut
{
    public const string Path = "/account/sign-out";

    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder endpoints)
    {
        // Reading the form makes the endpoint require a valid anti-forgery token (400 otherwise).
        endpoints.MapPost(Path, async (HttpContext http, IFormCollection form,
            SignInManager<AppUser> signIn, AccountAudit audit) =>
        {
            var user = CurrentUserInfo.From(http.User);
            await signIn.SignOutAsync();
            if (user.IsAuthenticated)
            {
                await audit.RecordAsync(AuditAction.SignedOut, user.UserName ?? user.UserId!, user.UserId, ct: http.RequestAborted);
            }
            return Results.LocalRedirect(Infrastructure.Security.SignInRateLimit.SignInPath);
        })
        .WithMetadata(new RequireAntiforgeryTokenAttribute())
        .ExcludeFromDescription();
        return endpoints;
    }
}
