using System.Globalization;

namespace Crm.Web.Infrastructure;

/// <summary>The languages of the product: Chinese first, English second.</summary>
public static class Cultures
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public const string Default = Chinese;

    public static readonly IReadOnlyList<string> Supported = [Chinese, English];

    public static bool IsSupported(string? name) =>
        name is not null && Supported.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The supported name as the product spells it ("en", "zh-CN"), for a name that <see cref="IsSupported"/>.</summary>
    public static string Normalize(string name) => Supported.First(s => s.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static bool IsChinese(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName.Equals("zh", StringComparison.OrdinalIgnoreCase);
}
