using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Account;
using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Cli;

/// <summary>
/// <c>users add-admin USER --email E [--display-name N]</c>: the explicit first step of a production database, which has
/// no user and no fixed password. The password is read from standard input (one line), or asked for without echo at a
/// terminal; Identity's password policy applies. An existing user gets the Administrator role (the password stays).
/// </summary>
internal static class UsersCommand
{
    public static async Task<int> AddAdminAsync(IConfiguration configuration, CliArguments args, TextReader input, TextWriter output, TextWriter errors)
    {
        if (args.Unknown(["db", "lang", "email", "display-name"]) is { } unknown)
        {
            return await Usage(errors, "UnknownOption", unknown);
        }
        if (args.Positional.Count < 3 || args.Option("email") is not { Length: > 0 } email)
        {
            return await Usage(errors, "MissingArgument", "users add-admin", "USER --email E");
        }
        var userName = args.Positional[2];

        await using var services = Services(configuration);
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await Setup.DatabaseSetup.MigrateAsync(provider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<CrmDbContext>>());
        var users = provider.GetRequiredService<UserManager<AppUser>>();
        var roles = provider.GetRequiredService<RoleManager<IdentityRole>>();

        if (!await roles.RoleExistsAsync(Roles.Administrator))
        {
            await Check(await roles.CreateAsync(new IdentityRole(Roles.Administrator)));
        }
        var user = await users.FindByNameAsync(userName);
        var created = user is null;
        if (user is null)
        {
            var password = await ReadPasswordAsync(input, output);
            if (string.IsNullOrEmpty(password))
            {
                await errors.WriteLineAsync(CliText.Get("PasswordMissing"));
                return ExitCode.Usage;
            }
            user = new AppUser
            {
                UserName = userName,
                Email = email,
                DisplayName = args.Option("display-name") ?? userName,
                EmailConfirmed = true,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                foreach (var error in result.Errors.Select(e => e.Description))
                {
                    await errors.WriteLineAsync(CliText.Get("UserRefused", error));
                }
                return ExitCode.Usage;
            }
        }
        if (!await users.IsInRoleAsync(user, Roles.Administrator))
        {
            await Check(await users.AddToRoleAsync(user, Roles.Administrator));
        }

        var audit = new AccountAudit(provider.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<CrmDbContext>>(), new HttpContextAccessor());
        await audit.RecordAsync(created ? AuditAction.Created : AuditAction.Updated, user.UserName!, user.Id,
            new { role = Roles.Administrator, by = "users add-admin", os_user = Environment.UserName });
        await output.WriteLineAsync(CliText.Get(created ? "AdminCreated" : "AdminRoleAdded", user.UserName));
        return ExitCode.Done;
    }

    /// <summary>
    /// <c>users token USER --name N [--days D]</c>: an API token for another system to use the HTTP API as USER (same
    /// roles and reach). The token alone goes to standard output (for scripts); what it is, to standard error.
    /// </summary>
    public static async Task<int> TokenAsync(SystemContextFactory contexts, CliArguments args, TextWriter output, TextWriter errors)
    {
        if (args.Unknown(["db", "lang", "name", "days"]) is { } unknown)
        {
            return await Usage(errors, "UnknownOption", unknown);
        }
        if (args.Positional.Count < 3 || args.Option("name") is not { } name || string.IsNullOrWhiteSpace(name))
        {
            return await Usage(errors, "MissingArgument", "users token", "USER --name N");
        }
        var days = Features.Api.ApiTokens.DefaultDays;
        if (args.Option("days") is { } daysText
            && (!int.TryParse(daysText, System.Globalization.CultureInfo.InvariantCulture, out days) || days < 1 || days > Features.Api.ApiTokens.MaxDays))
        {
            return await Usage(errors, "BadTokenDays", daysText, Features.Api.ApiTokens.MaxDays);
        }
        if (name.Trim().Length > ApiToken.NameMaxLength)
        {
            return await Usage(errors, "BadTokenName", ApiToken.NameMaxLength);
        }
        await Setup.DatabaseSetup.MigrateAsync(contexts);
        await using var db = await contexts.CreateDbContextAsync();
        var userName = args.Positional[2];
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedUserName == userName.ToUpperInvariant());
        if (user is null || !user.IsActive)
        {
            await errors.WriteLineAsync(CliText.Get("UserNotFound", userName));
            return ExitCode.Usage;
        }
        var (row, token) = Features.Api.ApiTokens.Issue(user.Id, name, days, DateTime.UtcNow);
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync();
        await output.WriteLineAsync(token);
        await errors.WriteLineAsync(CliText.Get("TokenCreated", user.UserName, row.Name, row.ExpiresAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        return ExitCode.Done;
    }

    /// <summary>Identity, its stores and validators on the configured database; nothing of the web app.</summary>
    private static ServiceProvider Services(IConfiguration configuration)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddLocalization()
            .AddHttpContextAccessor()
            .AddCrmData(configuration);
        services.AddScoped(sp => new CrmDbContext(sp.GetRequiredService<Microsoft.EntityFrameworkCore.DbContextOptions<CrmDbContext>>()));
        services.AddCrmIdentity();
        // SignInManager (registered by AddCrmIdentity) needs the authentication services, though this command signs nobody in.
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        return services.BuildServiceProvider();
    }

    /// <summary>One line from standard input when it is redirected (e.g. <c>… &lt; password.txt</c>), else typed without echo.</summary>
    private static async Task<string?> ReadPasswordAsync(TextReader input, TextWriter output)
    {
        if (!ReferenceEquals(input, Console.In) || Console.IsInputRedirected)
        {
            return (await input.ReadLineAsync())?.TrimEnd('\r');
        }
        await output.WriteAsync(CliText.Get("PasswordPrompt"));
        var password = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0)
                {
                    password.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }
        await output.WriteLineAsync();
        return password.ToString();
    }

    private static async Task Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await Task.CompletedTask;
    }

    private static async Task<int> Usage(TextWriter errors, string key, params object?[] args)
    {
        await errors.WriteLineAsync(CliText.Get(key, args));
        return ExitCode.Usage;
    }
}
