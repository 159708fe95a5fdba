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
/// Moves a deal to another stage, keeping who moved it, when, from and to. The command carries what the user saw
/// (kind, stage and version): if the deal changed since, nothing is written and the user is told to reload.
/// </summary>
public static class MoveDealStage
{
    public sealed record Command(
        int DealId,
        long ExpectedVersion,
        MatchKind Kind,
        DealStage FromStage,
        DealStage ToStage,
        string? Reason = null,
        decimal? IntendedValueUsd = null,
        DateOnly? IntentSignedOn = null,
        DateOnly? LandedOn = null) : IRequest<Result>, IWriteRequest, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Deal(DealId)];
    }

    /// <summary>Either moved (with the deal's new version) or refused because the deal changed meanwhile.</summary>
    public sealed record Result(bool Moved, long Version, string? Conflict)
    {
        public static Result Done(long version) => new(true, version, null);
        public static Result Stale(string message) => new(false, 0, message);
    }

    public const int MaxReasonLength = 500;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IStringLocalizer<PipelineText> text)
        {
            RuleFor(c => c.ToStage)
                .Must((c, to) => DealStages.IsLegal(c.Kind, c.FromStage, to))
                .WithMessage(c => text["StageNotNext", text[$"Stage_{c.FromStage}"], text[$"Stage_{c.ToStage}"]]);
            RuleFor(c => c.Reason)
                .NotEmpty().When(c => DealStages.NeedsReason(c.ToStage)).WithMessage(_ => text["ReasonRequired"])
                .MaximumLength(MaxReasonLength).WithMessage(_ => text["ReasonTooLong", MaxReasonLength]);
            When(c => c.ToStage == DealStage.IntentSigned, () =>
            {
                RuleFor(c => c.IntendedValueUsd)
                    .NotNull().WithMessage(_ => text["IntendedValueRequired"])
                    .GreaterThan(0m).WithMessage(_ => text["IntendedValueRequired"]);
                RuleFor(c => c.IntentSignedOn).NotNull().WithMessage(_ => text["IntentDateRequired"]);
            });
            When(c => c.ToStage == DealStage.Landed, () =>
                RuleFor(c => c.LandedOn).NotNull().WithMessage(_ => text["LandedDateRequired"]));
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser currentUser, IStringLocalizer<PipelineText> text)
        : IRequestHandler<Command, Result>
    {
        public async Task<Result> Handle(Command request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var deal = await db.Deals.SingleOrDefaultAsync(d => d.Id == request.DealId, cancellationToken);
            if (deal is null || deal.Version != request.ExpectedVersion || deal.Stage != request.FromStage || deal.Kind != request.Kind)
            {
                return Result.Stale(text["Conflict"]);
            }

            var user = await currentUser.GetAsync();
            var now = DateTime.UtcNow;
            deal.Stage = request.ToStage;
            deal.UpdatedAt = now;
            deal.LostReason = DealStages.NeedsReason(request.ToStage) ? request.Reason!.Trim() : null;
            switch (request.ToStage)
            {
                case DealStage.IntentSigned:
                    deal.IntendedValueUsd = request.IntendedValueUsd;
                    deal.IntentSignedOn = request.IntentSignedOn;
                    break;
                case DealStage.ContractSigned:
                    // A contract has a date (the data format requires it from this stage on): the day it is recorded,
                    // in expo time (UTC+8), unless one was recorded before.
                    deal.ContractSignedOn ??= DateOnly.FromDateTime(now.AddHours(8));
                    break;
                case DealStage.Landed:
                    deal.LandedOn = request.LandedOn;
                    break;
            }
            db.DealStageChanges.Add(new DealStageChange
            {
                DealId = deal.Id,
                FromStage = request.FromStage,
                ToStage = request.ToStage,
                ChangedAt = now,
                ChangedByUserId = user.UserId,
                Note = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim(),
            });
            try
            {
                // The version the deal was read with guards the UPDATE: a save in between makes this one fail.
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return Result.Stale(text["Conflict"]);
            }
            return Result.Done(deal.Version);
        }
    }
}
