using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Crm.Data;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// The <c>DataProtection</c> configuration section: the certificate that encrypts the Data Protection keys before they
/// are written to the database, so that reading the database (or a backup of it) is not enough to forge a sign-in.
/// Without it the keys are stored as they are, readable by anyone who can read the table.
/// </summary>
public sealed class KeyEncryptionOptions
{
    public const string Section = "DataProtection";

    /// <summary>
    /// <c>DataProtection:CertificatePath</c>: a PFX (PKCS#12) file holding an RSA certificate and its private key. New keys
    /// are encrypted with it; every instance over the same database needs the same file.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary><c>DataProtection:CertificatePassword</c>: the password of that file, and of the previous ones; none when unset.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// <c>DataProtection:PreviousCertificatePaths</c>: after a change of certificate, the files of the former ones,
    /// separated by <c>;</c>. They are never used to encrypt, only to read the keys written under them.
    /// </summary>
    public string? PreviousCertificatePaths { get; set; }

    /// <summary>
    /// The certificates this section names, opened, or null when it names none (the keys are then stored unencrypted).
    /// </summary>
    /// <exception cref="CrmConfigurationException">A file that cannot be read or opened with the password, or a certificate
    /// without an RSA private key: start-up stops with the reason rather than writing keys that no instance could read
    /// back, or writing them unencrypted when the operator asked otherwise.</exception>
    public static KeyEncryptionCertificates? Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<KeyEncryptionOptions>() ?? new KeyEncryptionOptions();
        var previousPaths = (options.PreviousCertificatePaths ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            if (previousPaths.Length > 0)
            {
                throw new CrmConfigurationException(
                    $"{Section}:PreviousCertificatePaths is set but {Section}:CertificatePath is not: give the current certificate " +
                    "too (the previous ones only read the keys written under them; new keys would be stored unencrypted).");
            }
            return null;
        }
        var password = string.IsNullOrEmpty(options.CertificatePassword) ? null : options.CertificatePassword;
        var current = Open($"{Section}:CertificatePath", options.CertificatePath.Trim(), password);
        var previous = previousPaths.Select(path => Open($"{Section}:PreviousCertificatePaths", path, password)).ToList();
        return new KeyEncryptionCertificates(current, previous);
    }

    private static X509Certificate2 Open(string setting, string path, string? password)
    {
        var fullPath = Path.GetFullPath(path);
        X509Certificate2 certificate;
        try
        {
            // Opened first for the reason in plain words: the loader reports a missing file as a cryptographic error.
            using (File.OpenRead(fullPath))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CrmConfigurationException(
                $"{setting} names '{fullPath}', which cannot be read: {ex.Message} Give a PFX (PKCS#12) file readable by the " +
                "app's user, with the same file on every instance.", ex);
        }
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(fullPath, password);
        }
        catch (CryptographicException ex)
        {
            // The password is never repeated: the message names the setting only.
            throw new CrmConfigurationException(
                $"{setting} names '{fullPath}', which cannot be opened as a PFX (PKCS#12) file with {Section}:CertificatePassword " +
                $"(a wrong or missing password, or not a PFX file): {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new CrmConfigurationException(
                $"{setting} names '{fullPath}', whose certificate ({certificate.Subject}, thumbprint {certificate.Thumbprint}) comes " +
                "without its private key: keys encrypted with it could never be read back. Export the PFX with the private key " +
                "(openssl pkcs12 -export -in cert.pem -inkey key.pem ...).");
        }
        using var rsa = certificate.GetRSAPrivateKey();
        if (rsa is null)
        {
            throw new CrmConfigurationException(
                $"{setting} names '{fullPath}', whose certificate ({certificate.Subject}, thumbprint {certificate.Thumbprint}) has " +
                "no RSA key: the keys are encrypted with RSA (openssl req -x509 -newkey rsa:3072 ...).");
        }
        return certificate;
    }
}

/// <summary>
/// The certificates read from <see cref="KeyEncryptionOptions"/>: <paramref name="Current"/> encrypts new keys and reads
/// them; <paramref name="Previous"/> only read the keys written under them.
/// </summary>
public sealed record KeyEncryptionCertificates(X509Certificate2 Current, IReadOnlyList<X509Certificate2> Previous);
