using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// An organiser sets how many matchmaking meetings an exhibitor takes at this show (every meeting not cancelled counts,
/// a no-show too); never below what it already holds. Booking and planning keep to it; the ranker reads it too, so the
/// edition is rescored like after any change of an exhibitor's matching inputs.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class SetMeetingCapacity
{
    public const int MaxCapacity = Exhibitor.MaxMeetingCapacity;

    public sealed record Command(int ExhibitorId, int Capacity) : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text)
        {
            RuleFor(c => c.Capacity).InclusiveBetween(0, MaxCapacity).WithMessage(_ => text["CapacityOutOfRange", MaxCapacity]);
            RuleFor(c => c.ExhibitorId).CustomAsync(async (id, context, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                if (!await db.Exhibitors.AnyAsync(e => e.Id == id && e.Edition!.Status == EditionStatus.Current, ct))
                {
                    context.AddFailure(text["ExhibitorNotFound"]);
                    return;
                }
                var held = await db.Meetings.IgnoreQueryFilters().CountAsync(m => m.ExhibitorId == id && m.Status != MeetingStatus.Cancelled, ct);
                if (context.InstanceToValidate.Capacity < held)
                {
                    context.AddFailure(nameof(Command.Capacity), text["CapacityBelowBooked", held]);
                }
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var exhibitor = await db.Exhibitors.SingleAsync(e => e.Id == request.ExhibitorId, cancellationToken);
            exhibitor.MeetingCapacity = request.Capacity;
            await db.SaveChangesAsync(cancellationToken);
            return exhibitor.MeetingCapacity;
        }
    }
}
