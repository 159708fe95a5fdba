using Crm.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Account;

/// <summary>
/// Identity's errors (password policy, wrong current password, duplicate or invalid names) in the user's language,
/// at the source: Identity builds every error through this describer, so each caller (the password page, the user
/// administration, the command line) shows <see cref="IdentityError.Description"/> as it is.
/// </summary>
public sealed class IdentityErrorText(IStringLocalizer<AccountText> text) : IdentityErrorDescriber
{
    private IdentityError Error(string code, string key, params object[] args) => new() { Code = code, Description = text[key, args] };

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "ErrorPasswordMismatch");
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "ErrorPasswordTooShort", length);
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "ErrorPasswordRequiresDigit");
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "ErrorPasswordRequiresLower");
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "ErrorPasswordRequiresUpper");
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "ErrorPasswordRequiresNonAlphanumeric");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), "ErrorPasswordRequiresUniqueChars", uniqueChars);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "ErrorDuplicateUserName", userName);
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "ErrorDuplicateEmail", email);
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), "ErrorInvalidUserName", userName ?? "");
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "ErrorInvalidEmail", email ?? "");
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "ErrorOther", base.DefaultError().Description);

    /// <summary>The password rules as one sentence, for the forms' hints.</summary>
    public static string PasswordRules(IStringLocalizer<AccountText> text) => text["PasswordRules", IdentitySetup.MinPasswordLength];
}
