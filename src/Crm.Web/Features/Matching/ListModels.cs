using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Evaluation;
using Crm.Matching.Training;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Matching;

/// <summary>The registry for administrators: every model of a kind, newest first, with its metrics beside the baseline.</summary>
[RequiresRole(Roles.Administrator)]
public static class ListModels
{
    public sealed record Query(MatchKind Kind) : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(
        int Id, string Version, string FeatureSchemaVersion, int TrainEditionFrom, int TrainEditionTo,
        int TrainingPairs, int TrainingQueries, int ValidationQueries, MethodComparison? Metrics,
        IReadOnlyList<FeatureImportance> Importance, bool BeatsBaseline, bool IsActive, double TrainingSeconds,
        string CreatedBy, DateTime CreatedAt, string? ActivatedBy, DateTime? ActivatedAt, string? ActivationNote);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var models = await db.MatchModels.Rankers().AsNoTracking()
                .Where(m => m.Kind == request.Kind)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Select(m => new
                {
                    m.Id, m.Version, m.FeatureSchemaVersion, m.TrainEditionFrom, m.TrainEditionTo, m.TrainingPairs, m.TrainingQueries,
                    m.ValidationQueries, m.Metrics, m.FeatureImportance, m.BeatsBaseline, m.IsActive, m.TrainingSeconds,
                    m.CreatedBy, m.CreatedAt, m.ActivatedBy, m.ActivatedAt, m.ActivationNote,
                })
                .ToListAsync(cancellationToken);
            return models.Select(m => new Row(m.Id, m.Version, m.FeatureSchemaVersion, m.TrainEditionFrom, m.TrainEditionTo,
                    m.TrainingPairs, m.TrainingQueries, m.ValidationQueries,
                    JsonSerializer.Deserialize<MethodComparison>(m.Metrics, MatchingService.Json),
                    JsonSerializer.Deserialize<List<FeatureImportance>>(m.FeatureImportance, MatchingService.Json) ?? [],
                    m.BeatsBaseline, m.IsActive, m.TrainingSeconds, m.CreatedBy, m.CreatedAt, m.ActivatedBy, m.ActivatedAt, m.ActivationNote))
                .ToList();
        }
    }
}
