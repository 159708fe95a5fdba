using Crm.Data;
using Crm.Data.Entities;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// The meetings (not cancelled) of one buyer, one exhibitor, one delegation with its sub-delegations, or one session (or
/// one table of it), in time order; as far as the user reaches (the row-level filter on meetings). Each row carries the
/// meeting's version, so that a page can mark it on the day over what the user saw.
/// </summary>
public static class ListSchedule
{
    /// <param name="TableCode">One table of the session (e.g. "A-017"); only with <paramref name="SessionId"/>.</param>
    public sealed record Query(int? BuyerId = null, int? ExhibitorId = null, int? DelegationId = null, int? SessionId = null, string? TableCode = null)
        : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Id, string Code, DateTime StartsAt, DateTime EndsAt, MeetingPlace Place, string? TableCode, string? Session,
        string? SessionZh, string? Venue, int ExhibitorId, string ExhibitorName, string ExhibitorNameZh, string? Booth, int? BuyerId, string? BuyerName,
        string? BuyerNameZh, MeetingStatus Status, long Version, string? Interpreter, MeetingOutcome? Outcome, int? MatchId);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IStringLocalizer<MeetingsText> text)
        {
            RuleFor(q => q).Must(q => new[] { q.BuyerId, q.ExhibitorId, q.DelegationId, q.SessionId }.Count(id => id is not null) == 1)
                .WithMessage(_ => text["ScheduleOfWhom"]);
            RuleFor(q => q.TableCode).Null().When(q => q.SessionId is null).WithMessage(_ => text["TableOnlyWithSession"]);
        }
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
                { TableCode: { } table } => meetings.Where(m => m.SessionId == request.SessionId && m.TableCode == table),
                _ => meetings.Where(m => m.SessionId == request.SessionId),
            };
            return await meetings.OrderBy(m => m.StartsAt).ThenBy(m => m.TableCode).ThenBy(m => m.Code)
                .Select(m => new Row(m.Id, m.Code, m.StartsAt, m.EndsAt, m.Place, m.TableCode, m.Session!.Name, m.Session.NameZh, m.Session.Venue,
                    m.ExhibitorId, m.Exhibitor!.Company!.Name, m.Exhibitor.Company.NameZh, m.Exhibitor.Booth, m.BuyerId, m.Buyer!.Company!.Name,
                    m.Buyer.Company.NameZh, m.Status, m.Version, m.Interpreter!.Name, m.Outcome, m.MatchId))
                .ToListAsync(cancellationToken);
        }
    }
}
