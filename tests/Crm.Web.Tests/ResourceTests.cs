using System.Xml.Linq;

namespace Crm.Web.Tests;

/// <summary>Every text of the app exists in both languages.</summary>
public sealed class ResourceTests
{
    /// <summary>Every resource set of the product (each neutral .resx under src/), so a new one cannot be forgotten.</summary>
    public static TheoryData<string> ResourceSets => new(Sets());

    private static List<string> Sets()
    {
        var root = RepositoryRoot();
        return Directory.EnumerateFiles(Path.Combine(root, "src"), "*.resx", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/") && Path.GetFileNameWithoutExtension(f).IndexOf('.') < 0)
            .Select(f => Path.GetRelativePath(root, f)[..^".resx".Length])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [Fact]
    public void Every_resource_set_has_a_Chinese_file()
    {
        var sets = Sets();
        Assert.True(sets.Count >= 3, string.Join(", ", sets));
        Assert.All(sets, set => Assert.True(File.Exists(Path.Combine(RepositoryRoot(), set + ".zh-CN.resx")), set + ".zh-CN.resx is missing"));
    }

    [Theory]
    [MemberData(nameof(ResourceSets))]
    public void Every_English_text_has_a_Chinese_translation_and_the_other_way_round(string set)
    {
        var english = Read(set + ".resx");
        var chinese = Read(set + ".zh-CN.resx");

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
    }

    [Theory]
    [MemberData(nameof(ResourceSets))]
    public void No_text_is_empty(string set)
    {
        var empty = Read(set + ".resx").Concat(Read(set + ".zh-CN.resx")).Where(p => string.IsNullOrWhiteSpace(p.Value)).Select(p => p.Key);
        Assert.Empty(empty);
    }

    [Theory]
    [MemberData(nameof(ResourceSets))]
    public void Texts_with_placeholders_have_the_same_placeholders_in_both_languages(string set)
    {
        var english = Read(set + ".resx");
        var chinese = Read(set + ".zh-CN.resx");
        foreach (var (key, value) in english)
        {
            Assert.True(Placeholders(value).SetEquals(Placeholders(chinese[key])), $"'{key}' has other placeholders in zh-CN");
        }
    }

    private static HashSet<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+(,-?\d+)?(:[^}]*)?\}").Select(m => m.Value).ToHashSet();

    /// <summary>The texts of a .resx file (path relative to the repository), by key.</summary>
    internal static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(RepositoryRoot(), file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Crm.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("Crm.sln not found above " + AppContext.BaseDirectory);
    }
}
