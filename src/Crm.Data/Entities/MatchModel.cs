namespace Crm.Data.Entities;

/// <summary>
/// A trained ranking model in the registry: the saved booster, the feature schema and parameters it was trained with,
/// the editions it learned from, its metrics beside the baseline, and whether it is the one scoring uses.
/// At most one model per kind is active.
/// </summary>
public class MatchModel
{
    public int Id { get; set; }
    /// <summary>What the model does: rank pairs (the default), or forecast which signed intents become real.</summary>
    public ModelPurpose Purpose { get; set; }
    public MatchKind Kind { get; set; }
    /// <summary>Unique name, e.g. "procurement-3": what proposals record as their model version.</summary>
    public string Version { get; set; } = "";
    /// <summary>The feature schema version, e.g. "procurement-v1"; scoring refuses a model of another schema.</summary>
    public string FeatureSchemaVersion { get; set; } = "";
    /// <summary>The schema as JSON: version, kind and feature names in column order.</summary>
    public string FeatureSchema { get; set; } = "{}";
    /// <summary>Training parameters (the native library's and the sampling options) as JSON.</summary>
    public string Parameters { get; set; } = "{}";
    public int TrainEditionFrom { get; set; }
    public int TrainEditionTo { get; set; }
    public int TrainingPairs { get; set; }
    public int TrainingQueries { get; set; }
    public int ValidationQueries { get; set; }
    /// <summary>NDCG@5, NDCG@10 and MAP of the model, the baseline and random on the validation queries, as JSON.</summary>
    public string Metrics { get; set; } = "{}";
    /// <summary>Mean absolute contribution of each feature, as JSON (largest first).</summary>
    public string FeatureImportance { get; set; } = "[]";
    public bool BeatsBaseline { get; set; }
    public bool IsActive { get; set; }
    /// <summary>The booster as saved by the native library (UBJ).</summary>
    public byte[] ModelBytes { get; set; } = [];
    public double TrainingSeconds { get; set; }
    public string? CreatedByUserId { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public string? ActivatedBy { get; set; }
    public DateTime? ActivatedAt { get; set; }
    /// <summary>Set when an administrator activated a model that does not beat the baseline: why.</summary>
    public string? ActivationNote { get; set; }
}

/// <summary>The two kinds of model the registry keeps: at most one active per purpose and kind.</summary>
public enum ModelPurpose { Ranking, Realisation }

/// <summary>The registry's models of one purpose.</summary>
public static class MatchModelQueries
{
    public static IQueryable<MatchModel> Rankers(this IQueryable<MatchModel> models) => models.Where(m => m.Purpose == ModelPurpose.Ranking);

    public static IQueryable<MatchModel> Forecasters(this IQueryable<MatchModel> models) => models.Where(m => m.Purpose == ModelPurpose.Realisation);
}
