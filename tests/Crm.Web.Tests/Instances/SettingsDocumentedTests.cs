using System.Reflection;
using System.Text.RegularExpressions;

namespace Crm.Web.Tests.Instances;

/// <summary>
/// Several instances are configured by environment variables only, so every setting the app reads must be named in
/// docs/configuration.md (where the <c>Section__Key</c> form is explained once).
/// </summary>
public sealed partial class SettingsDocumentedTests
{
    [Fact]
    public void Every_setting_the_app_reads_is_in_the_configuration_docs()
    {
        var root = ResourceTests.RepositoryRoot();
        var docs = File.ReadAllText(Path.Combine(root, "docs", "configuration.md"));

        var missing = SettingsRead(root).Where(name => !docs.Contains($"`{name}", StringComparison.Ordinal)
                                                       && !docs.Contains($"`{name.Replace(":", "__", StringComparison.Ordinal)}", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, "not in docs/configuration.md: " + string.Join(", ", missing));
    }

    /// <summary>The keys named in code (GetValue, GetEnvironmentVariable) and the properties of the bound options classes.</summary>
    private static SortedSet<string> SettingsRead(string root)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal) { "ConnectionStrings:Crm", Crm.Matching.Native.XGBoostLibrary.PathVariable };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (Match match in ReadKey().Matches(File.ReadAllText(file)))
            {
                names.Add(match.Groups["key"].Value);
            }
        }
        Assert.Contains("Database:PrepareOnStart", names); // the scan sees what it should
        (Type Type, string Section)[] bound =
        [
            (typeof(Crm.Data.DatabaseOptions), Crm.Data.DatabaseOptions.Section),
            (typeof(Features.Matching.RescoringOptions), Features.Matching.RescoringOptions.Section),
            (typeof(Features.Matching.MatchingBootstrapOptions), Features.Matching.RescoringOptions.Section),
            (typeof(Features.Proposals.MatchmakingOptions), Features.Proposals.MatchmakingOptions.Section),
            (typeof(Features.Imports.ImportOptions), Features.Imports.ImportOptions.Section),
            (typeof(Infrastructure.Jobs.JobOptions), Infrastructure.Jobs.JobOptions.Section),
            (typeof(Features.Pipeline.PipelineOptions), Features.Pipeline.PipelineOptions.Section),
            (typeof(Infrastructure.Security.ProxyOptions), Infrastructure.Security.ProxyOptions.Section),
            (typeof(Infrastructure.Security.KeyEncryptionOptions), Infrastructure.Security.KeyEncryptionOptions.Section),
        ];
        foreach (var (type, section) in bound)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                names.Add($"{section}:{property.Name}");
            }
        }
        return names;
    }

    [GeneratedRegex("""(?:GetValue(?:<[^>]+>)?\(|GetEnvironmentVariable\()"(?<key>[A-Za-z_]+(?::[A-Za-z]+)*)"[,)]""")]
    private static partial Regex ReadKey();
}
