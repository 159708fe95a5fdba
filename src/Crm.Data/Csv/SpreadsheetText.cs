namespace Crm.Data.Csv;

/// <summary>
/// Text a spreadsheet would run as a formula when it opens a CSV file (OWASP "CSV injection"): a cell that starts with
/// = + - @, a tab or a carriage return. Every CSV the CRM writes puts a single quote before such text, so Excel shows it
/// and runs nothing; a plain number (-5, +86) is no formula and is written as it is. The importer takes the quote off
/// again (<see cref="Restore"/>), so a file the CRM wrote imports back exactly (docs/data-format.md).
/// </summary>
public static class SpreadsheetText
{
    /// <summary>The text as a CSV cell no spreadsheet runs.</summary>
    public static string Neutralise(string text)
    {
        var quotes = LeadingQuotes(text);
        if (quotes == text.Length || !StartsFormula(text[quotes]))
        {
            return text;
        }
        // Text that already starts with quotes before a formula gets one more, so Restore gives exactly it back.
        return quotes == 0 && IsPlainNumber(text) ? text : "'" + text;
    }

    /// <summary>A cell as the CRM wrote it back to the text it holds: the quote <see cref="Neutralise"/> added is taken off.</summary>
    public static string Restore(string cell)
    {
        var quotes = LeadingQuotes(cell);
        return quotes > 0 && quotes < cell.Length && StartsFormula(cell[quotes]) ? cell[1..] : cell;
    }

    private static bool StartsFormula(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';

    private static int LeadingQuotes(string text)
    {
        var i = 0;
        while (i < text.Length && text[i] == '\'')
        {
            i++;
        }
        return i;
    }

    /// <summary>An optional sign, digits and an optional decimal part: what Excel reads as a number, not a formula.</summary>
    private static bool IsPlainNumber(string text)
    {
        var i = text[0] is '+' or '-' ? 1 : 0;
        var digits = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
            digits++;
        }
        if (digits == 0)
        {
            return false;
        }
        if (i == text.Length)
        {
            return true;
        }
        if (text[i] != '.' || ++i == text.Length)
        {
            return false;
        }
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        return i == text.Length;
    }
}
