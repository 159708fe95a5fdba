using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Forecast;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Jobs;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Matching;

/// <summary>
/// An administrator makes a model the active one. A model that does not beat the baseline needs the administrator to
/// insist and say why; the reason is kept with the model. A realisation model (forecasts) is activated the same way, and
/// the open deals are then forecast again with it in the background, so no forecast of the model it replaced remains.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class ActivateModel
{
    public sealed record Command(int ModelId, bool Insist = false, string? Note = null) : IRequest<Unit>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MatchingText> text)
        {
            RuleFor(c => c.Note).MaximumLength(1000).WithMessage(_ => text["NoteTooLong"]);
            RuleFor(c => c).CustomAsync(async (c, context, ct) =>
            {
                await using var db = await contexts.CreateDbContextAsync(ct);
                var model = await db.MatchModels.AsNoTracking().Where(m => m.Id == c.ModelId)
                    .Select(m => new { m.BeatsBaseline, m.Version }).SingleOrDefaultAsync(ct);
                if (model is null)
                {
                    context.AddFailure(nameof(Command.ModelId), text["ModelNotFound"]);
                }
                else if (!model.BeatsBaseline && !c.Insist)
                {
                    context.AddFailure(nameof(Command.Insist), text["ModelBelowBaseline", model.Version]);
                }
                else if (!model.BeatsBaseline && string.IsNullOrWhiteSpace(c.Note))
                {
                    context.AddFailure(nameof(Command.Note), text["InsistNeedsNote"]);
                }
            });
        }
    }

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts, ICurrentUser user, JobQueue jobs) : IRequestHandler<Command, Unit>
    {
        public async Task<Unit> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = await user.GetAsync();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await ModelRegistry.ActivateAsync(db, request.ModelId, request.Insist, request.Note?.Trim(), me.UserName ?? "", cancellationToken);
            var purpose = await db.MatchModels.Where(m => m.Id == request.ModelId).Select(m => m.Purpose).SingleAsync(cancellationToken);
            if (purpose == ModelPurpose.Realisation)
            {
                await jobs.EnqueueAsync(ForecastDealsJob.Name, new ForecastParameters(), me.UserId, me.UserName ?? "", cancellationToken);
            }
            return Unit.Value;
        }
    }
}
