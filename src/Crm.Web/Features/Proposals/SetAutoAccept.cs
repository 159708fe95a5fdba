using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Proposals;

/// <summary>
/// An organiser sets an exhibitor to accept requests automatically (or stops it). Turning it on also accepts the
/// requests already waiting for it: from then on, every delegation's request to it is confirmed as it is made.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class SetAutoAccept
{
    public sealed record Command(int ExhibitorId, bool AutoAccept) : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<ProposalsText> text) =>
            RuleFor(c => c.ExhibitorId).MustAsync(async (id, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Exhibitors.AnyAsync(e => e.Id == id, ct);
                })
                .WithMessage(_ => text["ExhibitorNotFound"]);
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, TimeProvider clock) : IRequestHandler<Command, int>
    {
        /// <returns>How many waiting requests were accepted with it.</returns>
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var exhibitor = await db.Exhibitors.SingleAsync(e => e.Id == request.ExhibitorId, cancellationToken);
            exhibitor.AutoAcceptsRequests = request.AutoAccept;
            var now = clock.GetUtcNow().UtcDateTime;
            var waiting = request.AutoAccept
                ? await db.Matches.Where(m => m.ExhibitorId == exhibitor.Id && m.CounterpartDecision == MatchDecision.Accepted
                    && m.ExhibitorDecision == MatchDecision.Proposed && m.RequestExpiresAt > now).ToListAsync(cancellationToken)
                : [];
            foreach (var match in waiting)
            {
                match.ExhibitorDecision = MatchDecision.Accepted;
                match.ExhibitorDecidedAt = now;
                match.RequestExpiresAt = null;
            }
            await db.SaveChangesAsync(cancellationToken);
            return waiting.Count;
        }
    }
}
