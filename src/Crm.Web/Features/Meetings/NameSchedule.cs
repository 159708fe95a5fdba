using Crm.Data;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// Whose schedule a <see cref="ListSchedule.Query"/> asks for, as a heading names it: the buyer, exhibitor, delegation or
/// session (with the table, if one); null when there is no such one or the user does not reach that buyer.
/// </summary>
public static class NameSchedule
{
    public sealed record Query(ListSchedule.Query Schedule) : IRequest<Subject?>;

    public enum Whose { Buyer, Exhibitor, Delegation, Session }

    public sealed record Subject(Whose Whose, string Name, string NameZh, string? TableCode);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Subject?>
    {
        public async Task<Subject?> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var names = request.Schedule switch
            {
                { BuyerId: { } id } => db.Buyers.Where(b => b.Id == id).Select(b => new Subject(Whose.Buyer, b.Company!.Name, b.Company.NameZh, null)),
                { ExhibitorId: { } id } => db.Exhibitors.Where(e => e.Id == id).Select(e => new Subject(Whose.Exhibitor, e.Company!.Name, e.Company.NameZh, null)),
                { DelegationId: { } id } => db.TradeDelegations.Where(d => d.Id == id).Select(d => new Subject(Whose.Delegation, d.Name, d.NameZh, null)),
                { SessionId: { } id } => db.MatchmakingSessions.Where(s => s.Id == id)
                    .Select(s => new Subject(Whose.Session, s.Name, s.NameZh, request.Schedule.TableCode)),
                _ => null,
            };
            return names is null ? null : await names.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        }
    }
}
