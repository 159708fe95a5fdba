using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Crm.Data;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Security;
using Crm.Web.Infrastructure.Behaviours;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Radzen;

namespace Crm.Web;

/// <remarks>Not named DependencyInjection: inside Crm.Web that name would hide <see cref="Crm.Data.DependencyInjection"/>.</remarks>
public static class WebDependencyInjection
{
    /// <summary>The configuration section bound to Blazor's <see cref="CircuitOptions"/>, e.g. Circuits:DisconnectedCircuitMaxRetained.</summary>
    public const string CircuitsSection = "Circuits";

    /// <summary>The web app: Blazor Server with Radzen, the mediator and its behaviours, localization, health checks.</summary>
    public static IServiceCollection AddCrmWeb(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        // The circuits' limits are the framework's (a disconnected circuit kept 3 minutes, at most 100 kept) unless the
        // Circuits section sets them; what each kept circuit costs is measured in docs/reliability-circuits.md.
        services.AddOptions<CircuitOptions>().BindConfiguration(CircuitsSection);
        services.AddRadzenComponents();
        services.AddLocalization();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<Features.Pipeline.PipelineOptions>().BindConfiguration(Features.Pipeline.PipelineOptions.Section);
        services.AddSingleton<Features.Pipeline.StageProbabilities>();
        // Chinese text is sent as characters, not as &#x…; escapes (a third of the size, and readable in the page source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, CurrentUser>();
        services.AddCrmMediator(typeof(WebDependencyInjection).Assembly);

        // Every context of the app carries the signed-in user's access (row-level filters, write guard): the factory
        // registered by AddCrmData (which works as the system) is replaced for the app by one bound to the user.
        services.AddScoped<CurrentAccess>();
        services.AddScoped<IDbContextFactory<CrmDbContext>, UserContextFactory>();

        // A scoped context working as the system, for Identity's stores, the Data Protection key ring and the health checks
        // only; requests use the user-bound factory above (a test checks that no handler takes this context).
        services.TryAddScoped(sp => new CrmDbContext(sp.GetRequiredService<DbContextOptions<CrmDbContext>>()));
        services.AddCrmIdentity();
        services.AddCrmDataProtection();
        services.AddCrmHealthChecks();
        return services;
    }

    /// <summary>
    /// MediatR 5 registered by hand: the handlers and FluentValidation validators of the given assemblies, and the
    /// pipeline (outermost first): storage faults (the database busy or full, told to the user), logging, authorization,
    /// validation, audit.
    /// </summary>
    public static IServiceCollection AddCrmMediator(this IServiceCollection services, params Assembly[] assemblies)
    {
        services.AddScoped<ServiceFactory>(sp => sp.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(StorageFaultBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuthorizationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehaviour<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(AuditBehaviour<,>));
        services.Scan(scan => scan.FromAssemblies(assemblies)
            .AddClasses(c => c.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false)
                .As(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
                .WithScopedLifetime()
            .AddClasses(c => c.AssignableTo(typeof(IValidator<>)), publicOnly: false)
                .As(t => t.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>)))
                .WithScopedLifetime());
        return services;
    }

    /// <summary>Chinese by default; English on request. The choice lives in the culture cookie (see SetCulture).</summary>
    public static RequestLocalizationOptions LocalizationOptions()
    {
        var options = new RequestLocalizationOptions()
            .SetDefaultCulture(Cultures.Default)
            .AddSupportedCultures([.. Cultures.Supported])
            .AddSupportedUICultures([.. Cultures.Supported]);
        // The browser's language does not decide: users work in Chinese first and switch explicitly.
        // Other systems calling the API say theirs in Accept-Language (after ?culture= and before the cookie).
        options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), Features.Api.ApiSetup.CultureProvider, new CookieRequestCultureProvider()];
        return options;
    }
}
