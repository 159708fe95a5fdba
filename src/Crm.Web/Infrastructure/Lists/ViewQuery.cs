using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Crm.Web.Infrastructure.Lists;

/// <summary>A list's view (filters, order, columns) as a query string, and read back from one; unknown values read as unset.</summary>
public sealed class ViewQuery
{
    private readonly Dictionary<string, string> _values;

    private ViewQuery(Dictionary<string, string> values) => _values = values;

    public static ViewQuery Parse(IEnumerable<KeyValuePair<string, StringValues>> query) =>
        new(query.Where(p => p.Value.ToString().Length > 0).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase));

    public static ViewQuery Parse(string queryString) => Parse(QueryHelpers.ParseQuery(queryString));

    public static string Build(IEnumerable<KeyValuePair<string, object?>> values) =>
        QueryHelpers.AddQueryString("", values
            .Select(v => new KeyValuePair<string, string?>(v.Key, v.Value switch
            {
                null or false => null,
                IEnumerable<string> list => string.Join(",", list),
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => v.Value.ToString(),
            }))
            .Where(v => !string.IsNullOrEmpty(v.Value)));

    public string? Text(string key) => _values.GetValueOrDefault(key);

    public int? Number(string key) => int.TryParse(Text(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    public bool? Flag(string key) => bool.TryParse(Text(key), out var b) ? b : null;

    public TEnum Choice<TEnum>(string key, TEnum fallback) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(Text(key), out var value) && Enum.IsDefined(value) ? value : fallback;

    /// <summary>A comma-separated list, keeping only the allowed values; null when absent.</summary>
    public IReadOnlyList<string>? List(string key, IReadOnlyCollection<string> allowed) =>
        Text(key)?.Split(',').Where(allowed.Contains).ToList();
}
