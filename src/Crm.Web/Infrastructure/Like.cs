namespace Crm.Web.Infrastructure;

/// <summary>A user's text inside a SQL LIKE pattern, matched literally.</summary>
internal static class Like
{
    public const string EscapeCharacter = "\\";

    public static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
