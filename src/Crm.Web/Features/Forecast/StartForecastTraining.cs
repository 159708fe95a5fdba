using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure;
using Crm.Web.Infrastructure.Access;
using Crm.Web.Infrastructure.Jobs;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Forecast;

/// <summary>
/// An administrator starts training the realisation models (one per kind with enough complete editions); it runs as a
/// background job. A second request while one is queued or running is refused: it would learn from the same data.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class StartForecastTraining
{
    public sealed record Command : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MatchingText> text)
        {
            RuleFor(c => c)
                .MustAsync(async (_, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return !await db.BackgroundJobs.AnyAsync(j => j.Kind == TrainForecastJob.Name
                        && (j.Status == JobStatus.Queued || j.Status == JobStatus.Running), ct);
                })
                .WithMessage(_ => text["ForecastTrainingOpen"]);
        }
    }

    internal sealed class Handler(JobQueue jobs, ICurrentUser user) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = await user.GetAsync();
            return await jobs.EnqueueAsync(TrainForecastJob.Name, new ForecastParameters(), me.UserId, me.UserName ?? "", cancellationToken, JobDuplicates.JoinOpen);
        }
    }
}
