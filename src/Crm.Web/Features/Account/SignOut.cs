using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Account;

/// <summary>POST /account/sign-out (with the anti-forgery token of the header's form): ends the session, back to sign-in.</summary>
public static class SignOut
{
    public const string Path = "/account/sign-out";

    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, async (HttpContext http, SignInManager<AppUser> signIn, AccountAudit audit, IStringLocalizer<AccountText> text) =>
        {
            // The anti-forgery middleware checked the token (the endpoint asks for it below); refuse a request without it.
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                // With a body, so the status-code pages do not run the POST again on another page.
                return Results.Text(text["FormExpired"], statusCode: StatusCodes.Status400BadRequest);
            }
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
