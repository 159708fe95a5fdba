using Crm.Data.Entities;

namespace Crm.Web.Features.Meetings;

/// <summary>
/// When a meeting needs an interpreter: in a session that provides them, when the exhibitor's language (its country's
/// main business language) is not the buyer's; the interpreter then speaks the exhibitor's language.
/// </summary>
public static class Interpreting
{
    public static string? LanguageNeeded(MatchmakingSession session, string exhibitorLanguage, string buyerLanguage) =>
        session.ProvidesInterpreters && !string.Equals(exhibitorLanguage, buyerLanguage, StringComparison.OrdinalIgnoreCase)
            ? exhibitorLanguage.ToLowerInvariant()
            : null;

    /// <summary>The language's own name with its code ("ja · 日本語"), or the code when the machine does not know it.</summary>
    public static string LanguageName(string code)
    {
        try
        {
            var culture = System.Globalization.CultureInfo.GetCultureInfo(code);
            return culture.ThreeLetterISOLanguageName == "ivl" || culture.NativeName == code ? code : $"{code} · {culture.NativeName}";
        }
        catch (System.Globalization.CultureNotFoundException)
        {
            return code;
        }
    }
}
