using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Signings;

/// <summary>
/// A manager plans a collective signing of an edition: its name in English and Chinese, the day and the venue. It gets the
/// edition's next code (S09-01, S09-02 …). The day lies in the edition's year or the year after (the "365 days" of
/// follow-up), so a mistyped year is refused.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class CreateSigningEvent
{
    public sealed record Command(int Edition, string Name, string NameZh, DateOnly? HeldOn, string? Venue) : IRequest<Created>, IWriteRequest;

    public sealed record Created(int Id, string Code);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<SigningsText> text)
        {
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["NameRequired"])
                .MaximumLength(SigningEvent.NameMaxLength).WithMessage(_ => text["NameTooLong", SigningEvent.NameMaxLength]);
            RuleFor(c => c.NameZh).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["NameZhRequired"])
                .MaximumLength(SigningEvent.NameZhMaxLength).WithMessage(_ => text["NameZhTooLong", SigningEvent.NameZhMaxLength]);
            RuleFor(c => c.Venue).MaximumLength(SigningEvent.VenueMaxLength).WithMessage(_ => text["VenueTooLong", SigningEvent.VenueMaxLength]);
            RuleFor(c => c.Edition).MustAsync(async (number, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Editions.AnyAsync(e => e.Number == number, ct);
                })
                .WithMessage(c => text["EditionNotFound", c.Edition]);
            RuleFor(c => c.HeldOn).NotNull().WithMessage(_ => text["HeldOnRequired"]);
            RuleFor(c => c.HeldOn).CustomAsync(async (day, context, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var edition = context.InstanceToValidate.Edition;
                if (await db.Editions.Where(e => e.Number == edition).Select(e => (int?)e.Year).SingleOrDefaultAsync(ct) is { } year
                    && day is { } held && held.Year != year && held.Year != year + 1)
                {
                    context.AddFailure(text["DateOutsideEdition", year, year + 1]);
                }
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, Created>
    {
        public async Task<Created> Handle(Command request, CancellationToken cancellationToken)
        {
            var signing = await SequentialCodes.AddWithNextAsync(contexts, db => db.SigningEvents.Select(e => e.Code),
                SigningEvent.CodePrefix(request.Edition), SigningEvent.CodeDigits, async (db, code) =>
                {
                    var editionId = await db.Editions.Where(e => e.Number == request.Edition).Select(e => e.Id).SingleAsync(cancellationToken);
                    var signing = new SigningEvent
                    {
                        Code = code,
                        EditionId = editionId,
                        Name = request.Name.Trim(),
                        NameZh = request.NameZh.Trim(),
                        HeldOn = request.HeldOn!.Value,
                        Venue = string.IsNullOrWhiteSpace(request.Venue) ? null : request.Venue.Trim(),
                    };
                    db.SigningEvents.Add(signing);
                    return signing;
                }, cancellationToken);
            return new Created(signing.Id, signing.Code);
        }
    }
}
