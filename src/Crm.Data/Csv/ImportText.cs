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

    public static IEnumerable<string> Keys(CultureInfo culture) =>
        _resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key);
}
