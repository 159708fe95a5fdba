using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>What a form says about a person: the same fields when adding and when editing.</summary>
public interface IContactFields
{
    string Name { get; }
    string? NameZh { get; }
    string? JobTitle { get; }
    string? Email { get; }
    string? Phone { get; }
    bool IsPrimary { get; }
    string? Notes { get; }
}

/// <summary>The rules and the writing every change to a contact shares.</summary>
internal static class ContactFields
{
    /// <summary>Name required; every field within its length; one e-mail address (the import's own test).</summary>
    public static void Rules<T>(AbstractValidator<T> validator, IStringLocalizer<ContactsText> text) where T : IContactFields
    {
        validator.RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["NameRequired"])
            .MaximumLength(Contact.NameMaxLength).WithMessage(_ => text["TooLong", Contact.NameMaxLength]);
        validator.RuleFor(c => c.NameZh).MaximumLength(Contact.NameMaxLength).WithMessage(_ => text["TooLong", Contact.NameMaxLength]);
        validator.RuleFor(c => c.JobTitle).MaximumLength(Contact.JobTitleMaxLength).WithMessage(_ => text["TooLong", Contact.JobTitleMaxLength]);
        validator.RuleFor(c => c.Email)
            .Must(e => string.IsNullOrWhiteSpace(e) || (e.Trim().Length <= Contact.EmailMaxLength && Contact.IsEmail(e.Trim())))
            .WithMessage(c => text["EmailInvalid", c.Email ?? ""]);
        validator.RuleFor(c => c.Phone)
            .Must(p => string.IsNullOrWhiteSpace(p) || (p.Trim().Length <= Contact.PhoneMaxLength && p.Trim().All(ch => char.IsAsciiDigit(ch) || ch is ' ' or '+' or '-' or '(' or ')')))
            .WithMessage(_ => text["PhoneInvalid", Contact.PhoneMaxLength]);
        validator.RuleFor(c => c.Notes).MaximumLength(Contact.NotesMaxLength).WithMessage(_ => text["TooLong", Contact.NotesMaxLength]);
    }

    /// <summary>Copies the form onto the contact, trimmed, empty as null.</summary>
    public static void Assign(Contact contact, IContactFields fields)
    {
        contact.Name = fields.Name.Trim();
        contact.NameZh = OrNull(fields.NameZh);
        contact.JobTitle = OrNull(fields.JobTitle);
        contact.Email = OrNull(fields.Email);
        contact.Phone = OrNull(fields.Phone);
        contact.IsPrimary = fields.IsPrimary;
        contact.Notes = OrNull(fields.Notes);
    }

    /// <summary>A company has one primary contact: making this one primary takes the flag from the others, in the same save.</summary>
    public static async Task TakePrimaryAsync(CrmDbContext db, Contact contact, CancellationToken ct)
    {
        if (!contact.IsPrimary)
        {
            return;
        }
        var others = await db.Contacts.Where(c => c.CompanyId == contact.CompanyId && c.IsPrimary && c.Id != contact.Id).ToListAsync(ct);
        others.ForEach(c => c.IsPrimary = false);
    }

    /// <summary>The contact must exist (someone may have removed it since the page was opened).</summary>
    public static IRuleBuilderOptions<T, int> MustExist<T>(this IRuleBuilder<T, int> rule, IDbContextFactory<CrmDbContext> contexts,
        IStringLocalizer<ContactsText> text) =>
        rule.MustAsync(async (id, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                return await db.Contacts.AnyAsync(c => c.Id == id, ct);
            })
            .WithMessage(_ => text["ContactNotFound"]);

    /// <summary>Removed by someone else between the check and the save.</summary>
    public static RequestValidationException Gone(IStringLocalizer<ContactsText> text) =>
        new([new FluentValidation.Results.ValidationFailure("ContactId", text["ContactNotFound"])]);

    private static string? OrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
