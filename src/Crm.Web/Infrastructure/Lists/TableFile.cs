using System.Globalization;
using System.Text;
using Crm.Data.Csv;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Crm.Web.Infrastructure.Lists;

/// <summary>The file formats a list exports to.</summary>
public enum TableFormat { Csv, Xlsx }

/// <summary>A column of an exported table: its header in the user's language and how a row gives its value.</summary>
public sealed record TableColumn<TRow>(string Key, string Header, Func<TRow, object?> Value);

/// <summary>
/// Writes exactly what a list shows (its columns, in order, with the headers the user reads) as CSV (UTF-8 with a BOM,
/// so Excel opens Chinese text right; RFC 4180 quoting; text a spreadsheet would run as a formula, such as "=HYPERLINK(…)",
/// behind a single quote) or as an .xlsx workbook (numbers as numbers, dates as dates, text always as text, never a formula).
/// </summary>
public static class TableFile
{
    public static string ContentType(TableFormat format) => format == TableFormat.Csv
        ? "text/csv; charset=utf-8"
        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string Extension(TableFormat format) => format == TableFormat.Csv ? ".csv" : ".xlsx";

    public static void Write<TRow>(Stream output, TableFormat format, string sheetName, IReadOnlyList<TableColumn<TRow>> columns,
        IEnumerable<TRow> rows, CultureInfo culture)
    {
        if (format == TableFormat.Csv)
        {
            WriteCsv(output, columns, rows, culture);
        }
        else
        {
            WriteXlsx(output, sheetName, columns, rows);
        }
    }

    private static void WriteCsv<TRow>(Stream output, IReadOnlyList<TableColumn<TRow>> columns, IEnumerable<TRow> rows, CultureInfo culture)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        writer.Write(string.Join(",", columns.Select(c => Quote(SpreadsheetText.Neutralise(c.Header)))));
        writer.Write("\r\n");
        foreach (var row in rows)
        {
            writer.Write(string.Join(",", columns.Select(c => Quote(Text(c.Value(row), culture)))));
            writer.Write("\r\n");
        }
    }

    /// <summary>
    /// A cell as text: numbers without group separators (so they re-import; -5 stays -5), dates as ISO 8601, any other
    /// text neutralised if a spreadsheet would run it as a formula.
    /// </summary>
    private static string Text(object? value, CultureInfo culture) => value switch
    {
        null => "",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        decimal or double or float or int or long => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        IFormattable formattable => SpreadsheetText.Neutralise(formattable.ToString(null, culture)),
        _ => SpreadsheetText.Neutralise(value.ToString() ?? ""),
    };

    /// <summary>A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).</summary>
    internal static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static void WriteXlsx<TRow>(Stream output, string sheetName, IReadOnlyList<TableColumn<TRow>> columns, IEnumerable<TRow> rows)
    {
        // OpenXml needs a seekable stream; a response body is not one.
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheet))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                WriteRow(writer, columns.Select(c => (object?)c.Header), header: true);
                foreach (var row in rows)
                {
                    WriteRow(writer, columns.Select(c => c.Value(row)), header: false);
                }
                writer.WriteEndElement();
                writer.WriteEndElement();
            }
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = SheetName(sheetName) }));
            workbook.Workbook.Save();
        }
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    private static void WriteRow(OpenXmlWriter writer, IEnumerable<object?> values, bool header)
    {
        writer.WriteStartElement(new Row());
        foreach (var value in values)
        {
            var cell = value switch
            {
                null => new Cell(),
                decimal or double or float or int or long => new Cell
                {
                    DataType = CellValues.Number, CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!),
                },
                DateOnly date => DateCell(date.ToDateTime(TimeOnly.MinValue)),
                DateTime time => DateCell(time),
                bool flag => new Cell { DataType = CellValues.Boolean, CellValue = new CellValue(flag ? "1" : "0") },
                // Text is an inline string, never a CellFormula: "=HYPERLINK(…)" is shown, not run.
                _ => new Cell { DataType = CellValues.InlineString, InlineString = new InlineString(new Text(value.ToString() ?? "")) },
            };
            if (header)
            {
                cell.StyleIndex = BoldStyle;
            }
            writer.WriteElement(cell);
        }
        writer.WriteEndElement();
    }

    private const uint DateStyle = 1;
    private const uint BoldStyle = 2;

    private static Cell DateCell(DateTime value) => new()
    {
        CellValue = new CellValue(value.ToOADate().ToString(CultureInfo.InvariantCulture)),
        DataType = CellValues.Number,
        StyleIndex = DateStyle,
    };

    /// <summary>Three cell formats: plain, a date (built-in format 14), bold (the header row).</summary>
    private static Stylesheet Stylesheet() => new(
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true }) { Count = 3 });

    /// <summary>A valid sheet name: at most 31 characters, none of : \ / ? * [ ].</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Where(c => !":\\/?*[]".Contains(c)).ToArray());
        return clean.Length == 0 ? "Sheet1" : clean[..Math.Min(31, clean.Length)];
    }
}
