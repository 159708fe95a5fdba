using System.Globalization;

namespace Crm.Data.Csv;

/// <summary>
/// One data row of a CSV file, with typed readers that record a localized error (line, column, reason)
/// instead of throwing, so that every problem of a row is reported at once.
/// </summary>
public sealed class CsvRow
{
    private static readonly string[] _dateFormats = ["yyyy-MM-dd"];
    private static readonly string[] _dateTimeFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    private static readonly System.Text.RegularExpressions.Regex _plainNumber = new(@"^[+-]?[0-9]+(\.[0-9]*)?\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private readonly string[] _fields;
    private readonly IReadOnlyDictionary<string, int> _columns;
    private readonly List<ImportError> _errors;
    private int _errorCount;

    internal CsvRow(int line, string[] fields, IReadOnlyDictionary<string, int> columns, List<ImportError> errors)
    {
        Line = line;
        _fields = fields;
        _columns = columns;
        _errors = errors;
    }

    public int Line { get; }

    public bool IsValid => _errorCount == 0;

    public void Error(string column, string reason)
    {
        _errors.Add(new ImportError(Line, column, reason));
        _errorCount++;
    }

    /// <summary>Whether the file has this column at all (an optional column may be left out of the header).</summary>
    public bool HasColumn(string column) => _columns.ContainsKey(column);

    /// <summary>
    /// The trimmed text of a column, or null when the column is absent or the field empty; the quote an export put before
    /// text a spreadsheet would run as a formula is taken off (<see cref="SpreadsheetText.Restore"/>).
    /// </summary>
    public string? Raw(string column) =>
        _columns.TryGetValue(column, out var i) && i < _fields.Length && _fields[i].Trim() is { Length: > 0 } value
            ? SpreadsheetText.Restore(value)
            : null;

    public string? Text(string column, int maxLength, bool required = false)
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required)
            {
                Error(column, ImportText.Get("Required"));
            }
            return null;
        }
        if (value.Length > maxLength)
        {
            Error(column, ImportText.Get("TooLong", maxLength));
            return null;
        }
        return value;
    }

    public string RequiredText(string column, int maxLength) => Text(column, maxLength, required: true) ?? "";

    /// <summary>The earliest and latest moments a file's dates and times may name: a year 1 or 9999 is a typing error, not a date.</summary>
    public static readonly DateTime Earliest = new(2000, 1, 1);

    public static readonly DateTime Latest = new(2099, 12, 31, 23, 59, 59);

    /// <summary>The largest amount of money a file may give (a trillion): larger is a typing error, not a deal or a budget.</summary>
    public const decimal MaxAmount = Entities.Deal.MaxAmount;

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public int? Int(string column, bool required = false, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = Raw(column);
        if (text is not null && IsWholeNumber(text) && !int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            Error(column, OutOfRange(text.StartsWith('-'), min, max)); // a whole number, too large for any column
            return null;
        }
        var value = Parse(column, required, (string s, out int v) => int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v),
            "NotInteger");
        if (value is { } number && (number < min || number > max))
        {
            Error(column, OutOfRange(number < 0, min, max));
            return null;
        }
        return value;
    }

    private static bool IsWholeNumber(string text) => text.TrimStart('+', '-') is { Length: > 0 } digits
        && text.Length - digits.Length <= 1 && digits.All(char.IsAsciiDigit);

    private static string OutOfRange(bool negative, int min, int max) =>
        negative && min == 0 ? ImportText.Get("Negative") : ImportText.Get("OutOfRange", min, max);

    /// <summary>A number, not negative and at most <paramref name="max"/> (by default <see cref="MaxAmount"/>).</summary>
    public decimal? Decimal(string column, bool required = false, decimal max = MaxAmount)
    {
        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;
        var text = Raw(column);
        if (text is not null && _plainNumber.IsMatch(text) && !decimal.TryParse(text, style, CultureInfo.InvariantCulture, out _))
        {
            // A number all right, but beyond what a decimal holds.
            Error(column, text.StartsWith('-') ? ImportText.Get("Negative") : ImportText.Get("TooLarge", max));
            return null;
        }
        var value = Parse(column, required, (string s, out decimal v) => decimal.TryParse(s, style, CultureInfo.InvariantCulture, out v),
            "NotNumber", v => v >= 0);
        if (value > max)
        {
            Error(column, ImportText.Get("TooLarge", max));
            return null;
        }
        return value;
    }

    public DateOnly? Date(string column, bool required = false)
    {
        var value = Parse(column, required, (string s, out DateOnly v) => DateOnly.TryParseExact(s, _dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out v),
            "NotDate");
        return value is { } date && !InYears(date.ToDateTime(TimeOnly.MinValue), column) ? null : value;
    }

    public DateTime? DateTime(string column, bool required = false)
    {
        var value = Parse(column, required, (string s, out DateTime v) => System.DateTime.TryParseExact(s, _dateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out v),
            "NotDateTime");
        return value is { } time && !InYears(time, column) ? null : value;
    }

    private bool InYears(DateTime value, string column)
    {
        if (value >= Earliest && value <= Latest)
        {
            return true;
        }
        Error(column, ImportText.Get("DateOutOfRange", ImportText.Shown(Raw(column)!), Earliest.Year, Latest.Year));
        return false;
    }

    public bool? Bool(string column, bool required = false) =>
        Parse<bool>(column, required, TryParseBool, "NotBoolean");

    public TEnum? Enum<TEnum>(string column, bool required = false) where TEnum : struct, Enum
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required)
            {
                Error(column, ImportText.Get("Required"));
            }
            return null;
        }
        if (!int.TryParse(value, out _) && System.Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed))
        {
            return parsed;
        }
        Error(column, ImportText.Get("NotOneOf", ImportText.Shown(value), string.Join(", ", System.Enum.GetNames<TEnum>())));
        return null;
    }

    /// <summary>A ';'-separated list of codes (empty list when the field is empty).</summary>
    public List<string> List(string column, bool required = false)
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required)
            {
                Error(column, ImportText.Get("Required"));
            }
            return [];
        }
        return value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
    }

    private delegate bool TryParser<T>(string text, out T value);

    private T? Parse<T>(string column, bool required, TryParser<T> tryParse, string notParsedKey, Func<T, bool>? inRange = null) where T : struct
    {
        var value = Raw(column);
        if (value is null)
        {
            if (required)
            {
                Error(column, ImportText.Get("Required"));
            }
            return null;
        }
        if (!tryParse(value, out var parsed))
        {
            Error(column, ImportText.Get(notParsedKey, ImportText.Shown(value)));
            return null;
        }
        if (inRange is not null && !inRange(parsed))
        {
            Error(column, ImportText.Get("Negative"));
            return null;
        }
        return parsed;
    }

    private static bool TryParseBool(string text, out bool value)
    {
        switch (text.ToLowerInvariant())
        {
            case "true" or "1" or "yes" or "y" or "是":
                value = true;
                return true;
            case "false" or "0" or "no" or "n" or "否":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
