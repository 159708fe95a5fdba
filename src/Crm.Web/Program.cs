using Crm.Data;
using Crm.Web;
using Crm.Web.Components;
using Crm.Web.Features.Account;
using Crm.Web.Features.Api;
using Crm.Web.Features.Buyers;
using Crm.Web.Features.Companies;
using Crm.Web.Features.Dashboard;
using Crm.Web.Features.Exhibitors;
using Crm.Web.Features.Forecast;
using Crm.Web.Features.Imports;
using Crm.Web.Features.Teams;
using Crm.Web.Infrastructure;
using Crm.Web.Features.Matching;
using Crm.Web.Features.Preferences;
using Crm.Web.Features.Meetings;
using Crm.Web.Features.ServiceIssues;
using Crm.Web.Infrastructure.Security;
using Crm.Web.Setup;
using Microsoft.AspNetCore.Authorization;

if (Crm.Web.Cli.CrmCommandLine.Handles(args)) return await Crm.Web.Cli.CrmCommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.Services.AddCrmData(builder.Configuration);
    builder.Services.AddCrmForwardedHeaders(builder.Configuration);
    builder.Services.AddCrmKeyEncryption(builder.Configuration);
    Crm.Web.Infrastructure.Jobs.JobOptions.Check(builder.Configuration);
}
catch (CrmConfigurationException ex)
{
    // A configuration that cannot work stops the app at start-up with the reason, not with a stack trace.
    await Console.Error.WriteLineAsync("Crm.Web cannot start: " + ex.Message);
    return Crm.Web.Cli.ExitCode.DatabaseError;
}
// Serves the static files of packages (Radzen) from a build output too, not only from a published app.
builder.WebHost.UseStaticWebAssets();
builder.Services.AddCrmWeb();
builder.Services.AddCrmMatching();
builder.Services.AddCrmForecast();
builder.Services.AddCrmImports();
builder.Services.AddCrmAuthentication(builder.Configuration);
builder.Services.AddCrmApi();

var app = builder.Build();
app.WarnWhenKeysAreStoredUnencrypted();
await app.Services.PrepareDatabaseAsync(app.Configuration, app.Logger);

// First: everything after it (the error page, HTTPS, the cookies, sign-in redirects, the rate limit, the audit) sees the
// client's address and scheme, when a proxy is trusted (Proxy:KnownProxies, Proxy:KnownNetworks).
app.UseCrmForwardedHeaders();

if (!app.Environment.IsDevelopment())
{
    // A scope of its own for the error page: a failed Blazor page has initialised this request's scoped services (its
    // NavigationManager), and rendering /Error in the same scope would fail too, leaving a bare 500.
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
// After the exception handler: it clears the headers of a failed response and runs the pipeline again from here.
app.UseCrmSecurity();
app.UseStatusCodePagesWithReExecute("/not-found");
app.UseRequestLocalization(WebDependencyInjection.LocalizationOptions());
// After the status code pages (it turns them off for the API) and the language (its messages are in the caller's).
app.UseCrmApiErrors();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

// Every endpoint and page needs a signed-in user (the fallback policy), except these.
app.MapStaticAssets().AllowAnonymous();
app.MapCrmHealth();
app.MapGroup("").AllowAnonymous().MapSetCulture();
app.MapSignOut();
app.MapExhibitorExports();
app.MapBuyerExports();
app.MapImportReports();
app.MapTeamExports();
app.MapCompanyExports();
app.MapServiceIssueExports();
app.MapScheduleExport();
app.MapDashboardRecordsExport();
app.MapDashboardBreakdownExport();
app.MapCrmApi();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode()
    .Add(endpoint =>
    {
        // The error and not-found pages are shown to anyone (they are also what a failed anonymous request gets), and
        // Blazor's own script is a static file; the sign-in page says [AllowAnonymous] itself.
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } route } && AnonymousRoutes.Any(r => route.StartsWith(r, StringComparison.OrdinalIgnoreCase)))
        {
            endpoint.Metadata.Add(new AllowAnonymousAttribute());
        }
    });

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests (WebApplicationFactory).</summary>
public partial class Program
{
    private static readonly string[] AnonymousRoutes = ["/Error", "/not-found", "/_framework/", "_framework/"];
}
