using System.Text.Json;
using Crm.Matching.Data;

namespace Crm.Matching.Features;

/// <summary>How a feature's value reads, so an explanation can say it in words.</summary>
public enum FeatureValueKind
{
    /// <summary>0 or 1.</summary>
    Flag,
    /// <summary>A share between 0 and 1.</summary>
    Fraction,
    /// <summary>A count.</summary>
    Count,
    /// <summary>A natural logarithm of a ratio (0 = equal).</summary>
    LogRatio,
    /// <summary>A base-2 logarithm of a lift (0 = as usual, 1 = twice as often).</summary>
    Log2Lift,
}

/// <summary>One column of the feature matrix. <see cref="Name"/> is the stable key used in explanations and resources.</summary>
public sealed record FeatureDefinition(string Name, FeatureValueKind ValueKind, string Description);

/// <summary>
/// The explicit, versioned list of features of one pair kind. A model stores the schema it was trained with and refuses
/// to score with any other: changing a feature means a new <see cref="Version"/>.
/// </summary>
public sealed class FeatureSchema
{
    public FeatureSchema(PairKind kind, string version, IReadOnlyList<FeatureDefinition> features)
    {
        Kind = kind;
        Version = version;
        Features = features;
    }

    public PairKind Kind { get; }
    public string Version { get; }
    public IReadOnlyList<FeatureDefinition> Features { get; }
    public int Count => Features.Count;

    public int IndexOf(string name)
    {
        for (var i = 0; i < Features.Count; i++)
        {
            if (Features[i].Name == name)
            {
                return i;
            }
        }
        throw new ArgumentException($"Feature '{name}' is not in schema {Version}.", nameof(name));
    }

    /// <summary>The schema as stored with a model: version and feature names in column order.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { version = Version, kind = Kind.ToString(), features = Features.Select(f => f.Name) });

    /// <summary>The schema of a kind as this build computes it.</summary>
    public static FeatureSchema For(PairKind kind) => kind == PairKind.Procurement ? ProcurementFeatures.Schema : InvestmentFeatures.Schema;

    /// <summary>Checks that a stored model's schema is the one this build computes; a model of another version cannot score.</summary>
    public static FeatureSchema Require(PairKind kind, string storedVersion)
    {
        var schema = For(kind);
        if (schema.Version != storedVersion)
        {
            throw new FeatureSchemaMismatchException(schema.Version, storedVersion);
        }
        return schema;
    }
}

/// <summary>A model was trained with a feature schema this build no longer computes: retrain it.</summary>
public sealed class FeatureSchemaMismatchException(string current, string stored)
    : Exception($"The model was trained with features '{stored}', but this version computes '{current}'. Train a new model.")
{
    public string Current { get; } = current;
    public string Stored { get; } = stored;
}
