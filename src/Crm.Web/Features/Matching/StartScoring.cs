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

/// <summary>An administrator scores the current edition with the active model; it runs as a background job.</summary>
[RequiresRole(Roles.Administrator)]
public static class StartScoring
{
    public sealed record Command(MatchKind Kind, int Edition) : IRequest<int>, IWriteRequest;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<CrmDbContext> contexts, IStringLocalizer<MatchingText> text)
        {
            RuleFor(c => c.Edition)
                .MustAsync(async (number, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.Editions.AnyAsync(e => e.Number == number, ct);
                })
                .WithMessage(c => text["EditionNotFound", c.Edition]);
            RuleFor(c => c.Kind)
                .MustAsync(async (kind, ct) =>
                {
                    await using var db = await contexts.CreateDbContextAsync(ct);
                    return await db.MatchModels.Rankers().AnyAsync(m => m.Kind == kind && m.IsActive, ct);
                })
                .WithMessage(_ => text["NoActiveModel"]);
        }
    }

    internal sealed class Handler(JobQueue jobs, ICurrentUser user) : IRequestHandler<Command, int>
    {
        public async Task<int> Handle(Command request, CancellationToken cancellationToken)
        {
            var me = await user.GetAsync();
            return await jobs.EnqueueAsync(ScoreEditionJob.Name, new ScoreParameters(MatchingDataLoader.Kind(request.Kind), request.Edition),
                me.UserId, me.UserName ?? "", cancellationToken, JobDuplicates.JoinOpen);
        }
    }
}
