using System.Globalization;
using System.Text.Json;
using Crm.Matching;
using Crm.Matching.Forecast;
using Microsoft.Extensions.Localization;

namespace Crm.Web.Features.Matching;

/// <summary>
/// Why a model job failed, as its row keeps it. A failure the job foresaw (no outcomes to learn from, no active model, an
/// edition that is gone) is kept as a reason, a key of <see cref="MatchingText"/> with its arguments, and put in words when
/// the row is read, in the reader's language: the job may have been started by the system, in no language. Any other
/// failure is kept as the exception's message, as the log has it.
/// </summary>
internal static class ModelJobFailure
{
    private sealed record Kept(string Reason, IReadOnlyList<string>? Arguments);

    public static string Keep(Exception exception) => exception switch
    {
        InsufficientTrainingDataException e => Reason("JobFailed_NoOutcomes", string.Join(", ", e.Editions)),
        InsufficientForecastDataException => Reason("JobFailed_NoForecastData"),
        NoActiveModelException => Reason("NoActiveModel"),
        EditionNotFoundException e => Reason("EditionNotFound", e.Number.ToString(CultureInfo.InvariantCulture)),
        _ => exception.Message,
    };

    /// <summary>The failure in words: a kept reason in the current UI culture, anything else as it was kept.</summary>
    public static string? Describe(string? error, IStringLocalizer<MatchingText> text)
    {
        if (error is null || !error.StartsWith('{'))
        {
            return error;
        }
        try
        {
            return JsonSerializer.Deserialize<Kept>(error) is { Reason: { } reason } kept
                && text[reason, [.. kept.Arguments ?? []]] is { ResourceNotFound: false } words
                    ? words.Value
                    : error;
        }
        catch (JsonException)
        {
            return error;
        }
    }

    private static string Reason(string reason, params string[] arguments) => JsonSerializer.Serialize(new Kept(reason, arguments));
}
