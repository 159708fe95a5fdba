using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Proposals;

/// <summary>
/// The buyer's delegation (or the team) accepts a proposal, which asks the exhibitor's side, or declines it with a
/// reason. Accepting again a lapsed or declined proposal asks anew; a pair the exhibitor already accepted is confirmed
/// at once. Only over the version the user saw.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager, Roles.DelegationLead, Roles.TeamMember)]
public static class DecideProposal
{
    public sealed record Command(int MatchId, long ExpectedVersion, bool Accept, string? Reason = null)
        : IRequest<MatchChange>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Match(MatchId)];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ProposalsText> text)
        {
            MatchDecisions.ReasonRules(this, c => c.Accept, c => c.Reason, text);
            RuleFor(c => c.MatchId).MustExist(contexts, text).DependentRules(() =>
                RuleFor(c => c.MatchId).MustAsync(async (command, id, ct) =>
                    {
                        // The exhibitor's refusal stands: asking again would be asking someone who said no.
                        await using var db = await contexts.CreateDbContextAsync(ct);
                        return !command.Accept || await db.Matches.AnyAsync(m => m.Id == id && m.ExhibitorDecision != MatchDecision.Declined, ct);
                    })
                    .WithMessage(_ => text["ExhibitorDeclined"]));
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock, IOptions<MatchmakingOptions> options, ICurrentUser currentUser)
        : IRequestHandler<Command, MatchChange>
    {
        public async Task<MatchChange> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var match = await db.Matches.Include(m => m.Exhibitor).SingleAsync(m => m.Id == request.MatchId, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            if (match.Version != request.ExpectedVersion)
            {
                return MatchDecisions.Stale(match, now);
            }
            if (request.Accept)
            {
                MatchDecisions.Accept(match, match.Exhibitor!.AutoAcceptsRequests, now, options.Value.RequestExpiry);
            }
            else
            {
                match.CounterpartDecision = MatchDecision.Declined;
                match.CounterpartReason = request.Reason!.Trim();
                match.CounterpartDecidedAt = now;
                match.RequestExpiresAt = null;
            }
            // The deal an accepted pair opens is the deciding user's to follow.
            return await MatchDecisions.SaveAsync(contexts, db, match, (await currentUser.GetAsync()).UserId, now, cancellationToken);
        }
    }
}
