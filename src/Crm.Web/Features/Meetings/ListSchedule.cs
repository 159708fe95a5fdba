using Crm.Data;
using Crm.Data.Entities;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// The meetings (not cancelled) of one buyer, one exhibitor, one delegation with its sub-delegations, or one session, in
/// time order; as far as the user reaches (the row-level filter on meetings).
/// </summary>
public static class ListSchedule
{
    public sealed record Query(int? BuyerId = null, int? ExhibitorId = null, int? DelegationId = null, int? SessionId = null) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(string Code, DateTime StartsAt, DateTime EndsAt, MeetingPlace Place, string? TableCode, string? Session, string? SessionZh,
        string? Venue, string ExhibitorName, string ExhibitorNameZh, string? Booth, string? BuyerName, string? BuyerNameZh, MeetingStatus Status);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<MeetingsText> text) =>
            RuleFor(q => q).Must(q => new[] { q.BuyerId, q.ExhibitorId, q.DelegationId, q.SessionId }.Count(id => id is not null) == 1)
                .WithMessage(_ => text["ScheduleOfWhom"]);
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var meetings = db.Meetings.AsNoTracking().Where(m => m.Status != MeetingStatus.Cancelled);
            meetings = request switch
            {
                { BuyerId: { } buyer } => meetings.Where(m => m.BuyerId == buyer),
                { ExhibitorId: { } exhibitor } => meetings.Where(m => m.ExhibitorId == exhibitor),
                { DelegationId: { } delegation } => meetings.Where(m => m.Buyer!.DelegationId == delegation || m.Buyer.Delegation!.ParentId == delegation),
                _ => meetings.Where(m => m.SessionId == request.SessionId),
            };
            return await meetings.OrderBy(m => m.StartsAt).ThenBy(m => m.TableCode).ThenBy(m => m.Code)
                .Select(m => new Row(m.Code, m.StartsAt, m.EndsAt, m.Place, m.TableCode, m.Session!.Name, m.Session.NameZh, m.Session.Venue,
                    m.Exhibitor!.Company!.Name, m.Exhibitor.Company.NameZh, m.Exhibitor.Booth, m.Buyer!.Company!.Name, m.Buyer.Company.NameZh, m.Status))
                .ToListAsync(cancellationToken);
        }
    }
}
