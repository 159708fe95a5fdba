using System.Globalization;
using System.Text.Json;
using Crm.Data.Entities;
using Crm.Matching;
using Crm.Matching.Features;
using Crm.Matching.Forecast;
using Crm.Web.Features.Matching;
using Crm.Web.Infrastructure;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Forecast;

/// <summary>The marker type of the forecast's strings: ForecastText.resx (English) and ForecastText.zh-CN.resx.</summary>
public sealed class ForecastText;

/// <summary>
/// A forecast's reasons as stored (JSON: feature, value, contribution in log-odds) and in words in the user's language:
/// the pair's matchmaking features say what they say on a proposal (the ranker's sentences), the deal's own features
/// state the fact (days since the intent, the last follow-up, the parties' record); whether it raised or lowered the
/// chance is the contribution's sign. What speaks for the deal comes first, each side strongest first.
/// </summary>
public static class ForecastReasons
{
    public static IReadOnlyList<ForecastReason> Parse(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<ForecastReason>>(json, MatchingService.Json) ?? [];

    public static IReadOnlyList<ReasonText> Describe(MatchKind kind, string? json, IStringLocalizer<ForecastText> text, IStringLocalizer<MatchingText> matching)
    {
        var reasons = Parse(json);
        var pairKind = MatchingDataLoader.Kind(kind);
        // The pair's features, said as a proposal says them (features of the deal are not in the ranker's schema and are skipped there).
        var result = Explanations.Describe(pairKind, reasons.Select(r => new Reason(r.Feature, r.Value, r.Contribution)), matching).ToList();
        // The realisation schema lists the pair's features first, then the deal's own.
        var dealFeatures = ForecastEngine.Schema(pairKind).Features.Skip(FeatureSchema.For(pairKind).Count).Select(f => f.Name).ToHashSet();
        foreach (var reason in reasons.Where(r => dealFeatures.Contains(r.Feature)))
        {
            var sentence = text[Key(reason), Argument(reason)];
            if (!sentence.ResourceNotFound)
            {
                result.Add(new ReasonText(sentence.Value, reason.Contribution >= 0, reason.Contribution));
            }
        }
        return result.OrderByDescending(r => r.PushesUp).ThenByDescending(r => Math.Abs(r.Contribution)).ToList();
    }

    private static string Key(ForecastReason reason) => reason.Feature switch
    {
        "contract_signed" or "collective_signing" when reason.Value < 0.5f => $"Reason_{reason.Feature}_Off",
        _ when float.IsNaN(reason.Value) => $"Reason_{reason.Feature}_None",
        _ => $"Reason_{reason.Feature}",
    };

    private static string Argument(ForecastReason reason)
    {
        var culture = CultureInfo.CurrentCulture;
        return reason.Feature switch
        {
            _ when float.IsNaN(reason.Value) => "–",
            "intended_value_musd_log" => Formatting.Money(Math.Round((decimal)Math.Exp(reason.Value), 1) * 1_000_000m, Currency.Usd, culture),
            "counterpart_past_realised_share" or "exhibitor_past_realised_share" => reason.Value.ToString("P0", culture),
            _ => reason.Value.ToString("N0", culture),
        };
    }
}
