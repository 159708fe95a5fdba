using Crm.Data;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>
/// Removes a person from a company: only the version the user saw, so a contact someone has just changed is not removed
/// unread (the result is false, and the page shows the contact as it now is). The audit trail keeps what was removed.
/// </summary>
public static class RemoveContact
{
    public sealed record Command(int ContactId, long ExpectedVersion) : IRequest<bool>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ContactsText> text) =>
            RuleFor(c => c.ContactId).MustExist(contexts, text);
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ContactsText> text) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var contact = await db.Contacts.SingleOrDefaultAsync(c => c.Id == request.ContactId, cancellationToken) ?? throw ContactFields.Gone(text);
            if (contact.Version != request.ExpectedVersion)
            {
                return false;
            }
            db.Contacts.Remove(contact);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateConcurrencyException)
            {
                return false;
            }
        }
    }
}
