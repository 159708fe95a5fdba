using Crm.Data;
using Crm.Web;
using Crm.Web.Components;
using Crm.Web.Features.Preferences;
using Crm.Web.Setup;

if (Crm.Web.Cli.CrmCommandLine.Handles(args)) return await Crm.Web.Cli.CrmCommandLine.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.Services.AddCrmData(builder.Configuration);
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

var app = builder.Build();
await app.Services.PrepareDatabaseAsync(app.Configuration, app.Logger);

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
}
app.UseStatusCodePagesWithReExecute("/not-found");
app.UseRequestLocalization(WebDependencyInjection.LocalizationOptions());
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthChecks("/health");
app.MapSetCulture();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests (WebApplicationFactory).</summary>
public partial class Program;
