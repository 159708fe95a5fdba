using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Contacts;

/// <summary>Adds a person to a company, with the next free code (P + six digits). Anyone who writes may.</summary>
public static class AddContact
{
    public sealed record Command(int CompanyId, string Name, string? NameZh, string? JobTitle, string? Email, string? Phone, bool IsPrimary,
        string? Notes) : IRequest<Added>, IWriteRequest, IContactFields;

    public sealed record Added(int Id, string Code);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ContactsText> text)
        {
            ContactFields.Rules(this, text);
            RuleFor(c => c.CompanyId)
                .MustAsync(async (id, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Companies.AnyAsync(c => c.Id == id, ct);
                })
                .WithMessage(_ => text["CompanyNotFound"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Command, Added>
    {
        public async Task<Added> Handle(Command request, CancellationToken cancellationToken)
        {
            var contact = await SequentialCodes.AddWithNextAsync(contexts, db => db.Contacts.Select(c => c.Code), "P", 6, async (db, code) =>
            {
                var contact = new Contact { Code = code, CompanyId = request.CompanyId, CreatedAt = clock.GetUtcNow().UtcDateTime };
                ContactFields.Assign(contact, request);
                await ContactFields.TakePrimaryAsync(db, contact, cancellationToken);
                db.Contacts.Add(contact);
                return contact;
            }, cancellationToken);
            return new Added(contact.Id, contact.Code);
        }
    }
}
