using Crm.Data;
using Crm.Data.Configurations;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>An organiser adds an interpreter for one language to a session; they serve one meeting in each of its slots.</summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class AddInterpreter
{
    public sealed record Command(int SessionId, string Name, string Language) : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text)
        {
            RuleFor(c => c.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage(_ => text["InterpreterNameRequired"])
                .MaximumLength(SessionInterpreterConfiguration.NameMaxLength).WithMessage(_ => text["TooLong", SessionInterpreterConfiguration.NameMaxLength]);
            RuleFor(c => c.SessionId).MustBeASession(contexts, text);
            // A language some participant's country speaks: any other could never be needed.
            RuleFor(c => c.Language).MustAsync(async (language, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    var code = (language ?? "").Trim().ToLowerInvariant();
                    return code.Length > 0 && await db.Countries.AnyAsync(c => c.Language == code, ct);
                })
                .WithMessage(_ => text["LanguageUnknown"]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var interpreter = new SessionInterpreter
            {
                SessionId = request.SessionId, Name = request.Name.Trim(), Language = request.Language.Trim().ToLowerInvariant(),
            };
            db.SessionInterpreters.Add(interpreter);
            await db.SaveChangesAsync(cancellationToken);
            return interpreter.Id;
        }
    }
}
