using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// An organiser removes an interpreter from a session, but only one who serves no meeting (cancel or rebook those first):
/// a meeting never loses its interpreter silently. The database refuses it too.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class RemoveInterpreter
{
    public sealed record Command(int InterpreterId) : IRequest<bool>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text) =>
            RuleFor(c => c.InterpreterId).CustomAsync(async (id, context, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                if (!await db.SessionInterpreters.AnyAsync(i => i.Id == id, ct))
                {
                    context.AddFailure(text["InterpreterNotFound"]);
                }
                else if (await db.Meetings.IgnoreQueryFilters().AnyAsync(m => m.InterpreterId == id && m.Status != MeetingStatus.Cancelled, ct))
                {
                    context.AddFailure(text["InterpreterBooked"]);
                }
            });
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text) : IRequestHandler<Command, bool>
    {
        public async Task<bool> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Cancelled meetings keep no hold on the interpreter: they forget them, so the row can go.
            await db.Meetings.IgnoreQueryFilters().Where(m => m.InterpreterId == request.InterpreterId && m.Status == MeetingStatus.Cancelled)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.InterpreterId, (int?)null), cancellationToken);
            // A meeting booked with them in the meantime makes the delete fail (the key restricts it), and nothing changes.
            try
            {
                var removed = await db.SessionInterpreters.Where(i => i.Id == request.InterpreterId).ExecuteDeleteAsync(cancellationToken) == 1;
                await transaction.CommitAsync(cancellationToken);
                return removed;
            }
            catch (System.Data.Common.DbException)
            {
                throw new RequestValidationException([new FluentValidation.Results.ValidationFailure(nameof(Command.InterpreterId), text["InterpreterBooked"])]);
            }
        }
    }
}
