using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Account;

/// <summary>Identity's errors (password policy, wrong current password, duplicate names) in the user's language.</summary>
public static class IdentityErrorText
{
    public static IEnumerable<string> Describe(IEnumerable<IdentityError> errors, IStringLocalizer<AccountText> text, IdentityOptions options) =>
        errors.Select(e => Describe(e, text, options));

    public static string Describe(IdentityError error, IStringLocalizer<AccountText> text, IdentityOptions options) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordMismatch) => text["ErrorPasswordMismatch"],
        nameof(IdentityErrorDescriber.PasswordTooShort) => text["ErrorPasswordTooShort", options.Password.RequiredLength],
        nameof(IdentityErrorDescriber.PasswordRequiresDigit) => text["ErrorPasswordRequiresDigit"],
        nameof(IdentityErrorDescriber.PasswordRequiresLower) => text["ErrorPasswordRequiresLower"],
        nameof(IdentityErrorDescriber.PasswordRequiresUpper) => text["ErrorPasswordRequiresUpper"],
        nameof(IdentityErrorDescriber.PasswordRequiresNonAlphanumeric) => text["ErrorPasswordRequiresNonAlphanumeric"],
        nameof(IdentityErrorDescriber.PasswordRequiresUniqueChars) => text["ErrorPasswordRequiresUniqueChars", options.Password.RequiredUniqueChars],
        nameof(IdentityErrorDescriber.DuplicateUserName) => text["ErrorDuplicateUserName", QuotedValue(error.Description)],
        nameof(IdentityErrorDescriber.DuplicateEmail) => text["ErrorDuplicateEmail", QuotedValue(error.Description)],
        nameof(IdentityErrorDescriber.InvalidUserName) => text["ErrorInvalidUserName", QuotedValue(error.Description)],
        nameof(IdentityErrorDescriber.InvalidEmail) => text["ErrorInvalidEmail", QuotedValue(error.Description)],
        _ => text["ErrorOther", error.Description],
    };

    /// <summary>The value Identity quotes in its English description ("Username 'x' is already taken.").</summary>
    private static string QuotedValue(string description)
    {
        var start = description.IndexOf('\'');
        var end = description.LastIndexOf('\'');
        return start >= 0 && end > start ? description[(start + 1)..end] : description;
    }

    /// <summary>The password rules as one sentence, for the forms' hints.</summary>
    public static string PasswordRules(IStringLocalizer<AccountText> text) => text["PasswordRules", IdentitySetup.MinPasswordLength];
}
