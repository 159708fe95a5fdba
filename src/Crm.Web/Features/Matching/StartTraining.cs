using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Jobs;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Matching;

/// <summary>An administrator starts training a model on a range of past editions; it runs as a background job.</summary>
[RequiresRole(Roles.Administrator)]
public static class StartTraining
{
    /// <param name="FromEdition">First edition to learn from; with <paramref name="ToEdition"/> null, every past edition with outcomes.</param>
    public sealed record Command(MatchKind Kind, int? FromEdition, int? ToEdition) : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MatchingText> text)
        {
            RuleFor(c => c).Must(c => (c.FromEdition is null) == (c.ToEdition is null)).WithMessage(_ => text["EditionRangeIncomplete"]);
            RuleFor(c => c).Must(c => c.FromEdition is not { } from || c.ToEdition is not { } to || from <= to).WithMessage(_ => text["EditionRangeReversed"]);
            RuleFor(c => c)
                .MustAsync(async (c, ct) =>
                {
                    // The outcomes the engine learns from (MatchingDataLoader): the kind's deals and its held meetings.
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    var deals = db.Deals.Where(d => d.Kind == c.Kind);
                    var held = db.Meetings.Where(m => m.Status == MeetingStatus.Held
                        && (c.Kind == MatchKind.Procurement ? m.BuyerId != null : m.PromotionTeamId != null));
                    if (c.FromEdition is { } from && c.ToEdition is { } to)
                    {
                        deals = deals.Where(d => d.Edition!.Number >= from && d.Edition.Number <= to);
                        held = held.Where(m => m.Edition!.Number >= from && m.Edition.Number <= to);
                    }
                    return await deals.AnyAsync(ct) || await held.AnyAsync(ct);
                })
                .WithMessage(_ => text["NoOutcomesToLearn"])
                .When(c => (c.FromEdition is null) == (c.ToEdition is null) && !(c.FromEdition > c.ToEdition));
        }
    }

    internal sealed class Handler(JobQueue jobs, ICurrentUser user) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = await user.GetAsync();
            return await jobs.EnqueueAsync(TrainModelJob.Name,
                new TrainParameters(MatchingDataLoader.Kind(request.Kind), request.FromEdition, request.ToEdition),
                me.UserId, me.UserName ?? "", cancellationToken, JobDuplicates.JoinOpen);
        }
    }
}
