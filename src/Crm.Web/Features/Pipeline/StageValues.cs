using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Crm.Data.Entities;

namespace Crm.Web.Features.Pipeline;

/// <summary>
/// The values a stage change records (<see cref="DealStageChange.Values"/>): each field as entered and in US$, the
/// currency and the rate used, as JSON readable in the database. Every writer of stage history keeps them this way.
/// </summary>
public sealed class StageValues
{
    /// <summary>The history's values as people wrote them (Chinese names stay readable in the database).</summary>
    private static readonly JsonSerializerOptions _json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal);

    public int Count => _values.Count;

    public void Keep(string name, object? value)
    {
        // Decimals without trailing zeros, so the history reads the same whatever scale the database gives back.
        if (value is not null)
        {
            _values[name] = value is decimal d
                ? d.ToString("0.####", CultureInfo.InvariantCulture)
                : Convert.ToString(value, CultureInfo.InvariantCulture)!;
        }
    }

    /// <summary>What a signed intent records: value as signed and in US$, the signing date and the counterpart.</summary>
    public void KeepIntent(Deal deal)
    {
        Keep("IntendedValue", deal.IntendedValue);
        Keep("IntendedValueUsd", deal.IntendedValueUsd);
        Keep("IntentSignedOn", deal.IntentSignedOn?.ToString("O"));
        Keep("Counterpart", deal.Counterpart);
    }

    /// <summary>The currency of the amounts kept, and the rate when they were in yuan (only when amounts were kept).</summary>
    public void KeepCurrency(DealCurrency currency, decimal rate)
    {
        if (Count > 0)
        {
            Keep("Currency", currency);
            if (currency == DealCurrency.Cny)
            {
                Keep("CnyPerUsd", rate);
            }
        }
    }

    public string? ToJson() => Count == 0 ? null : JsonSerializer.Serialize(_values, _json);
}
