using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Signings;

/// <summary>
/// The deals a user may attach to a signing: open deals of the event's edition within the user's reach (the row-level
/// filters decide: a team member's team, a lead's delegation, every deal for a manager), not lost, on no event yet;
/// optionally those whose code or company contains the text. Says which still need what their intent will say.
/// </summary>
public static class ListAttachableDeals
{
    public const int Limit = 50;

    public sealed record Query(int EventId, string? Search = null) : IRequest<IReadOnlyList<Candidate>>;

    public sealed record Candidate(
        int DealId,
        string Code,
        MatchKind Kind,
        string Company,
        string CompanyZh,
        string Party,
        string PartyZh,
        DealStage Stage,
        decimal? IntendedValueUsd,
        long Version,
        bool NeedsIntent);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Candidate>>
    {
        public async Task<IReadOnlyList<Candidate>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var edition = await db.SigningEvents.Where(e => e.Id == request.EventId).Select(e => (int?)e.EditionId).SingleOrDefaultAsync(cancellationToken);
            if (edition is null)
            {
                return [];
            }
            var deals = db.Deals.AsNoTracking().Where(d => d.EditionId == edition && d.SigningEventId == null && d.Stage != DealStage.Lost
                && !(d.Kind == MatchKind.Investment && d.Stage == DealStage.Operational)
                && !(d.Kind == MatchKind.Procurement && d.Stage == DealStage.Delivered));
            if (!string.IsNullOrWhiteSpace(request.Search))
            {
                var pattern = "%" + Like.Escape(request.Search.Trim()) + "%";
                deals = deals.Where(d => EF.Functions.Like(d.Code, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(d.Exhibitor!.Company!.Name, pattern, Like.EscapeCharacter)
                    || EF.Functions.Like(d.Exhibitor.Company.NameZh, pattern, Like.EscapeCharacter));
            }
            var rows = await deals.OrderBy(d => d.Code).Take(Limit)
                .Select(d => new
                {
                    d.Id, d.Code, d.Kind, Company = d.Exhibitor!.Company!.Name, CompanyZh = d.Exhibitor.Company.NameZh,
                    Party = d.PromotionTeamId != null ? d.PromotionTeam!.Name : d.Buyer!.Company!.Name,
                    PartyZh = d.PromotionTeamId != null ? d.PromotionTeam!.NameZh : d.Buyer!.Company!.NameZh,
                    d.Stage, d.IntendedValueUsd, d.IntentSignedOn, d.Version,
                })
                .ToListAsync(cancellationToken);
            return rows.Where(d => SigningRules.Attachable(d.Kind, d.Stage))
                .Select(d => new Candidate(d.Id, d.Code, d.Kind, d.Company, d.CompanyZh, d.Party, d.PartyZh, d.Stage, d.IntendedValueUsd, d.Version,
                    SigningRules.BeforeIntent(d.Stage, d.IntentSignedOn)))
                .ToList();
        }
    }
}
