using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// On the day: a booked meeting is marked held or no-show, or cancelled (which frees its slot, its table and the pair
/// for another booking). Held, no-show and cancelled are final. Only over the version the user saw.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager, Roles.DelegationLead, Roles.TeamMember)]
public static class MarkMeeting
{
    public sealed record Command(int MeetingId, long ExpectedVersion, MeetingStatus Status) : IRequest<Marked>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Meeting(MeetingId)];
    }

    /// <param name="Saved">False when someone changed the meeting after the user saw it: nothing was written.</param>
    public sealed record Marked(bool Saved, MeetingStatus Status, long Version);


    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MeetingsText> text)
        {
            RuleFor(c => c.Status).Must(s => s is MeetingStatus.Held or MeetingStatus.NoShow or MeetingStatus.Cancelled)
                .WithMessage(_ => text["MarkWhat"]);
            RuleFor(c => c.MeetingId).CustomAsync(async (id, context, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var status = await db.Meetings.Where(m => m.Id == id).Select(m => (MeetingStatus?)m.Status).SingleOrDefaultAsync(ct);
                if (status is null)
                {
                    context.AddFailure(text["MeetingNotFound"]);
                }
                else if (!MeetingStatuses.Open.Contains(status.Value))
                {
                    context.AddFailure(text["MeetingSettled", text["Status_" + status.Value]]);
                }
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Command, Marked>
    {
        public async Task<Marked> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var meeting = await db.Meetings.SingleAsync(m => m.Id == request.MeetingId, cancellationToken);
            if (meeting.Version != request.ExpectedVersion)
            {
                return new Marked(false, meeting.Status, meeting.Version);
            }
            meeting.Status = request.Status;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new Marked(true, meeting.Status, meeting.Version);
            }
            catch (DbUpdateConcurrencyException)
            {
                await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
                var stored = await fresh.Meetings.AsNoTracking().SingleAsync(m => m.Id == request.MeetingId, cancellationToken);
                return new Marked(false, stored.Status, stored.Version);
            }
        }
    }
}
