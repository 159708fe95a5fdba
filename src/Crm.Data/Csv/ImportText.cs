using System.Globalization;
using System.Resources;

namespace Crm.Data.Csv;

/// <summary>The reasons an import gives, in the current UI culture (zh-CN or en).</summary>
public static class ImportText
{
    private static readonly ResourceManager _resources = new("Crm.Data.Csv.ImportMessages", typeof(ImportText).Assembly);

    public static string Get(string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var format = _resources.GetString(key, culture) ?? throw new InvalidOperationException($"Missing import message '{key}'.");
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }

    /// <summary>The longest part of a value a reason quotes: a huge field is not copied into every report.</summary>
    public const int MaxShown = 50;

    /// <summary>A value from the file as a reason quotes it: at most <see cref="MaxShown"/> characters, then "…".</summary>
    public static string Shown(string value)
    {
        if (value.Length <= MaxShown)
        {
            return value;
        }
        var cut = char.IsHighSurrogate(value[MaxShown - 1]) ? MaxShown - 1 : MaxShown;
        return value[..cut] + "…";
    }

    public static IEnumerable<string> Keys(CultureInfo culture) =>
        _resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key);
}
