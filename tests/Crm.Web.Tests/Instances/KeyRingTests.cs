using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Crm.Data;
using Crm.Web.Cli;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Web.Tests.Instances;

/// <summary>
/// Several instances over one database share the Data Protection key ring: what one protects (a sign-in cookie, an
/// anti-forgery token) the other reads. Each "instance" is a service provider composed as the app composes its own,
/// with its own key ring cache, over the same SQLite file.
/// </summary>
public sealed class KeyRingTests
{
    [Fact]
    public async Task A_fresh_database_gets_its_first_key_and_the_trail_leaves_it_out()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var instance = Instance(database);

        instance.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("hello");

        await using var db = database.CreateDbContext();
        var key = Assert.Single(await db.DataProtectionKeys.ToListAsync());
        Assert.StartsWith("<key id=", key.Xml);
        Assert.Empty(await db.AuditEntries.Where(e => e.EntityType == "DataProtectionKey").ToListAsync());
    }

    [Fact]
    public async Task Data_protected_by_one_instance_is_read_by_another_over_the_same_database()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database);
        await using var second = Instance(database);

        var secret = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm-test").Protect("expo week");

        Assert.Equal("expo week", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm-test").Unprotect(secret));
        await using var db = database.CreateDbContext();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task A_sign_in_cookie_issued_by_one_instance_is_accepted_by_another()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database);
        await using var second = Instance(database);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "li.na"), new Claim(ClaimTypes.NameIdentifier, "u-1")], IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(new ClaimsPrincipal(identity), IdentityConstants.ApplicationScheme);

        var cookie = CookieFormat(first).Protect(ticket);
        var read = CookieFormat(second).Unprotect(cookie);

        Assert.NotNull(read);
        Assert.Equal("li.na", read.Principal.Identity!.Name);
        Assert.Equal(IdentityConstants.ApplicationScheme, read.AuthenticationScheme);
    }

    [Fact]
    public async Task Another_application_name_cannot_read_the_cookie()
    {
        // The name is what isolates payloads: the test above passes because both use the fixed name, not the folder.
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database);
        await using var other = Instance(database, change: services => services.AddDataProtection().SetApplicationName("Other"));

        var secret = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm-test").Protect("expo week");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(
            () => other.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm-test").Unprotect(secret));
        Assert.Equal("Crm", DataProtectionSetup.ApplicationName);
    }

    [Fact]
    public async Task With_the_certificate_the_stored_key_holds_no_plaintext_master_key_and_another_instance_with_it_reads_what_the_first_protected()
    {
        using var certificates = new CertificateFiles();
        var keys = certificates.Pfx("keys");
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database, Encrypted(keys));
        await using var second = Instance(database, Encrypted(keys));

        var secret = Protector(first).Protect("expo week");

        Assert.Equal("expo week", Protector(second).Unprotect(secret));
        var stored = Assert.Single(await StoredKeys(database));
        Assert.Contains("<encryptedSecret", stored);
        Assert.DoesNotContain("<masterKey", stored);
        Assert.DoesNotContain(MasterKey(first), stored);
    }

    [Fact]
    public async Task Without_the_certificate_the_stored_key_holds_its_master_key_in_plain_text()
    {
        // What the test above is measured against: with no certificate the row holds the master key as it is.
        await using var database = await TestDatabase.CreateAsync();
        await using var instance = Instance(database);

        Protector(instance).Protect("expo week");

        var stored = Assert.Single(await StoredKeys(database));
        Assert.Contains("<masterKey", stored);
        Assert.Contains(MasterKey(instance), stored);
        Assert.DoesNotContain("<encryptedSecret", stored);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_instance_without_the_certificate_or_with_another_cannot_read_what_was_protected_under_it(bool anotherCertificate)
    {
        using var certificates = new CertificateFiles();
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database, Encrypted(certificates.Pfx("keys")));
        await using var other = anotherCertificate ? Instance(database, Encrypted(certificates.Pfx("other"))) : Instance(database);

        var secret = Protector(first).Protect("expo week");

        Assert.ThrowsAny<CryptographicException>(() => Protector(other).Unprotect(secret));
    }

    [Fact]
    public async Task An_instance_without_the_certificate_writes_an_unencrypted_key_of_its_own_to_the_shared_table()
    {
        // Why every instance needs the certificate: one started without it does not fail, it adds a plain key.
        using var certificates = new CertificateFiles();
        await using var database = await TestDatabase.CreateAsync();
        await using var encrypted = Instance(database, Encrypted(certificates.Pfx("keys")));
        await using var plain = Instance(database);
        Protector(encrypted).Protect("expo week");

        Protector(plain).Protect("expo week");

        var stored = await StoredKeys(database);
        Assert.Equal(2, stored.Count);
        Assert.Single(stored, xml => xml.Contains("<masterKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_a_change_of_certificate_keys_written_under_the_old_one_are_read_with_it_listed_as_previous_and_new_keys_need_only_the_new_one()
    {
        using var certificates = new CertificateFiles();
        var old = certificates.Pfx("old");
        var current = certificates.Pfx("new");
        await using var database = await TestDatabase.CreateAsync();
        await using var before = Instance(database, Encrypted(old));
        var secret = Protector(before).Protect("expo week");

        await using var after = Instance(database, Encrypted(current, previous: old));
        await using var withoutPrevious = Instance(database, Encrypted(current));

        Assert.Equal("expo week", Protector(after).Unprotect(secret));
        Assert.ThrowsAny<CryptographicException>(() => Protector(withoutPrevious).Unprotect(secret));
        // The next key (made here at once rather than near the current one's expiry) is encrypted with the new certificate.
        var next = after.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        await using var onlyNew = Instance(database, Encrypted(current));
        Assert.NotNull(onlyNew.GetRequiredService<IKeyManager>().GetAllKeys().Single(k => k.KeyId == next.KeyId).CreateEncryptor());
    }

    [Fact]
    public async Task A_certificate_past_its_expiry_date_still_encrypts_and_reads_the_keys()
    {
        // Nothing checks the dates: the certificate only carries the RSA key, so its expiry is no deadline.
        using var certificates = new CertificateFiles();
        var expired = certificates.Pfx("expired", notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        await using var database = await TestDatabase.CreateAsync();
        await using var first = Instance(database, Encrypted(expired));
        await using var second = Instance(database, Encrypted(expired));

        var secret = Protector(first).Protect("expo week");

        Assert.Equal("expo week", Protector(second).Unprotect(secret));
        Assert.Contains("<encryptedSecret", Assert.Single(await StoredKeys(database)));
    }

    [Fact]
    public async Task Keys_written_before_the_certificate_was_set_stay_unencrypted_and_stay_in_use_for_new_data()
    {
        // Setting the certificate encrypts the keys made from then on; it does not rewrite the key already there.
        using var certificates = new CertificateFiles();
        await using var database = await TestDatabase.CreateAsync();
        await using var before = Instance(database);
        var secret = Protector(before).Protect("expo week");

        await using var after = Instance(database, Encrypted(certificates.Pfx("keys")));
        Assert.Equal("expo week", Protector(after).Unprotect(secret));
        Assert.Equal("new cookie", Protector(before).Unprotect(Protector(after).Protect("new cookie")));

        var stored = Assert.Single(await StoredKeys(database));
        Assert.Contains("<masterKey", stored);
    }

    [Fact]
    public async Task Deleting_the_unencrypted_keys_leaves_the_encrypted_ones_and_makes_what_the_deleted_keys_protected_unreadable()
    {
        // The statement docs/operations.md gives, run with every instance stopped (each holds the ring in memory).
        using var certificates = new CertificateFiles();
        var keys = certificates.Pfx("keys");
        await using var database = await TestDatabase.CreateAsync();
        string secret;
        await using (var before = Instance(database))
        {
            secret = Protector(before).Protect("expo week");
        }
        await using (var encrypted = Instance(database, Encrypted(keys)))
        {
            encrypted.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        }

        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(DeleteUnencryptedKeys));
        }

        await using var after = Instance(database, Encrypted(keys));
        Assert.ThrowsAny<CryptographicException>(() => Protector(after).Unprotect(secret));
        Assert.Equal("new cookie", Protector(after).Unprotect(Protector(after).Protect("new cookie")));
        Assert.Contains("<encryptedSecret", Assert.Single(await StoredKeys(database)));
    }

    [Theory]
    [InlineData("missing file", "'/nonexistent/crm-keys.pfx', which cannot be read: Could not find a part of the path")]
    [InlineData("wrong password", "which cannot be opened as a PFX (PKCS#12) file with DataProtection:CertificatePassword (a wrong or missing password")]
    [InlineData("no private key", ") comes without its private key: keys encrypted with it could never be read back")]
    public async Task A_certificate_that_cannot_be_used_stops_the_app_at_start_up_with_exit_code_5_and_the_reason(string fault, string reason)
    {
        using var certificates = new CertificateFiles();
        var environment = fault switch
        {
            "missing file" => ServiceEnvironment("/nonexistent/crm-keys.pfx", CertificateFiles.Password),
            "wrong password" => ServiceEnvironment(certificates.Pfx("keys"), "Not-the#password1"),
            _ => ServiceEnvironment(certificates.Pfx("keys", withPrivateKey: false), CertificateFiles.Password),
        };
        await using var database = await TestDatabase.CreateAsync();
        using var app = AppProcess.Start(database, environment);

        var code = await app.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == ExitCode.DatabaseError, $"exit code {code}\n{app.Log}");
        Assert.Contains("Crm.Web cannot start: DataProtection:CertificatePath names '", app.Log);
        Assert.Contains(reason, app.Log);
        Assert.DoesNotContain("Not-the#password1", app.Log);
    }

    [Fact]
    public async Task Started_with_the_certificate_in_its_environment_the_app_writes_encrypted_keys_and_gives_no_warning()
    {
        using var certificates = new CertificateFiles();
        await using var database = await TestDatabase.CreateAsync();
        using var app = AppProcess.Start(database, ServiceEnvironment(certificates.Pfx("keys"), CertificateFiles.Password));
        using var browser = new HttpClient { BaseAddress = await app.ListeningAsync(TimeSpan.FromSeconds(60)) };

        // The sign-in form carries an anti-forgery token: the first key is made for it.
        (await browser.GetAsync("/account/sign-in")).EnsureSuccessStatusCode();

        var stored = Assert.Single(await StoredKeys(database));
        Assert.Contains("<encryptedSecret", stored);
        Assert.DoesNotContain(UnencryptedWarning, app.Log);
    }

    [Fact]
    public async Task Started_in_production_without_a_certificate_the_app_warns_once_that_the_keys_are_stored_unencrypted_and_names_the_setting()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var app = AppProcess.Start(database);
        using var browser = new HttpClient { BaseAddress = await app.ListeningAsync(TimeSpan.FromSeconds(60)) };

        (await browser.GetAsync("/account/sign-in")).EnsureSuccessStatusCode();
        (await browser.GetAsync("/account/sign-in")).EnsureSuccessStatusCode();

        var times = app.Log.Split(UnencryptedWarning).Length - 1;
        Assert.True(times == 1, $"the warning {times} times:\n{app.Log}");
        Assert.Contains("Set DataProtection:CertificatePath to a PFX certificate file", app.Log);
        Assert.Contains("<masterKey", Assert.Single(await StoredKeys(database)));
    }

    [Theory]
    [InlineData("not RSA", "DataProtection:CertificatePath names", "has no RSA key")]
    [InlineData("bad previous", "DataProtection:PreviousCertificatePaths names", "which cannot be read")]
    [InlineData("previous alone", "DataProtection:PreviousCertificatePaths is set but DataProtection:CertificatePath is not", "")]
    public async Task Other_settings_the_keys_could_not_work_with_are_refused_when_the_app_is_composed(string fault, string setting, string reason)
    {
        using var certificates = new CertificateFiles();
        var settings = fault switch
        {
            "not RSA" => Encrypted(certificates.Pfx("keys", rsa: false)),
            "bad previous" => Encrypted(certificates.Pfx("keys"), previous: certificates.Pfx("old") + ";/nonexistent/old-keys.pfx"),
            _ => new Dictionary<string, string?> { ["DataProtection:PreviousCertificatePaths"] = certificates.Pfx("old") },
        };
        await using var database = await TestDatabase.CreateAsync();

        var error = Assert.Throws<CrmConfigurationException>(() => Instance(database, settings));

        Assert.StartsWith(setting, error.Message);
        Assert.Contains(reason, error.Message);
    }

    /// <summary>As docs/operations.md gives it ("The key ring"), for SQLite and SQL Server alike.</summary>
    private const string DeleteUnencryptedKeys = "DELETE FROM DataProtectionKeys WHERE Xml NOT LIKE '%<encryptedSecret%'";

    private const string UnencryptedWarning = "The Data Protection keys are stored unencrypted";

    private static IDataProtector Protector(IServiceProvider instance) =>
        instance.GetRequiredService<IDataProtectionProvider>().CreateProtector("crm-test");

    /// <summary>The master key of the instance's only key, as the key ring holds it once decrypted.</summary>
    private static string MasterKey(IServiceProvider instance)
    {
        var key = Assert.Single(instance.GetRequiredService<IKeyManager>().GetAllKeys());
        var value = key.Descriptor.ExportToXml().SerializedDescriptorElement.Descendants("value").Single().Value;
        Assert.True(value.Length >= 40, value); // 512 bits in base64: a value no XML of another key would hold by chance
        return value;
    }

    private static async Task<List<string>> StoredKeys(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.DataProtectionKeys.OrderBy(k => k.Id).Select(k => k.Xml!).ToListAsync();
    }

    private static Dictionary<string, string?> Encrypted(string certificatePath, string? previous = null) => new()
    {
        ["DataProtection:CertificatePath"] = certificatePath,
        ["DataProtection:CertificatePassword"] = CertificateFiles.Password,
        ["DataProtection:PreviousCertificatePaths"] = previous,
    };

    /// <summary>The settings as systemd's environment gives them to the app.</summary>
    private static (string, string)[] ServiceEnvironment(string certificatePath, string password) =>
        [("DataProtection__CertificatePath", certificatePath), ("DataProtection__CertificatePassword", password)];

    /// <summary>Self-signed certificates written to PFX files in a folder of their own, deleted afterwards.</summary>
    private sealed class CertificateFiles : IDisposable
    {
        public const string Password = "Keys#Pass1";
        private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crm-keys-");

        /// <summary>A new certificate (RSA 2048, or ECDSA P-256) as a password-protected PFX file; its path.</summary>
        public string Pfx(string name, bool withPrivateKey = true, bool rsa = true, DateTimeOffset? notAfter = null)
        {
            var until = notAfter ?? DateTimeOffset.UtcNow.AddYears(1);
            using var certificate = rsa ? RsaCertificate(until) : EcdsaCertificate(until);
            using var exported = withPrivateKey ? certificate : X509CertificateLoader.LoadCertificate(certificate.RawData);
            var path = Path.Combine(_folder.FullName, name + ".pfx");
            File.WriteAllBytes(path, exported.Export(X509ContentType.Pkcs12, Password));
            return path;
        }

        private static X509Certificate2 RsaCertificate(DateTimeOffset notAfter)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=crm-test-keys", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return request.CreateSelfSigned(notAfter.AddYears(-1), notAfter);
        }

        private static X509Certificate2 EcdsaCertificate(DateTimeOffset notAfter)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=crm-test-keys", key, HashAlgorithmName.SHA256);
            return request.CreateSelfSigned(notAfter.AddYears(-1), notAfter);
        }

        public void Dispose() => _folder.Delete(recursive: true);
    }

    private static ISecureDataFormat<AuthenticationTicket> CookieFormat(IServiceProvider instance) =>
        instance.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme).TicketDataFormat;

    /// <summary>One instance: the app's own registrations over the test database.</summary>
    private static ServiceProvider Instance(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? change = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(database.Settings).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddCrmData(configuration);
        services.AddCrmKeyEncryption(configuration);
        services.AddCrmWeb();
        services.AddCrmAuthentication(configuration);
        change?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
