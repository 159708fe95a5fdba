using System.Globalization;
using System.Text;
using Crm.Data.Csv;
using DocumentFormat.OpenXml.Packaging;
using Crm.Web.Infrastructure.Lists;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crm.Web.Features.Imports;

/// <summary>
/// An Excel workbook's first sheet as the CSV the importer reads: one record per row (row 1, the header, is line 1, so
/// the importer's line numbers are the sheet's row numbers), text as typed, numbers in invariant form, date cells as
/// yyyy-MM-dd, booleans as true/false. Empty rows in between are kept as empty records (the importer skips them).
/// </summary>
public static class ExcelSheet
{
    /// <summary>Excel's last row and column (1,048,576 and XFD): a file naming cells beyond them is not a workbook Excel wrote.</summary>
    private const uint MaxRows = 1_048_576;
    private const int MaxColumns = 16_384;

    /// <summary>The built-in number formats that show a date (ECMA-376 18.8.30).</summary>
    private static readonly HashSet<uint> DateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

    /// <exception cref="InvalidDataException">The file is not an Excel workbook or has no sheet.</exception>
    public static MemoryStream ToCsv(Stream xlsx)
    {
        SpreadsheetDocument document;
        try
        {
            document = SpreadsheetDocument.Open(xlsx, isEditable: false);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or FileFormatException or InvalidDataException or IOException)
        {
            throw new InvalidDataException("not an Excel workbook", ex);
        }
        using (document)
        {
            try
            {
                return ToCsv(document);
            }
            catch (Exception ex) when (ex is OpenXmlPackageException or System.Xml.XmlException or InvalidCastException or ArgumentException
                or KeyNotFoundException or FormatException or IOException)
            {
                // Parts that are missing, of the wrong type (a chart sheet first) or not well-formed XML.
                throw new InvalidDataException("not a readable Excel workbook", ex);
            }
        }
    }

    private static MemoryStream ToCsv(SpreadsheetDocument document)
    {
        var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook");
        var first = workbook.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault() ?? throw new InvalidDataException("no sheet");
        var sheet = (WorksheetPart)workbook.GetPartById(first.Id!);
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var dateStyles = DateStyleIndexes(workbook.WorkbookStylesPart?.Stylesheet);

        var output = new MemoryStream();
        using (var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true))
        {
            uint line = 0;
            foreach (var row in sheet.Worksheet.Descendants<Row>())
            {
                var index = row.RowIndex?.Value ?? line + 1;
                if (index <= line || index > MaxRows)
                {
                    throw new InvalidDataException("rows out of order or beyond Excel's last row");
                }
                for (; line + 1 < index; line++)
                {
                    writer.Write("\n"); // rows Excel left out (empty) keep the numbering
                }
                line = index;
                var cells = new SortedDictionary<int, string>();
                var next = 0;
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : next;
                    if (column is < 0 or >= MaxColumns)
                    {
                        throw new InvalidDataException("a cell beyond Excel's last column");
                    }
                    cells[column] = Value(cell, shared, dateStyles);
                    next = column + 1;
                }
                var width = cells.Count == 0 ? 0 : cells.Keys.Max() + 1;
                // Neutralised as every CSV the CRM writes is, so the importer's restoring gives back each cell's exact text.
                writer.Write(string.Join(",", Enumerable.Range(0, width)
                    .Select(i => TableFile.Quote(SpreadsheetText.Neutralise(cells.GetValueOrDefault(i, ""))))));
                writer.Write("\n");
            }
        }
        output.Position = 0;
        return output;
    }

    private static string Value(Cell cell, IReadOnlyList<string> shared, HashSet<uint> dateStyles)
    {
        var raw = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "";
        }
        if (cell.DataType?.Value == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? "";
        }
        if (cell.DataType?.Value == CellValues.Boolean)
        {
            return raw == "1" ? "true" : "false";
        }
        if (cell.DataType is null || cell.DataType.Value == CellValues.Number)
        {
            if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style)
                && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial)
                && serial is > -657435.0 and < 2958466.0) // the serials DateTime.FromOADate takes
            {
                return DateTime.FromOADate(serial).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? number.ToString(CultureInfo.InvariantCulture)
                : raw;
        }
        return cell.InnerText;
    }

    /// <summary>The cell formats (by index) that show dates: built-in date formats and custom ones with a day or year in them.</summary>
    private static HashSet<uint> DateStyleIndexes(Stylesheet? styles)
    {
        var result = new HashSet<uint>();
        if (styles?.CellFormats is null)
        {
            return result;
        }
        var custom = styles.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null && f.FormatCode?.Value is { } code && IsDateFormat(code))
            .Select(f => f.NumberFormatId!.Value).ToHashSet() ?? [];
        uint index = 0;
        foreach (var format in styles.CellFormats.Elements<CellFormat>())
        {
            if (format.NumberFormatId?.Value is { } id && (DateFormats.Contains(id) || custom.Contains(id)))
            {
                result.Add(index);
            }
            index++;
        }
        return result;
    }

    private static bool IsDateFormat(string code)
    {
        // Quoted text and [colour] parts say nothing about dates.
        var plain = new StringBuilder();
        var quoted = false;
        var bracket = false;
        foreach (var c in code)
        {
            if (c == '"') { quoted = !quoted; continue; }
            if (!quoted && c == '[') { bracket = true; continue; }
            if (!quoted && c == ']') { bracket = false; continue; }
            if (!quoted && !bracket) { plain.Append(char.ToLowerInvariant(c)); }
        }
        var text = plain.ToString();
        return text.Contains('y') || text.Contains('d');
    }

    /// <summary>"C7" → 2 (zero-based column of a cell reference).</summary>
    private static int ColumnIndex(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter).Take(4)) // XFD: three letters at most
        {
            column = column * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
        }
        return column - 1;
    }
}
