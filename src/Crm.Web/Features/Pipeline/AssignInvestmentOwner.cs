using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// A manager settles an ownership conflict (撞单): the team that keeps the exhibitor's investment lead. The exhibitor
/// records its owner; every other team's open investment deal for it in the edition is lost with the reason (in both
/// languages, since both teams read it) and a stage change, so nothing stays silently duplicated. One save.
/// </summary>
[RequiresRole(Roles.Administrator, Roles.Manager)]
public static class AssignInvestmentOwner
{
    public sealed record Command(int ExhibitorId, int TeamId) : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<PipelineText> text) =>
            RuleFor(c => c.TeamId).MustAsync(async (c, team, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    var edition = await db.Exhibitors.Where(e => e.Id == c.ExhibitorId).Select(e => (int?)e.Edition!.Number).SingleOrDefaultAsync(ct);
                    return edition is not null
                        && await OwnershipConflicts.OpenClaims(db, edition).AnyAsync(d => d.ExhibitorId == c.ExhibitorId && d.PromotionTeamId == team, ct);
                })
                .WithMessage(_ => text["OwnerWithoutDeal"]);
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser currentUser, TimeProvider clock, IStringLocalizer<PipelineText> text)
        : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var exhibitor = await db.Exhibitors.Include(e => e.Edition).SingleAsync(e => e.Id == request.ExhibitorId, cancellationToken);
            var owner = await db.PromotionTeams.SingleAsync(t => t.Id == request.TeamId, cancellationToken);
            var others = await OwnershipConflicts.OpenClaims(db, exhibitor.Edition!.Number)
                .Where(d => d.ExhibitorId == exhibitor.Id && d.PromotionTeamId != owner.Id)
                .ToListAsync(cancellationToken);
            var user = await currentUser.GetAsync();
            var now = clock.GetUtcNow().UtcDateTime;
            var reason = $"撞单：由{owner.NameZh}跟进 / Ownership assigned to {owner.Name}";
            reason = reason[..Math.Min(reason.Length, MoveDealStage.MaxReasonLength)];
            exhibitor.InvestmentOwnerTeamId = owner.Id;
            foreach (var deal in others)
            {
                db.DealStageChanges.Add(new DealStageChange
                {
                    DealId = deal.Id, FromStage = deal.Stage, ToStage = DealStage.Lost, ChangedAt = now, ChangedByUserId = user.UserId, Note = reason,
                });
                (deal.Stage, deal.LostReason, deal.NextStep, deal.NextStepDueOn, deal.UpdatedAt) = (DealStage.Lost, reason, null, null, now);
            }
            try
            {
                // The deals' versions guard the update: a deal moved in the meantime fails the save and nothing changes.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new RequestValidationException([new FluentValidation.Results.ValidationFailure(nameof(Command.TeamId), text["Conflict"])]);
            }
            return others.Count;
        }
    }
}
