using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Account;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Infrastructure.Security;

/// <summary>
/// ASP.NET Core Identity on the CRM's database: accounts, roles, password policy and lockout.
/// Identity's stores use a scoped context working as the system (they must record failed sign-ins for nobody);
/// everything a user asks for goes through the mediator and the user-bound context factory instead.
/// </summary>
public static class IdentitySetup
{
    public const int MaxFailedSignIns = 5;
    public const int MinPasswordLength = 8;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static IServiceCollection AddCrmIdentity(this IServiceCollection services)
    {
        services.AddIdentityCore<AppUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = MinPasswordLength;
                options.Password.RequireDigit = true;
                options.Password.RequireLowercase = true;
                options.Password.RequireUppercase = true;
                options.Password.RequireNonAlphanumeric = true;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
            })
            .AddRoles<IdentityRole>()
            .AddErrorDescriber<IdentityErrorText>()
            .AddEntityFrameworkStores<CrmDbContext>()
            .AddSignInManager<CrmSignInManager>()
            .AddDefaultTokenProviders();
        return services;
    }
}
