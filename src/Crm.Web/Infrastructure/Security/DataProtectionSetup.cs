using Crm.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// Encrypts the keys with the certificate of <see cref="KeyEncryptionOptions"/> before they reach the database, and
    /// reads keys written under it or under a previous certificate. Nothing when no certificate is set.
    /// </summary>
    /// <remarks>
    /// Reads and opens the certificates at composition, so that a file that cannot be used stops the app at start-up
    /// (<see cref="CrmConfigurationException"/>) instead of at the first sign-in, or never.
    /// </remarks>
    public static IServiceCollection AddCrmKeyEncryption(this IServiceCollection services, IConfiguration configuration)
    {
        if (KeyEncryptionOptions.Read(configuration) is not { } certificates)
        {
            return services;
        }
        services.AddDataProtection()
            .ProtectKeysWithCertificate(certificates.Current)
            .UnprotectKeysWithAnyCertificate([.. certificates.Previous]);
        return services;
    }

    /// <summary>Once at start-up in Production: a warning when nothing encrypts the keys the database holds.</summary>
    public static WebApplication WarnWhenKeysAreStoredUnencrypted(this WebApplication app)
    {
        if (app.Environment.IsProduction() && app.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlEncryptor is null)
        {
            app.Logger.LogWarning(
                "The Data Protection keys are stored unencrypted in the database table DataProtectionKeys: anyone who can read " +
                "the database or its backups can forge a sign-in. Set {Setting} to a PFX certificate file to encrypt them " +
                "(docs/operations.md, \"The key ring\").",
                $"{KeyEncryptionOptions.Section}:CertificatePath");
        }
        return app;
    }
}
