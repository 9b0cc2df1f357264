using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using MiniExcelLibs;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.UnitTests;

/// <summary>How an uploaded spreadsheet is read: headings, encodings, row numbers, cell values.</summary>
public sealed class SpreadsheetImportTests
{
    private static readonly ImportColumn[] Columns =
    [
        new("sku", "商品编码", true, ""), new("name", "商品名称", true, ""), new("unitPrice", "单价", false, ""), new("validFrom", "生效日期", false, ""),
    ];

    private static HttpRequest Upload(byte[] bytes, string fileName)
    {
        var context = new DefaultHttpContext();
        var file = new FormFile(new MemoryStream(bytes), 0, bytes.Length, "file", fileName);
        context.Request.ContentType = "multipart/form-data; boundary=x";
        context.Request.Form = new FormCollection(new Dictionary<string, StringValues>(), new FormFileCollection { file });
        return context.Request;
    }

    private static Task<ImportFile> ReadAsync(byte[] bytes, string fileName) => SpreadsheetImport.ReadAsync(Upload(bytes, fileName), Columns, default);

    private static Dictionary<string, string[]> Errors(ImportFile file)
        => (Dictionary<string, string[]>)((Microsoft.AspNetCore.Http.HttpResults.ValidationProblem)file.Problem()).ProblemDetails.Errors;

    [Fact]
    public async Task A_csv_saved_by_a_chinese_excel_in_gb18030_with_chinese_headings_reads_as_its_text()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding("GB18030").GetBytes("商品编码,商品名称,单价\nFB-4,训练足球 4号,89.5\n");
        var file = await ReadAsync(bytes, "产品.csv");
        Assert.True(file.IsValid);
        var row = Assert.Single(file.Rows);
        Assert.Equal(("FB-4", "训练足球 4号", 89.5m), (row.Text("sku"), row.Text("name"), row.Decimal("unitPrice")));
    }

    [Fact]
    public async Task Rows_are_numbered_as_the_spreadsheet_shows_them_and_blank_lines_are_skipped()
    {
        var file = await ReadAsync(Encoding.UTF8.GetBytes("sku,name\nA1,first\n,\nA2,\n"), "p.csv");
        Assert.Equal([2, 4], file.Rows.Select(r => r.Number));
        Assert.Null(file.Rows[1].Required("name"));
        Assert.Equal(["is required"], Errors(file)["rows[4].name"]);
    }

    [Fact]
    public async Task An_unknown_or_missing_heading_is_named_and_a_file_that_is_not_a_spreadsheet_is_refused()
    {
        var file = await ReadAsync(Encoding.UTF8.GetBytes("SKU,colour\nA1,red\n"), "p.csv");
        var errors = Errors(file)["file"];
        Assert.Contains(errors, e => e.StartsWith("column 'colour' is not one of the template's"));
        Assert.Contains("column 'name' (商品名称) is missing", errors);
        Assert.Equal(["must be an .xlsx workbook or a .csv file"], Errors(await ReadAsync(Encoding.UTF8.GetBytes("sku,name\n"), "p.xlsx"))["file"]);
        Assert.Equal(["has no rows under its headings"], Errors(await ReadAsync(Encoding.UTF8.GetBytes("sku,name\n"), "p.csv"))["file"]);
    }

    [Fact]
    public async Task Workbook_numbers_and_dates_read_as_invariant_text_and_a_date_without_an_offset_is_china_time()
    {
        using var workbook = new MemoryStream();
        workbook.SaveAs(new[] { new Dictionary<string, object> { ["sku"] = "A1", ["name"] = 13800138000d, ["unitPrice"] = 12.3d, ["validFrom"] = new DateTime(2027, 1, 1) } });
        var file = await ReadAsync(workbook.ToArray(), "p.xlsx");
        var row = Assert.Single(file.Rows);
        Assert.Equal(("13800138000", 12.3m), (row.Text("name"), row.Decimal("unitPrice")));
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero), row.Moment("validFrom"));
        Assert.True(file.IsValid);
    }

    [Fact]
    public async Task A_repeated_key_is_named_on_every_row_after_the_first()
    {
        var file = await ReadAsync(Encoding.UTF8.GetBytes("sku,name\nA1,x\na1,y\nB2,z\n"), "p.csv");
        SpreadsheetImport.RefuseRepeats(file, "sku");
        Assert.Equal(["A1 is on row 2 already"], Errors(file)["rows[3].sku"]);
        Assert.Single(Errors(file));
    }
}
