using System.Globalization;
using System.Resources;

namespace Crm.Web.Cli;

/// <summary>The command line's messages in the current UI culture (zh-CN or en).</summary>
internal static class CliText
{
    private static readonly ResourceManager _resources = new("Crm.Web.Cli.CliMessages", typeof(CliText).Assembly);

    public static string Get(string key, params object?[] args)
    {
        var culture = CultureInfo.CurrentUICulture;
        var format = _resources.GetString(key, culture) ?? throw new InvalidOperationException($"Missing command-line message '{key}'.");
        return args.Length == 0 ? format : string.Format(culture, format, args);
    }
}
