using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Pipeline;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Crm.Web.Features.Proposals;

/// <summary>
/// Accepts in one go the best proposals nobody has acted on yet: the top <see cref="Command.Top"/> of one buyer, or of
/// every buyer of a delegation and its sub-delegations. Proposals already decided are left as they are. One save: all
/// or none.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager, Roles.DelegationLead)]
public static class AcceptProposals
{
    public const int MaxTop = 10;

    public sealed record Command(int? BuyerId, int? DelegationId, int Top = 3) : IRequest<int>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records =>
            BuyerId is { } buyer ? [RecordRef.Buyer(buyer)] : DelegationId is { } delegation ? [RecordRef.Delegation(delegation)] : [];
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<ProposalsText> text)
        {
            RuleFor(c => c).Must(c => (c.BuyerId is null) != (c.DelegationId is null)).WithMessage(_ => text["BuyerOrDelegation"]);
            RuleFor(c => c.Top).InclusiveBetween(1, MaxTop).WithMessage(_ => text["TopOutOfRange", MaxTop]);
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock, IOptions<MatchmakingOptions> options, ICurrentUser currentUser)
        : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var matches = db.Matches.Include(m => m.Exhibitor).Where(m => m.Kind == MatchKind.Procurement && m.Rank <= request.Top
                && m.CounterpartDecision == MatchDecision.Proposed && m.ExhibitorDecision != MatchDecision.Declined);
            matches = request.BuyerId is { } buyer
                ? matches.Where(m => m.BuyerId == buyer)
                : matches.Where(m => m.Buyer!.DelegationId == request.DelegationId || m.Buyer.Delegation!.ParentId == request.DelegationId);
            var chosen = await matches.ToListAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var match in chosen)
            {
                MatchDecisions.Accept(match, match.Exhibitor!.AutoAcceptsRequests, now, options.Value.RequestExpiry);
            }
            // Exhibitors that accept requests at once make pairs: their deals open with the acceptance, in the same save.
            await PairDeals.OpenForAcceptedAsync(db, chosen, (await currentUser.GetAsync()).UserId, now, cancellationToken);
            await PairDeals.SaveAsync(db, cancellationToken);
            return chosen.Count;
        }
    }
}
