using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// The part of a session an exhibitor can meet in (e.g. only the morning), within the session's hours and holding at
/// least one whole slot; no window (both times empty) means throughout. Planning and booking keep to it; meetings
/// already booked outside it stay (cancel or move them by hand).
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class SetExhibitorAvailability
{
    public sealed record Command(int SessionId, int ExhibitorId, TimeOnly? From, TimeOnly? Until) : IRequest<bool>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text)
        {
            RuleFor(c => c.Until).Must((c, until) => (c.From is null) == (until is null)).WithMessage(_ => text["WindowBothOrNone"]);
            RuleFor(c => c.SessionId).CustomAsync(async (id, context, ct) =>
            {
                var command = context.InstanceToValidate;
                await using var db = await contexts.CreateDbContextAsync(ct);
                var session = await db.MatchmakingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
                if (session is null)
                {
                    context.AddFailure(text["SessionNotFound"]);
                    return;
                }
                if (!await db.Exhibitors.AnyAsync(e => e.Id == command.ExhibitorId && e.EditionId == session.EditionId, ct))
                {
                    context.AddFailure(nameof(Command.ExhibitorId), text["ExhibitorNotFound"]);
                }
                if (command is { From: { } from, Until: { } until } && SessionSlots.Within(session, from, until).Count == 0)
                {
                    context.AddFailure(nameof(Command.From), text["WindowOutsideSession", session.Starts.ToString("HH:mm", null), session.Ends.ToString("HH:mm", null),
                        session.SlotMinutes]);
                }
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var window = await db.ExhibitorAvailabilities
                .SingleOrDefaultAsync(a => a.SessionId == request.SessionId && a.ExhibitorId == request.ExhibitorId, cancellationToken);
            if (request is { From: { } from, Until: { } until })
            {
                window ??= db.ExhibitorAvailabilities.Add(new ExhibitorAvailability { SessionId = request.SessionId, ExhibitorId = request.ExhibitorId }).Entity;
                (window.From, window.Until) = (from, until);
            }
            else if (window is not null)
            {
                db.ExhibitorAvailabilities.Remove(window);
            }
            await db.SaveChangesAsync(cancellationToken);
            return request.From is not null;
        }
    }
}
