using Crm.Data;
using Crm.Data.Entities;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// What an organiser sets up in a session beyond its hours and tables: whether it provides interpreters, who interprets
/// which language (and how many meetings each serves), the exhibitors who can meet only part of it, and the languages
/// an interpreter can be added for (the participants' countries' languages).
/// </summary>
public static class GetSessionSetup
{
    public sealed record Query(int SessionId) : IRequest<Setup?>;

    public sealed record Setup(int Id, string Name, string NameZh, TimeOnly Starts, TimeOnly Ends, int SlotMinutes, bool ProvidesInterpreters,
        IReadOnlyList<InterpreterRow> Interpreters, IReadOnlyList<AvailabilityRow> Availabilities, IReadOnlyList<string> Languages);

    public sealed record InterpreterRow(int Id, string Name, string Language, int Meetings);

    public sealed record AvailabilityRow(int ExhibitorId, string Name, string NameZh, string? Booth, TimeOnly From, TimeOnly Until);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Setup?>
    {
        public async Task<Setup?> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var session = await db.MatchmakingSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SessionId, cancellationToken);
            if (session is null)
            {
                return null;
            }
            var interpreters = await db.SessionInterpreters.AsNoTracking().Where(i => i.SessionId == session.Id)
                .OrderBy(i => i.Language).ThenBy(i => i.Name)
                .Select(i => new InterpreterRow(i.Id, i.Name, i.Language,
                    db.Meetings.IgnoreQueryFilters().Count(m => m.InterpreterId == i.Id && m.Status != MeetingStatus.Cancelled)))
                .ToListAsync(cancellationToken);
            var availabilities = await db.ExhibitorAvailabilities.AsNoTracking().Where(a => a.SessionId == session.Id)
                .OrderBy(a => a.From).ThenBy(a => a.Exhibitor!.Company!.NameZh)
                .Select(a => new AvailabilityRow(a.ExhibitorId, a.Exhibitor!.Company!.Name, a.Exhibitor.Company.NameZh, a.Exhibitor.Booth, a.From, a.Until))
                .ToListAsync(cancellationToken);
            var languages = await db.Countries.AsNoTracking().Select(c => c.Language).Distinct().OrderBy(l => l).ToListAsync(cancellationToken);
            return new Setup(session.Id, session.Name, session.NameZh, session.Starts, session.Ends, session.SlotMinutes, session.ProvidesInterpreters,
                interpreters, availabilities, languages);
        }
    }
}
