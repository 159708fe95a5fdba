using System.Xml.Linq;
using Crm.Data.Entities;

namespace Crm.Web.Tests.Admin;

/// <summary>Every text of the administration pages exists in both languages, with the same placeholders.</summary>
public sealed class AdminTextTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot(), "src/Crm.Web/Features/Admin");

    [Fact]
    public void Every_English_text_has_a_Chinese_translation_with_the_same_placeholders_and_none_is_empty()
    {
        var english = Read("AdminText.resx");
        var chinese = Read("AdminText.zh-CN.resx");

        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        Assert.DoesNotContain(english.Concat(chinese), p => string.IsNullOrWhiteSpace(p.Value));
        Assert.All(english, p => Assert.True(Placeholders(p.Value).SetEquals(Placeholders(chinese[p.Key])), p.Key));
    }

    [Fact]
    public void Every_role_and_every_audit_action_has_a_name_in_both_languages()
    {
        var english = Read("AdminText.resx");
        Assert.All(Roles.All, r => Assert.Contains("Role_" + r, english.Keys));
        Assert.All(Enum.GetNames<AuditAction>(), a => Assert.Contains("Action_" + a, english.Keys));
    }

    private static HashSet<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\d+(,-?\d+)?(:[^}]*)?\}").Select(m => m.Value).ToHashSet();

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Folder, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Crm.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName ?? throw new InvalidOperationException("Crm.sln not found above " + AppContext.BaseDirectory);
    }
}
