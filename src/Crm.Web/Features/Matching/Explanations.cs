using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Matching;
using Crm.Matching.Data;
using Crm.Matching.Features;
using Crm.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Matching;

/// <summary>The marker type of the matching strings: MatchingText.resx (English) and MatchingText.zh-CN.resx.</summary>
public sealed class MatchingText;

/// <summary>One reason of a proposal in words, and whether it pushed the score up.</summary>
public sealed record ReasonText(string Text, bool PushesUp, float Contribution);

/// <summary>
/// A proposal's reasons as stored on the match (compact JSON: feature, value, contribution), and as words in the
/// user's language: each feature has a sentence for "pushed up" and "pushed down", flags one for "yes" and one for "no".
/// </summary>
public static class Explanations
{
    private sealed record Stored([property: JsonPropertyName("f")] string Feature, [property: JsonPropertyName("v")] float Value, [property: JsonPropertyName("c")] float Contribution);

    private static readonly JsonSerializerOptions Options = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Serialize(IEnumerable<Reason> reasons) =>
        JsonSerializer.Serialize(reasons.Select(r => new Stored(r.Feature, Round(r.Value), Round(r.Contribution))), Options);

    public static IReadOnlyList<Reason> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        return (JsonSerializer.Deserialize<List<Stored>>(json, Options) ?? []).Select(s => new Reason(s.Feature, s.Value, s.Contribution)).ToList();
    }

    /// <summary>
    /// The reasons in words: what speaks for the pair first, then what speaks against it, each strongest first. Features
    /// this build does not know are left out.
    /// </summary>
    public static IReadOnlyList<ReasonText> Describe(PairKind kind, IEnumerable<Reason> reasons, IStringLocalizer<MatchingText> text)
    {
        var schema = FeatureSchema.For(kind);
        var result = new List<ReasonText>();
        foreach (var reason in reasons)
        {
            var feature = schema.Features.FirstOrDefault(f => f.Name == reason.Feature);
            if (feature is null)
            {
                continue;
            }
            var up = reason.Contribution >= 0;
            var direction = up ? "Up" : "Down";
            var key = feature.ValueKind == FeatureValueKind.Flag && reason.Value < 0.5f
                ? $"Reason_{feature.Name}_Off_{direction}"
                : $"Reason_{feature.Name}_{direction}";
            var sentence = text[key, Argument(feature, reason.Value)];
            if (!sentence.ResourceNotFound)
            {
                result.Add(new ReasonText(sentence.Value, up, reason.Contribution));
            }
        }
        return result.OrderByDescending(r => r.PushesUp).ThenByDescending(r => Math.Abs(r.Contribution)).ToList();
    }

    /// <summary>The value as a person reads it: a percentage, a count, money, m², or a multiple.</summary>
    private static string Argument(FeatureDefinition feature, float value)
    {
        var culture = CultureInfo.CurrentCulture;
        if (float.IsNaN(value))
        {
            return "–";
        }
        return feature.Name switch
        {
            "budget_musd_log" => Formatting.Money(Math.Round((decimal)Math.Exp(value), 1) * 1_000_000m, Currency.Usd, culture),
            "budget_to_typical_log" => Math.Exp(value).ToString("N1", culture),
            "booth_log" => (36 * Math.Exp(value)).ToString("N0", culture),
            "delegation_region_lift" => Math.Pow(2, value).ToString("N1", culture),
            _ => feature.ValueKind switch
            {
                FeatureValueKind.Fraction => value.ToString("P0", culture),
                FeatureValueKind.Count => value.ToString("N0", culture),
                _ => value.ToString("N2", culture),
            },
        };
    }

    private static float Round(float value) => float.IsNaN(value) ? value : MathF.Round(value, 4);
}
