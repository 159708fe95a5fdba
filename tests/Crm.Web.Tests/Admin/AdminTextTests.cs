using Crm.Data.Entities;

namespace Crm.Web.Tests.Admin;

/// <summary>
/// The administration pages name every role and every audit action (that each text exists in both languages with the
/// same placeholders is checked for every resource set by <see cref="ResourceTests"/>).
/// </summary>
public sealed class AdminTextTests
{
    [Fact]
    public void Every_role_and_every_audit_action_has_a_name()
    {
        var english = ResourceTests.Read("src/Crm.Web/Features/Admin/AdminText.resx");
        Assert.All(Roles.All, r => Assert.Contains("Role_" + r, english.Keys));
        Assert.All(Enum.GetNames<AuditAction>(), a => Assert.Contains("Action_" + a, english.Keys));
    }
}
