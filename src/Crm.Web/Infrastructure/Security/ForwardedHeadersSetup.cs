using Microsoft.AspNetCore.HttpOverrides;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// Behind nginx the connection comes from the proxy and speaks plain HTTP: without the forwarded headers the app would
/// count every user's sign-in attempts under the proxy's address, audit that address for everyone, and build its
/// redirects with <c>http://</c> behind TLS. With <see cref="ProxyOptions"/> naming the proxies, ASP.NET Core's
/// forwarded headers middleware gives each request the client's address and scheme, from those proxies only.
/// </summary>
public static class ForwardedHeadersSetup
{
    /// <summary>
    /// Reads the <c>Proxy</c> section at composition, so that a setting that cannot be read stops the app at start-up
    /// (<see cref="Crm.Data.CrmConfigurationException"/>) instead of leaving it to trust nobody, or the wrong proxy.
    /// </summary>
    /// <remarks>
    /// X-Forwarded-For and X-Forwarded-Proto only. Not X-Forwarded-Host: nginx passes the browser's Host through
    /// (<c>proxy_set_header Host $host</c>), and it does not remove an X-Forwarded-Host the client sent, so reading it
    /// would let anyone choose the host of the app's absolute redirect URLs. The framework's defaults (the loopback
    /// address trusted) are cleared: what the operator lists is exactly what is trusted.
    /// </remarks>
    public static IServiceCollection AddCrmForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        if (ProxyOptions.Read(configuration) is not { } trusted)
        {
            return services;
        }
        services.AddSingleton(trusted);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = trusted.ForwardLimit;
            options.KnownProxies.Clear();
            options.KnownNetworks.Clear();
            foreach (var proxy in trusted.Proxies)
            {
                options.KnownProxies.Add(proxy);
            }
            foreach (var network in trusted.Networks)
            {
                options.KnownNetworks.Add(new Microsoft.AspNetCore.HttpOverrides.IPNetwork(network.BaseAddress, network.PrefixLength));
            }
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline, when proxies are trusted: the error page, HTTPS redirection and HSTS, the cookies' Secure
    /// flag, authentication's redirects, the sign-in rate limit and the audit all read the address and scheme it sets.
    /// </summary>
    public static WebApplication UseCrmForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetService<TrustedProxies>() is not null)
        {
            app.UseForwardedHeaders();
        }
        return app;
    }
}
