using System.Text;

namespace Crm.Data.Csv;

/// <summary>
/// Reads RFC 4180 records: ',' separated, '"' quoted with '""' for a quote, line breaks inside quotes allowed,
/// CRLF or LF line ends. <see cref="Line"/> is the physical line a record starts on (1-based).
/// </summary>
public sealed class CsvRecordReader(TextReader reader)
{
    private readonly StringBuilder _field = new();
    private int _nextLine = 1;

    public int Line { get; private set; }

    /// <summary>The next record, or null at the end of input. Throws <see cref="FormatException"/> on a broken quote; its message is the key of the reason in ImportMessages.</summary>
    public string[]? Read()
    {
        if (reader.Peek() < 0)
        {
            return null;
        }
        Line = _nextLine;
        var fields = new List<string>();
        _field.Clear();
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            var c = reader.Read();
            if (quoted)
            {
                switch (c)
                {
                    case < 0:
                        throw new FormatException("UnclosedQuote");
                    case '"' when reader.Peek() == '"':
                        reader.Read();
                        _field.Append('"');
                        break;
                    case '"':
                        quoted = false;
                        break;
                    default:
                        if (c == '\n')
                        {
                            _nextLine++;
                        }
                        _field.Append((char)c);
                        break;
                }
                continue;
            }
            switch (c)
            {
                case '"' when _field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case '"':
                    throw new FormatException("QuoteInField");
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    wasQuoted = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n' or '\r' or < 0:
                    if (c >= 0)
                    {
                        _nextLine++;
                    }
                    fields.Add(_field.ToString());
                    return fields.ToArray();
                default:
                    if (wasQuoted)
                    {
                        throw new FormatException("TextAfterQuote");
                    }
                    _field.Append((char)c);
                    break;
            }
        }
    }
}
