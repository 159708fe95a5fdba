using Crm.Data;
using Crm.Data.Entities;
using Crm.Matching.Features;
using Crm.Matching.Forecast;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Features.Matching;

/// <summary>The registry's rule-bearing writes: a new model's version, and which model is active.</summary>
public static class ModelRegistry
{
    /// <summary>
    /// Adds a model under the next version number of its purpose and kind (<paramref name="version"/> of the number, e.g.
    /// "procurement-3"). Two trainings that end at the same moment on two instances count the same number: the unique
    /// version refuses the second save, which counts again.
    /// </summary>
    public static async Task AddAsync(CrmDbContext db, MatchModel model, Func<int, string> version, CancellationToken cancellationToken)
    {
        db.MatchModels.Add(model);
        for (var attempt = 1; ; attempt++)
        {
            model.Version = version(await db.MatchModels.CountAsync(m => m.Purpose == model.Purpose && m.Kind == model.Kind, cancellationToken) + 1);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                // taken meanwhile: count again
            }
        }
    }

    /// <summary>
    /// Makes a model the one scoring uses, and no other of its kind. A model that does not beat the baseline is refused
    /// unless <paramref name="insist"/> is set (and then the reason is required by the request). The note is kept with the model. A model whose feature schema this
    /// build no longer computes is refused too.
    /// </summary>
    public static async Task ActivateAsync(CrmDbContext db, int modelId, bool insist, string? note, string activatedBy, CancellationToken cancellationToken)
    {
        // Everything read inside the transaction (on SQLite a write transaction, taken at once): a model read before it could
        // be stale when another activation commits in between, and setting IsActive to the value the stale copy already
        // had would write nothing, leaving no model active.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var model = await db.MatchModels.SingleOrDefaultAsync(m => m.Id == modelId, cancellationToken)
            ?? throw new ModelNotFoundException(modelId);
        await db.Entry(model).ReloadAsync(cancellationToken); // a copy the caller's context already tracked is read afresh
        if (!model.BeatsBaseline && !insist)
        {
            throw new ModelBelowBaselineException(model.Version);
        }
        if (model.Purpose == ModelPurpose.Ranking)
        {
            FeatureSchema.Require(MatchingDataLoader.Kind(model.Kind), model.FeatureSchemaVersion);
        }
        else
        {
            ForecastEngine.RequireSchema(MatchingDataLoader.Kind(model.Kind), model.FeatureSchemaVersion);
        }
        // Two saves: the old active model must be off before the new one is on (one active per kind, enforced by an index).
        foreach (var other in await db.MatchModels.Where(m => m.Purpose == model.Purpose && m.Kind == model.Kind && m.IsActive && m.Id != model.Id).ToListAsync(cancellationToken))
        {
            other.IsActive = false;
        }
        await db.SaveChangesAsync(cancellationToken);
        model.IsActive = true;
        model.ActivatedAt = DateTime.UtcNow;
        model.ActivatedBy = activatedBy;
        model.ActivationNote = string.IsNullOrWhiteSpace(note) ? null : note;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
