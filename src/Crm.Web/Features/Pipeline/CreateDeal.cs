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
/// A deal opened by hand: a lead that did not come from a proposal (a visit, a call, a referral). An exhibitor of the
/// edition and its counterpart, a promotion team (investment) or a buyer (procurement), both within the user's reach;
/// an early stage (up to Met: later stages need what they require, through a move); the next step and its due date.
/// The pair may not have a deal already (<see cref="PairDeals"/>), and an exhibitor whose investment a manager gave to
/// another team is theirs. Another team's open claim is allowed and named back: both teams see the conflict (撞单)
/// until a manager assigns an owner. The deal, its first stage change and the next step's task are saved together.
/// </summary>
public static class CreateDeal
{
    public sealed record Command(
        MatchKind Kind,
        int ExhibitorId,
        int? TeamId,
        int? BuyerId,
        DealStage Stage,
        string? NextStep,
        DateOnly? NextStepDueOn) : IRequest<Created>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records =>
            RecordRef.Given(TeamId is { } team ? RecordRef.Team(team) : null, BuyerId is { } buyer ? RecordRef.Buyer(buyer) : null);
    }

    /// <summary>The new deal, and the other teams already pursuing the exhibitor's investment (a conflict to settle).</summary>
    public sealed record Created(int DealId, string Code, IReadOnlyList<ListPipeline.RivalTeam> Rivals);

    /// <summary>The stages a deal may start at by hand.</summary>
    public static IReadOnlyList<DealStage> Starts { get; } = [DealStage.Proposed, DealStage.Contacted, DealStage.MeetingScheduled, DealStage.Met];

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<PipelineText> text)
        {
            RuleFor(c => c.Kind).IsInEnum().WithMessage(_ => text["KindUnknown"]);
            RuleFor(c => c.Stage).Must(s => Starts.Contains(s)).WithMessage(_ => text["StartStage", text["Stage_Met"]]);
            RuleFor(c => c.ExhibitorId).GreaterThan(0).WithMessage(_ => text["ExhibitorRequired"]);
            RuleFor(c => c.TeamId).NotNull().When(c => c.Kind == MatchKind.Investment).WithMessage(_ => text["TeamRequired"]);
            RuleFor(c => c.TeamId).Null().When(c => c.Kind == MatchKind.Procurement).WithMessage(_ => text["TeamNotProcurement"]);
            RuleFor(c => c.BuyerId).NotNull().When(c => c.Kind == MatchKind.Procurement).WithMessage(_ => text["BuyerRequired"]);
            RuleFor(c => c.BuyerId).Null().When(c => c.Kind == MatchKind.Investment).WithMessage(_ => text["BuyerNotInvestment"]);
            RuleFor(c => c.NextStep).Must(s => !string.IsNullOrWhiteSpace(s)).WithMessage(_ => text["NextStepRequired"])
                .MaximumLength(Deal.NextStepMaxLength).WithMessage(_ => text["NextStepTooLong", Deal.NextStepMaxLength]);
            RuleFor(c => c.NextStepDueOn).NotNull().WithMessage(_ => text["NextStepDueRequired"])
                .Must(ExpoCalendar.InRange).WithMessage(_ => text["DateOutOfRange", ExpoCalendar.Earliest.Year, ExpoCalendar.Latest.Year]);
            RuleFor(c => c).CustomAsync(async (c, context, ct) =>
            {
                if (c.ExhibitorId <= 0 || (c.TeamId is null && c.BuyerId is null))
                {
                    return;
                }
                await using var db = await contexts.CreateDbContextAsync(ct);
                var exhibitor = await db.Exhibitors.Where(e => e.Id == c.ExhibitorId)
                    .Select(e => new { e.EditionId, e.InvestmentOwnerTeamId, Owner = e.InvestmentOwnerTeam!.Name, OwnerZh = e.InvestmentOwnerTeam.NameZh })
                    .SingleOrDefaultAsync(ct);
                if (exhibitor is null)
                {
                    context.AddFailure(nameof(Command.ExhibitorId), text["ExhibitorRequired"]);
                    return;
                }
                if (c.BuyerId is { } buyer && !await db.Buyers.AnyAsync(b => b.Id == buyer && b.EditionId == exhibitor.EditionId, ct))
                {
                    context.AddFailure(nameof(Command.BuyerId), text["BuyerOtherEdition"]);
                    return;
                }
                if (await PairDeals.Of(db, exhibitor.EditionId, c.Kind, c.ExhibitorId, c.BuyerId, c.TeamId).Select(d => d.Code).FirstOrDefaultAsync(ct) is { } code)
                {
                    context.AddFailure(nameof(Command.ExhibitorId), text["PairHasDeal", code]);
                }
                else if (c.Kind == MatchKind.Investment && exhibitor.InvestmentOwnerTeamId is { } owner && owner != c.TeamId)
                {
                    var chinese = Cultures.IsChinese(System.Globalization.CultureInfo.CurrentUICulture);
                    context.AddFailure(nameof(Command.ExhibitorId), text["OwnedByOtherTeam", chinese ? exhibitor.OwnerZh : exhibitor.Owner]);
                }
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser currentUser, TimeProvider clock) : IRequestHandler<Command, Created>
    {
        public async Task<Created> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var exhibitor = await db.Exhibitors.SingleAsync(e => e.Id == request.ExhibitorId, cancellationToken);
            var user = await currentUser.GetAsync();
            var now = clock.GetUtcNow().UtcDateTime;
            var deal = PairDeals.Open(db, exhibitor.EditionId, request.Kind, exhibitor.Id, request.BuyerId, request.TeamId, null, request.Stage, user.UserId, now);
            deal.NextStep = request.NextStep!.Trim();
            deal.NextStepDueOn = request.NextStepDueOn;
            db.Activities.Add(new Activity
            {
                Kind = ActivityKind.Task, Subject = deal.NextStep, DueOn = deal.NextStepDueOn, Deal = deal, CompanyId = exhibitor.CompanyId,
                OwnerUserId = user.UserId, CreatedAt = now,
            });
            await PairDeals.SaveAsync(db, cancellationToken);

            // Other teams' open claims on the exhibitor, across the row filter: the new deal is in conflict with them.
            var edition = await db.Editions.Where(e => e.Id == exhibitor.EditionId).Select(e => e.Number).SingleAsync(cancellationToken);
            var rivals = request.Kind != MatchKind.Investment ? [] : await OwnershipConflicts.OpenClaims(db, edition)
                .Where(d => d.ExhibitorId == exhibitor.Id && d.PromotionTeamId != request.TeamId)
                .Select(d => new ListPipeline.RivalTeam(d.PromotionTeam!.Name, d.PromotionTeam.NameZh))
                .Distinct().ToListAsync(cancellationToken);
            return new Created(deal.Id, deal.Code, rivals);
        }
    }
}
