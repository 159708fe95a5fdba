using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// Whose schedule the schedule page offers, beside the sessions and delegations: the current edition's buyers and
/// exhibitors that have a meeting (not cancelled) the user reaches, by name; and the tables of a session that hold one.
/// </summary>
public static class ListScheduleChoices
{
    public sealed record Parties : IRequest<Choices>;

    public sealed record Choices(IReadOnlyList<Choice> Buyers, IReadOnlyList<Choice> Exhibitors);

    public sealed record Choice(int Id, string Name, string NameZh, string? Booth);

    public sealed record Tables(int SessionId) : IRequest<IReadOnlyList<string>>;

    internal sealed class PartiesHandler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Parties, Choices>
    {
        public async Task<Choices> Handle(Parties request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var meetings = db.Meetings.AsNoTracking().Where(m => m.Edition!.Status == EditionStatus.Current && m.Status != MeetingStatus.Cancelled);
            var buyers = await meetings.Where(m => m.BuyerId != null)
                .Select(m => new { Id = m.BuyerId!.Value, m.Buyer!.Company!.Name, m.Buyer.Company.NameZh }).Distinct()
                .ToListAsync(cancellationToken);
            var exhibitors = await meetings
                .Select(m => new { Id = m.ExhibitorId, m.Exhibitor!.Company!.Name, m.Exhibitor.Company.NameZh, m.Exhibitor.Booth }).Distinct()
                .ToListAsync(cancellationToken);
            return new Choices(
                buyers.OrderBy(b => b.NameZh, StringComparer.Ordinal).ThenBy(b => b.Id).Select(b => new Choice(b.Id, b.Name, b.NameZh, null)).ToList(),
                exhibitors.OrderBy(e => e.NameZh, StringComparer.Ordinal).ThenBy(e => e.Id).Select(e => new Choice(e.Id, e.Name, e.NameZh, e.Booth)).ToList());
        }
    }

    internal sealed class TablesHandler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Tables, IReadOnlyList<string>>
    {
        public async Task<IReadOnlyList<string>> Handle(Tables request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Meetings.AsNoTracking()
                .Where(m => m.SessionId == request.SessionId && m.Status != MeetingStatus.Cancelled && m.TableCode != null)
                .Select(m => m.TableCode!).Distinct().OrderBy(t => t)
                .ToListAsync(cancellationToken);
        }
    }
}
