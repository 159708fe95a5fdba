using Crm.Data.Csv;

namespace Crm.Data.Tests;

public class CsvRecordReaderTests
{
    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_lines_are_counted()
    {
        var reader = new CsvRecordReader(new StringReader("a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\r\nlast,\n"));

        Assert.Equal(["a", "b"], reader.Read()!);
        Assert.Equal(1, reader.Line);
        Assert.Equal(["x, \"y\"", "two\nlines"], reader.Read()!);
        Assert.Equal(2, reader.Line);
        Assert.Equal(["last", ""], reader.Read()!);
        Assert.Equal(4, reader.Line);
        Assert.Null(reader.Read());
    }

    [Fact]
    public async Task What_the_writer_writes_the_reader_reads_back()
    {
        string?[] fields = ["plain", "com,ma", "quo\"te", "new\nline", " padded ", null, "中文"];
        var text = new StringWriter();
        await new CsvRecordWriter(text).WriteAsync(fields);

        var back = new CsvRecordReader(new StringReader(text.ToString())).Read();

        Assert.Equal(fields.Select(f => f ?? ""), back);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_an_error()
    {
        var reader = new CsvRecordReader(new StringReader("a,b\"c\n"));
        Assert.Equal("QuoteInField", Assert.Throws<FormatException>(() => reader.Read()).Message);
    }
}
