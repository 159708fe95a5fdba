using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Proposals;

/// <summary>
/// The exhibitor's side (the organisers, acting for it) answers a request: accept, which confirms the
/// pair for booking, or decline with a reason. Only a request still open: not lapsed, not withdrawn.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class AnswerRequest
{
    public sealed record Command(int MatchId, long ExpectedVersion, bool Accept, string? Reason = null)
        : IRequest<MatchChange>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ProposalsText> text, TimeProvider clock)
        {
            MatchDecisions.ReasonRules(this, c => c.Accept, c => c.Reason, text);
            RuleFor(c => c.MatchId).MustExist(contexts, text).DependentRules(() =>
                RuleFor(c => c.MatchId).CustomAsync(async (id, context, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    var m = await db.Matches.Where(x => x.Id == id)
                        .Select(x => new { x.CounterpartDecision, x.ExhibitorDecision, x.RequestExpiresAt }).SingleAsync(ct);
                    var state = MatchStates.Of(m.CounterpartDecision, m.ExhibitorDecision, m.RequestExpiresAt, clock.GetUtcNow().UtcDateTime);
                    if (state != MatchState.Requested)
                    {
                        context.AddFailure(text["NotARequest", text["State." + state]]);
                    }
                }));
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Command, MatchChange>
    {
        public async Task<MatchChange> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var match = await db.Matches.SingleAsync(m => m.Id == request.MatchId, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            if (match.Version != request.ExpectedVersion)
            {
                return MatchDecisions.Stale(match, now);
            }
            match.ExhibitorDecision = request.Accept ? MatchDecision.Accepted : MatchDecision.Declined;
            match.ExhibitorReason = request.Accept ? null : request.Reason!.Trim();
            match.ExhibitorDecidedAt = now;
            match.RequestExpiresAt = null;
            // The exhibitor's side answers (the organisers for it): the deal it opens has no owner until the delegation or team takes it.
            return await MatchDecisions.SaveAsync(contexts, db, match, null, now, cancellationToken);
        }
    }
}
