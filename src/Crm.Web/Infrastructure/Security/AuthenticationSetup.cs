using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// Who may reach what: Identity's cookie, a fallback policy that requires a signed-in user on every endpoint and page
/// (the sign-in page, /health, /culture, static files, /Error and /not-found opt out), the circuit's revalidated
/// authentication state, anti-forgery and the sign-in rate limit.
/// </summary>
public static class AuthenticationSetup
{
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddCrmAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "crm.auth";
            cookie.Cookie.HttpOnly = true;
            // Lax, not Strict: a link to a CRM page from a mail or a chat must arrive signed in (Strict would drop the
            // cookie on that first cross-site navigation and send the user to the sign-in page). Every change is a
            // POST with an anti-forgery token, so Lax leaves no cross-site write open.
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = SessionLifetime;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = SignInRateLimit.SignInPath;
            cookie.LogoutPath = "/account/sign-out";
            cookie.AccessDeniedPath = "/not-found";
            cookie.ReturnUrlParameter = "returnUrl";
            // The API answers with status codes: another system has no sign-in page to be sent to.
            cookie.Events.OnRedirectToLogin = context => ApiOr(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiOr(context, StatusCodes.Status403Forbidden);
        });
        // The security stamp (changed by a password change or by an administrator) is checked on every request's
        // cookie at most this often; circuits check it with RevalidatingIdentityAuthenticationStateProvider.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "crm.antiforgery";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityAuthenticationStateProvider>();
        services.AddScoped<AccountAudit>();
        services.AddSignInRateLimit(configuration);

        if (configuration.GetValue("Web:HttpsRedirection", false))
        {
            services.AddHsts(o =>
            {
                o.MaxAge = TimeSpan.FromDays(365);
                o.IncludeSubDomains = false;
            });
        }
        return services;
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (Features.Api.ApiSetup.IsApi(context.Request))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }

    /// <summary>Security headers, HTTPS (when configured), authentication, authorization and the sign-in rate limit, in order.</summary>
    public static WebApplication UseCrmSecurity(this WebApplication app)
    {
        app.UseSecurityHeaders();
        if (app.Configuration.GetValue("Web:HttpsRedirection", false))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        return app;
    }
}
