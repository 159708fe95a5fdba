using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Proposals;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Matching;

/// <summary>
/// A buyer's (or a team's) proposals as the last scoring run wrote them: rank, exhibitor, score, the model that scored
/// them, the reasons in the user's language, and where each stands in the double opt-in. Reads stored rows only, so it is fast whatever the edition's size.
/// </summary>
public static class ListProposals
{
    public sealed record Query(MatchKind Kind, int CounterpartId, int Take = 10) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int MatchId, int Rank, int ExhibitorId, string ExhibitorCode, string ExhibitorName, string ExhibitorNameZh,
        string CountryCode, string? Booth, double Score, string ModelVersion, IReadOnlyList<ReasonText> Reasons,
        MatchDecision ExhibitorDecision, MatchDecision CounterpartDecision, MatchState State, string? DeclineReason, DateTime? RequestExpiresAt,
        long Version, Booking? Meeting);

    /// <summary>The meeting a confirmed pair was booked into.</summary>
    public sealed record Booking(int Id, string Code, DateTime StartsAt, MeetingPlace Place, string? TableCode, MeetingStatus Status, long Version, MeetingOutcome? Outcome);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MatchingText> text, TimeProvider clock)
        : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var matches = db.Matches.AsNoTracking().Where(m => m.Kind == request.Kind);
            matches = request.Kind == MatchKind.Procurement
                ? matches.Where(m => m.BuyerId == request.CounterpartId)
                : matches.Where(m => m.PromotionTeamId == request.CounterpartId);
            var rows = await matches
                .OrderBy(m => m.Rank)
                .Take(Math.Clamp(request.Take, 1, 50))
                .Select(m => new
                {
                    m.Id, m.Rank, m.ExhibitorId, m.Exhibitor!.Company!.Code, m.Exhibitor.Company.Name, m.Exhibitor.Company.NameZh,
                    m.Exhibitor.Company.CountryCode, m.Exhibitor.Booth, m.Score, m.ModelVersion, m.Explanation,
                    m.ExhibitorDecision, m.CounterpartDecision, m.CounterpartReason, m.ExhibitorReason, m.RequestExpiresAt, m.Version,
                })
                .ToListAsync(cancellationToken);
            // The latest meeting not cancelled: a no-show until it is rescheduled, then the new one. A second query by the
            // proposals' ids (IX_Meetings_MatchId): as a subquery of the first, EF ranks every meeting of the table
            // (ROW_NUMBER over all of them), 150 ms per read on the full seed.
            var ids = rows.Select(r => r.Id).ToList();
            var meetings = (await db.Meetings.AsNoTracking()
                    .Where(x => x.MatchId != null && ids.Contains(x.MatchId.Value) && x.Status != MeetingStatus.Cancelled)
                    .Select(x => new { MatchId = x.MatchId!.Value, Booking = new Booking(x.Id, x.Code, x.StartsAt, x.Place, x.TableCode, x.Status, x.Version, x.Outcome) })
                    .ToListAsync(cancellationToken))
                .GroupBy(x => x.MatchId)
                .ToDictionary(g => g.Key, g => g.MaxBy(x => x.Booking.StartsAt)!.Booking);
            var kind = MatchingDataLoader.Kind(request.Kind);
            var now = clock.GetUtcNow().UtcDateTime;
            return rows.Select(r => new Row(r.Id, r.Rank, r.ExhibitorId, r.Code, r.Name, r.NameZh, r.CountryCode, r.Booth, r.Score, r.ModelVersion,
                    Explanations.Describe(kind, Explanations.Parse(r.Explanation), text), r.ExhibitorDecision, r.CounterpartDecision,
                    MatchStates.Of(r.CounterpartDecision, r.ExhibitorDecision, r.RequestExpiresAt, now), r.CounterpartReason ?? r.ExhibitorReason,
                    r.RequestExpiresAt, r.Version, meetings.GetValueOrDefault(r.Id)))
                .ToList();
        }
    }
}
