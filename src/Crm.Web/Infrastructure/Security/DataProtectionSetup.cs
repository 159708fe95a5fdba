using Crm.Data;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// The Data Protection key ring lives in the CRM's database, so the sign-in cookies, anti-forgery tokens and other
/// protected data one instance issues are read by every other instance over the same database.
/// </summary>
public static class DataProtectionSetup
{
    /// <summary>
    /// Fixed, not derived from the content root: instances installed in different folders (or a new version unpacked
    /// beside the old one) must isolate their payloads under the same name to read each other's.
    /// </summary>
    public const string ApplicationName = "Crm";

    /// <remarks>
    /// The key store resolves <see cref="CrmDbContext"/> from a scope of its own, outside any request: the scoped
    /// context registered by <see cref="WebDependencyInjection.AddCrmWeb"/> works as the system (all rows, no user), which
    /// is what the key ring needs. The trail leaves its rows out (they hold the keys).
    /// </remarks>
    public static IServiceCollection AddCrmDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<CrmDbContext>();
        return services;
    }
}
