using System.Text.Json;
using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Training;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Forecast;

/// <summary>
/// The realisation models of a kind for administrators, newest first: each with its held-out report (the edition it was
/// tested on, the model beside the base rate and the fixed stage probabilities, over every day and at the intent, with the
/// reliability deciles), what it relies on, and whether it is the one forecasting.
/// </summary>
[RequiresRole(Roles.Administrator)]
public static class ListForecastModels
{
    public sealed record Query(MatchKind Kind) : IRequest<IReadOnlyList<Row>>;

    /// <param name="TrainingRows">Rows (a deal on a day it was looked at) the final model learned from.</param>
    /// <param name="TrainingDeals">Deals those rows came from.</param>
    /// <param name="Report">The evaluation on the latest complete edition, held out from a model trained on the editions before it.</param>
    /// <param name="BeatsBaselines">A lower Brier score than both baselines on the held-out edition (every day).</param>
    public sealed record Row(
        int Id, string Version, string FeatureSchemaVersion, int TrainEditionFrom, int TrainEditionTo, int TrainingRows, int TrainingDeals,
        ForecastReport? Report, IReadOnlyList<FeatureImportance> Importance, bool BeatsBaselines, bool IsActive, double TrainingSeconds,
        string CreatedBy, DateTime CreatedAt, string? ActivatedBy, DateTime? ActivatedAt, string? ActivationNote);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var models = await db.MatchModels.Forecasters().AsNoTracking()
                .Where(m => m.Kind == request.Kind)
                .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
                .Select(m => new
                {
                    m.Id, m.Version, m.FeatureSchemaVersion, m.TrainEditionFrom, m.TrainEditionTo, m.TrainingPairs, m.TrainingQueries,
                    m.Metrics, m.FeatureImportance, m.BeatsBaseline, m.IsActive, m.TrainingSeconds,
                    m.CreatedBy, m.CreatedAt, m.ActivatedBy, m.ActivatedAt, m.ActivationNote,
                })
                .ToListAsync(cancellationToken);
            return models.Select(m => new Row(m.Id, m.Version, m.FeatureSchemaVersion, m.TrainEditionFrom, m.TrainEditionTo,
                    m.TrainingPairs, m.TrainingQueries, Report(m.Metrics),
                    JsonSerializer.Deserialize<List<FeatureImportance>>(m.FeatureImportance, MatchingService.Json) ?? [],
                    m.BeatsBaseline, m.IsActive, m.TrainingSeconds, m.CreatedBy, m.CreatedAt, m.ActivatedBy, m.ActivatedAt, m.ActivationNote))
                .ToList();
        }

        /// <summary>The stored report; null when it is missing or of another shape (a model registered before reports were kept).</summary>
        private static ForecastReport? Report(string metrics)
        {
            try
            {
                return JsonSerializer.Deserialize<ForecastReport>(metrics, MatchingService.Json) is { AllDays: not null, AtIntent: not null } report ? report : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
