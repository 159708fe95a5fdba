using System.Text;

namespace Crm.Data.Csv;

/// <summary>
/// Reads RFC 4180 records: ',' separated, '"' quoted with '""' for a quote, line breaks inside quotes allowed,
/// CRLF or LF line ends. <see cref="Line"/> is the physical line a record starts on (1-based).
/// </summary>
/// <remarks>
/// A record broken on its own line (a quote inside an unquoted field, text after a closing quote) throws a
/// <see cref="FormatException"/> after skipping to the next line, so the next record can still be read; one whose quoted
/// field ran over line breaks first throws a <see cref="CsvFileException"/>. What leaves
/// nothing readable after it throws a <see cref="CsvFileException"/>: a quote never closed, a record longer than
/// <see cref="MaxRecordLength"/> (so a huge or runaway field costs bounded memory), a NUL character (a binary file, or
/// UTF-16 without a byte-order mark) or bytes the decoder could not read (<see cref="NotDecoded"/>).
/// </remarks>
public sealed class CsvRecordReader(TextReader reader, int maxRecordLength = CsvRecordReader.DefaultMaxRecordLength)
{
    /// <summary>The longest record read, in characters: far above any row of the documented kinds (their longest field holds 4,000).</summary>
    public const int DefaultMaxRecordLength = 1 << 20;

    /// <summary>What a decoder puts for bytes it cannot read (see <see cref="Utf8"/>): a noncharacter no text file holds.</summary>
    public const char NotDecoded = '\uFFFF';

    /// <summary>UTF-8 that marks undecodable bytes with <see cref="NotDecoded"/> instead of a silent replacement character.</summary>
    public static Encoding Utf8 { get; } = Encoding.GetEncoding("utf-8", EncoderFallback.ExceptionFallback, new DecoderReplacementFallback(NotDecoded.ToString()));

    private readonly StringBuilder _field = new();
    private int _nextLine = 1;

    public int Line { get; private set; }

    public int MaxRecordLength => maxRecordLength;

    /// <summary>The next record, or null at the end of input. Throws <see cref="FormatException"/> on a broken record; its message is the key of the reason in ImportMessages.</summary>
    public string[]? Read()
    {
        if (reader.Peek() < 0)
        {
            return null;
        }
        Line = _nextLine;
        var fields = new List<string>();
        _field.Clear();
        var length = 0;
        var quoted = false;
        var wasQuoted = false;
        while (true)
        {
            var c = reader.Read();
            if (c >= 0 && ++length > maxRecordLength)
            {
                throw new CsvFileException("RecordTooLong", Line);
            }
            switch (c)
            {
                case '\0':
                    throw new CsvFileException("NulCharacter", _nextLine);
                case NotDecoded:
                    throw new CsvFileException("NotUtf8", _nextLine);
            }
            if (quoted)
            {
                switch (c)
                {
                    case < 0:
                        throw new CsvFileException("UnclosedQuote", Line);
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
                    throw SkipLine("QuoteInField");
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
                        throw SkipLine("TextAfterQuote");
                    }
                    _field.Append((char)c);
                    break;
            }
        }
    }

    /// <summary>
    /// Skips the rest of a broken record's line, so reading goes on at the next one; unless the record took line breaks
    /// into a quoted field: then where the rows start again nobody can tell, and the rest of the file is lost.
    /// </summary>
    private FormatException SkipLine(string reason)
    {
        if (_nextLine != Line)
        {
            return new CsvFileException(reason, Line);
        }
        for (var length = 0; length <= maxRecordLength; length++)
        {
            var c = reader.Read();
            if (c is '\0' or NotDecoded)
            {
                return new CsvFileException(c == '\0' ? "NulCharacter" : "NotUtf8", _nextLine);
            }
            if (c == '\r' && reader.Peek() == '\n')
            {
                continue;
            }
            if (c is '\n' or '\r' or < 0)
            {
                if (c >= 0)
                {
                    _nextLine++;
                }
                return new FormatException(reason);
            }
        }
        return new CsvFileException("RecordTooLong", Line);
    }
}

/// <summary>A problem that leaves nothing of the file readable after it: its reason (a key of ImportMessages) and its line.</summary>
public sealed class CsvFileException(string reason, int line) : FormatException(reason)
{
    public int Line { get; } = line;
}
