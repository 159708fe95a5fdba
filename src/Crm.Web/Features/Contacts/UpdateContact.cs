using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// Saves what the form says about a person. The version the form was opened with guards the save: when someone saved the
/// contact in between, nothing is written and the result carries their values, for the user to compare and choose.
/// </summary>
public static class UpdateContact
{
    public sealed record Command(int ContactId, long ExpectedVersion, string Name, string? NameZh, string? JobTitle, string? Email, string? Phone,
        bool IsPrimary, string? Notes) : IRequest<Result>, IWriteRequest, IContactFields;

    /// <param name="Current">What is stored now: after a save, the saved contact; after a conflict, the other user's.</param>
    public sealed record Result(bool Saved, ListContacts.Row Current);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ContactsText> text)
        {
            ContactFields.Rules(this, text);
            RuleFor(c => c.ContactId).MustExist(contexts, text);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ContactsText> text) : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var contact = await db.Contacts.SingleAsync(c => c.Id == request.ContactId, cancellationToken);
            if (contact.Version != request.ExpectedVersion)
            {
                return new Result(false, RowOf(contact));
            }
            ContactFields.Assign(contact, request);
            await ContactFields.TakePrimaryAsync(db, contact, cancellationToken);
            try
            {
                // The version read above guards the UPDATE: a save in between makes this one fail.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
                var stored = await fresh.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ContactId, cancellationToken);
                return stored is null ? throw ContactFields.Gone(text) : new Result(false, RowOf(stored));
            }
            return new Result(true, RowOf(contact));
        }
    }

    internal static ListContacts.Row RowOf(Contact c) =>
        new(c.Id, c.Code, c.Name, c.NameZh, c.JobTitle, c.Email, c.Phone, c.IsPrimary, c.Notes, c.Version);
}
