using Crm.Data;
using Crm.Data.Entities;
using Crm.Web.Infrastructure.Access;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// One deal as a record: its stage and version (what a stage move is sent over), its parties, values, next step and its
/// stage history, oldest first, and a signed intent's realisation forecast when one is made. Only a deal within the user's reach (refused otherwise, like every record request).
/// </summary>
public static class GetDeal
{
    public sealed record Query(int DealId) : IRequest<Record?>, IRecordRequest
    {
        public IEnumerable<RecordRef> Records => [RecordRef.Deal(DealId)];
    }

    public sealed record Record(
        int Id, string Code, int Edition, MatchKind Kind, DealStage Stage, long Version, int ExhibitorId, string Exhibitor, string ExhibitorZh,
        int? TeamId, int? BuyerId, string? Counterpart, decimal? IntendedValueUsd, DateOnly? IntentSignedOn, decimal? ContractValueUsd,
        DateOnly? ContractSignedOn, DateOnly? LandedOn, string? LostReason, string? NextStep, DateOnly? NextStepDueOn, DateTime UpdatedAt,
        IReadOnlyList<StageChange> History, Forecast? Forecast = null);

    /// <summary>The chance that the deal's value becomes real within a year of <paramref name="ForecastOn"/> (docs/forecast.md).</summary>
    public sealed record Forecast(double Probability, decimal? ExpectedValueUsd, DateOnly? LikelyBy, DateOnly ForecastOn, string ModelVersion,
        IReadOnlyList<ForecastReason> Reasons, double? ProbabilityIfIdle = null);

    /// <summary>A feature of the deal, its value (null when unknown, e.g. no follow-up logged) and how far it moved the log-odds.</summary>
    public sealed record ForecastReason(string Feature, double? Value, double Contribution);

    public sealed record StageChange(DealStage? From, DealStage To, DateTime ChangedAt, string? Note);

    internal sealed class Handler(IDbContextFactory<CrmDbContext> contexts) : IRequestHandler<Query, Record?>
    {
        public async Task<Record?> Handle(Query request, CancellationToken cancellationToken)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var deal = await db.Deals.AsNoTracking().Where(d => d.Id == request.DealId)
                .Select(d => new Record(d.Id, d.Code, d.Edition!.Number, d.Kind, d.Stage, d.Version, d.ExhibitorId, d.Exhibitor!.Company!.Name,
                    d.Exhibitor.Company.NameZh, d.PromotionTeamId, d.BuyerId, d.Counterpart, d.IntendedValueUsd, d.IntentSignedOn, d.ContractValueUsd,
                    d.ContractSignedOn, d.LandedOn, d.LostReason, d.NextStep, d.NextStepDueOn, d.UpdatedAt, new List<StageChange>()))
                .SingleOrDefaultAsync(cancellationToken);
            if (deal is null)
            {
                return null;
            }
            var history = await db.DealStageChanges.AsNoTracking().Where(c => c.DealId == request.DealId).OrderBy(c => c.Id)
                .Select(c => new StageChange(c.FromStage, c.ToStage, c.ChangedAt, c.Note)).ToListAsync(cancellationToken);
            var forecast = await db.DealForecasts.AsNoTracking().Where(f => f.DealId == request.DealId).SingleOrDefaultAsync(cancellationToken);
            return deal with
            {
                History = history,
                Forecast = forecast is null ? null : new Forecast(forecast.Probability, forecast.ExpectedValueUsd, forecast.LikelyBy, forecast.ForecastOn,
                    forecast.ModelVersion, Features.Forecast.ForecastReasons.Parse(forecast.Reasons)
                        .Select(r => new ForecastReason(r.Feature, float.IsNaN(r.Value) ? null : Math.Round(r.Value, 4), Math.Round(r.Contribution, 4))).ToList(),
                    forecast.ProbabilityIfIdle),
            };
        }
    }
}
