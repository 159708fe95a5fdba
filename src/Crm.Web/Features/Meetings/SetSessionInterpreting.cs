using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// Whether a session provides interpreters. From then on planning and booking give each pair whose sides speak different
/// languages one of the session's interpreters; meetings booked before keep what they have.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class SetSessionInterpreting
{
    public sealed record Command(int SessionId, bool ProvidesInterpreters) : IRequest<bool>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text) =>
            RuleFor(c => c.SessionId).MustBeASession(contexts, text);
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var session = await db.MatchmakingSessions.SingleAsync(s => s.Id == request.SessionId, cancellationToken);
            session.ProvidesInterpreters = request.ProvidesInterpreters;
            await db.SaveChangesAsync(cancellationToken);
            return session.ProvidesInterpreters;
        }
    }
}
