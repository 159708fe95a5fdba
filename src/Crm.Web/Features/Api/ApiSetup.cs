using System.Text.Json.Serialization;
using Crm.Web.Features.Buyers;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Exhibitors;
using Crm.Web.Features.Imports;
using Crm.Web.Features.Matching;
using Crm.Web.Features.Meetings;
using Crm.Web.Features.Pipeline;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Api;

/// <summary>
/// The HTTP JSON API under <c>/api/v1</c>: the pages' own requests sent through the mediator, so the same validation,
/// roles, row-level reach and audit. Signed in by the sign-in cookie or by an API token; refusals as problem details in
/// the caller's language (Accept-Language, or ?culture=); the OpenAPI description at <c>/openapi/v1.json</c>.
/// </summary>
public static class ApiSetup
{
    public const string Prefix = "/api";
    public const string Policy = "Api";

    public static IServiceCollection AddCrmApi(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiTokenAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser());
        services.AddScoped<ApiErrors>();
        services.AddProblemDetails();
        services.AddOpenApi("v1", o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true);
        services.Configure<Microsoft.AspNetCore.OpenApi.OpenApiOptions>("v1", o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Expo CRM API";
            document.Info.Description = "The CRM's requests over HTTP. Sign in with a bearer API token (made on the API tokens page, or with `crm users token`) or the sign-in cookie. See docs/api.md.";
            return Task.CompletedTask;
        }));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return services;
    }

    /// <summary>Whether a request is the API's: it gets status codes, never a redirect to the sign-in page.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(Prefix);

    /// <summary>The API honours Accept-Language (the pages do not: users switch language explicitly).</summary>
    public static RequestCultureProvider CultureProvider { get; } = new CustomRequestCultureProvider(async http =>
        IsApi(http.Request) ? await new AcceptLanguageHeaderRequestCultureProvider().DetermineProviderCultureResult(http) : null);

    /// <summary>
    /// An API request that ends with an error and no body (not signed in, a parameter or body that could not be read, no such
    /// endpoint) gets problem details in the caller's language, not the pages' HTML error page. Goes after the status code pages.
    /// </summary>
    public static WebApplication UseCrmApiErrors(this WebApplication app)
    {
        app.UseWhen(http => IsApi(http.Request), branch => branch.Use(async (http, next) =>
        {
            if (http.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
            await next(http);
            if (http.Response.StatusCode >= 400 && !http.Response.HasStarted && http.Response.ContentLength is null or 0)
            {
                var text = http.RequestServices.GetRequiredService<IStringLocalizer<ApiText>>();
                var title = http.Response.StatusCode switch
                {
                    StatusCodes.Status401Unauthorized => text["Unauthorized"],
                    StatusCodes.Status403Forbidden => text["Forbidden"],
                    StatusCodes.Status404NotFound => text["NotFound"],
                    StatusCodes.Status400BadRequest => text["Unreadable"],
                    StatusCodes.Status415UnsupportedMediaType => text["Unreadable"],
                    _ => text["Failed"],
                };
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = http.Response.StatusCode, Title = title },
                });
            }
        }));
        return app;
    }

    public static WebApplication MapCrmApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        var api = app.MapGroup(Prefix + "/v1")
            .RequireAuthorization(Policy)
            .AddEndpointFilter<ApiErrors>()
            .WithTags("CRM")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/me", Me.Get).WithName("Me").WithSummary("The signed-in user: name and roles.");
        api.MapExhibitorsApi();
        api.MapBuyersApi();
        api.MapCompaniesApi();
        api.MapProposalsApi();
        api.MapPipelineApi();
        api.MapMeetingsApi();
        api.MapImportsApi();
        api.MapModelJobsApi();
        return app;
    }
}
