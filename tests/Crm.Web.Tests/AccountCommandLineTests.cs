using Crm.Data.Entities;
using Crm.Web.Cli;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Tests;

/// <summary>
/// <c>./crm users add-admin</c>: a production database gets its first administrator only through this explicit step,
/// with a password given on standard input and checked against the password policy.
/// </summary>
public sealed class AccountCommandLineTests
{
    [Fact]
    public async Task Add_admin_creates_an_administrator_who_can_then_sign_in()
    {
        await using var app = await CrmWebApp.StartAsync(withSampleData: false);

        var (code, output, errors) = await Run(app.Database, "Strong#Pass9\n", "users", "add-admin", "ops.admin", "--email", "ops@example.com", "--lang", "en");

        Assert.True(code == ExitCode.Done, errors);
        Assert.Contains("Administrator 'ops.admin' created", output);
        await using (var db = app.Database.CreateDbContext())
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "ops.admin");
            Assert.NotEqual("Strong#Pass9", user.PasswordHash);
            Assert.Contains(await db.UserRoles.Where(r => r.UserId == user.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(),
                name => name == Roles.Administrator);
            Assert.Contains(await db.AuditEntries.Where(e => e.EntityType == "Account").ToListAsync(),
                e => e.Action == AuditAction.Created && e.EntityKey == "ops.admin");
        }
        var response = await CrmWebApp.SignInAsync(app.Browser(), "ops.admin", "Strong#Pass9");
        Assert.Equal("/", response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Theory]
    [InlineData("zh-CN", "short", "被拒绝：密码至少需要 8 个字符。")]
    [InlineData("en", "nouppercase1#", "Refused: The password must contain an upper-case letter (A-Z).")]
    public async Task A_password_the_policy_refuses_creates_nobody_and_says_why(string culture, string password, string expected)
    {
        await using var database = await TestDatabase.CreateAsync();

        var (code, _, errors) = await Run(database, password + "\n", "users", "add-admin", "ops.admin", "--email", "ops@example.com", "--lang", culture);

        Assert.Equal(ExitCode.Usage, code);
        Assert.Contains(expected, errors);
        await using var db = database.CreateDbContext();
        Assert.False(await db.Users.AnyAsync());
    }

    [Fact]
    public async Task Add_admin_without_an_email_or_a_password_is_a_usage_error()
    {
        await using var database = await TestDatabase.CreateAsync();

        Assert.Equal(ExitCode.Usage, (await Run(database, "Strong#Pass9\n", "users", "add-admin", "ops.admin", "--lang", "en")).Code);
        var (code, _, errors) = await Run(database, "", "users", "add-admin", "ops.admin", "--email", "ops@example.com", "--lang", "en");
        Assert.Equal(ExitCode.Usage, code);
        Assert.Contains("No password given", errors);
    }

    [Fact]
    public async Task Add_admin_for_an_existing_user_adds_the_role_and_keeps_the_password()
    {
        await using var database = await TestDatabase.CreateAsync();
        await database.AddUserAsync("li.na", Roles.Manager);

        var (code, output, _) = await Run(database, "", "users", "add-admin", "li.na", "--email", "li.na@expo-crm.example.com", "--lang", "en");

        Assert.Equal(ExitCode.Done, code);
        Assert.Contains("now has the Administrator role", output);
        await using var db = database.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.UserName == "li.na");
        Assert.Equal(2, await db.UserRoles.CountAsync(r => r.UserId == user.Id));
    }

    private static async Task<(int Code, string Output, string Errors)> Run(TestDatabase database, string stdin, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await CrmCommandLine.RunAsync([.. args, "--db", database.Path], output, errors, new StringReader(stdin));
        return (code, output.ToString(), errors.ToString());
    }
}
