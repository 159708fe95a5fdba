using System.Diagnostics;

namespace Crm.Journeys;

/// <summary>The real executable refuses a configuration that cannot work, at start-up, with the reason and exit code 5.</summary>
public sealed class StartupTests
{
    [Fact]
    public async Task An_unknown_database_provider_stops_the_app_at_start_up_with_the_reason()
    {
        var (code, errors) = await StartAsync(("Database__Provider", "Oracle"));

        Assert.Equal(5, code);
        Assert.Contains("Unknown database provider 'Oracle'", errors);
    }

    [Fact]
    public async Task Sql_server_configured_on_a_build_without_its_server_assembly_stops_at_start_up_with_the_reason()
    {
        var hasAssembly = File.Exists(Path.Combine(Path.GetDirectoryName(CrmAppFixture.AppExecutable)!, "Microsoft.SqlServer.Server.dll"));

        // Nothing listens on port 1: a build that has the assembly gets as far as connecting, and fails there.
        var (code, errors) = await StartAsync(("Database__Provider", "SqlServer"),
            ("Database__ConnectionString", "Server=127.0.0.1,1;Database=Crm;User Id=crm;Password=x;TrustServerCertificate=True;Connect Timeout=5"));

        Assert.NotEqual(0, code);
        if (hasAssembly)
        {
            Assert.DoesNotContain("is not part of this build", errors);
        }
        else
        {
            Assert.Equal(5, code);
            Assert.Contains("'Microsoft.SqlServer.Server' is not part of this build", errors);
        }
    }

    private static async Task<(int Code, string Errors)> StartAsync(params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(CrmAppFixture.AppExecutable)
        {
            WorkingDirectory = Path.GetDirectoryName(CrmAppFixture.AppExecutable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The app started instead of refusing the configuration:\n" + await output);
        }
        return (process.ExitCode, await errors);
    }
}
