using System.Data;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using MiniExcelLibs.Csv;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>A column of an import file: its name in the template, the Chinese heading also accepted, whether every row needs it, what it holds.</summary>
public sealed record ImportColumn(string Name, string ChineseName, bool Required, string Description);

/// <summary>What an import did: every row of the file is created, changed or already as the file says.</summary>
public sealed record ImportResult(string File, int Rows, int Created, int Changed, int Unchanged);

/// <summary>One data row of an import file, numbered as the spreadsheet shows it (the heading is row 1).</summary>
public sealed class ImportRow(int number, IReadOnlyDictionary<string, string> cells, Validation errors)
{
    public int Number => number;

    /// <summary>The cell's text, trimmed; null when empty or absent.</summary>
    public string? Text(string column) => cells.TryGetValue(column, out var v) && v.Length > 0 ? v : null;

    public void Error(string column, string message) => errors.Add($"rows[{number}].{column}", message);

    public string? Required(string column)
    {
        var text = Text(column);
        if (text is null) Error(column, "is required");
        return text;
    }

    public decimal? Decimal(string column)
    {
        if (Text(column) is not { } text) return null;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) return value;
        Error(column, $"'{text}' is not a number");
        return null;
    }

    public int? Integer(string column)
    {
        if (Decimal(column) is not { } value) return null;
        if (value == decimal.Truncate(value) && value is >= int.MinValue and <= int.MaxValue) return (int)value;
        Error(column, $"'{value}' is not a whole number");
        return null;
    }

    /// <summary>A date or moment, in UTC; without an offset it is China time, as the company's staff write it.</summary>
    public DateTimeOffset? Moment(string column)
    {
        if (Text(column) is not { } text) return null;
        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"(Z|[+-]\d{2}:?\d{2})$")
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
            return moment.ToUniversalTime();
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var local))
            return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ChinaTime.Offset).ToUniversalTime();
        Error(column, $"'{text}' is not a date (yyyy-MM-dd, or yyyy-MM-ddTHH:mm with an offset)");
        return null;
    }
}

/// <summary>An import file read into rows, with every problem found in it so far.</summary>
public sealed class ImportFile(string name, IReadOnlyList<ImportRow> rows, Validation errors)
{
    public string Name => name;
    public IReadOnlyList<ImportRow> Rows => rows;
    public bool IsValid => errors.IsValid;

    /// <summary>400 naming every bad row and column: an import is all or nothing.</summary>
    public ValidationProblem Problem() => TypedResults.ValidationProblem(errors.Errors,
        title: $"{name} was not imported: nothing was changed", type: ProblemTypes.Validation);
}

/// <summary>
/// Reads an <c>.xlsx</c> or <c>.csv</c> file sent as the multipart field <c>file</c> (MiniExcel reads both), and writes the
/// template for a column layout. A CSV may be UTF-8 or, as Excel saves it on a Chinese Windows, GB18030.
/// </summary>
public static class SpreadsheetImport
{
    public const int MaxRows = 10_000;
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    static SpreadsheetImport() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static async Task<ImportFile> ReadAsync(HttpRequest request, IReadOnlyList<ImportColumn> columns, CancellationToken ct)
    {
        var errors = new Validation();
        var rows = new List<ImportRow>();
        if (!request.HasFormContentType)
            return new ImportFile("The request", rows, errors.Add("file", "send the spreadsheet as multipart/form-data in a field named 'file'"));
        var form = await request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { Length: > 0 } upload)
            return new ImportFile("The request", rows, errors.Add("file", "no file in the multipart field 'file', or the file is empty"));

        using var content = new MemoryStream();
        await upload.CopyToAsync(content, ct);
        var bytes = content.ToArray();
        var isXlsx = bytes is [(byte)'P', (byte)'K', ..];
        var extension = Path.GetExtension(upload.FileName).ToLowerInvariant();
        if (extension is not (".xlsx" or ".csv") || (extension == ".xlsx") != isXlsx)
            return new ImportFile(upload.FileName, rows, errors.Add("file", "must be an .xlsx workbook or a .csv file"));

        List<IDictionary<string, object?>> sheet;
        try
        {
            using var stream = new MemoryStream(bytes);
            sheet = isXlsx
                ? stream.Query(useHeaderRow: true, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().Take(MaxRows + 1).ToList()
                : stream.Query(useHeaderRow: true, excelType: ExcelType.CSV, configuration: new CsvConfiguration
                    { StreamReaderFunc = s => new StreamReader(s, CsvEncoding(bytes)) }).Cast<IDictionary<string, object?>>().Take(MaxRows + 1).ToList();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ImportFile(upload.FileName, rows, errors.Add("file", "could not be read as a spreadsheet"));
        }
        if (sheet.Count == 0) return new ImportFile(upload.FileName, rows, errors.Add("file", "has no rows under its headings"));
        if (sheet.Count > MaxRows)
            return new ImportFile(upload.FileName, rows, errors.Add("file", $"has more than {MaxRows} rows; split it into several files"));

        // Headings: the template's names or their Chinese names, in any order and letter case.
        var byHeading = columns.SelectMany(c => new[] { (c.Name, c), (c.ChineseName, c) })
            .ToDictionary(h => h.Item1.Trim(), h => h.c, StringComparer.OrdinalIgnoreCase);
        var headings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var heading in sheet[0].Keys)
        {
            if (string.IsNullOrWhiteSpace(heading)) continue;
            if (byHeading.TryGetValue(heading.Trim(), out var column)) headings[heading] = column.Name;
            else errors.Add("file", $"column '{heading}' is not one of the template's: {string.Join(", ", columns.Select(c => c.Name))}");
        }
        foreach (var missing in columns.Where(c => c.Required && !headings.ContainsValue(c.Name)))
            errors.Add("file", $"column '{missing.Name}' ({missing.ChineseName}) is missing");

        for (var i = 0; i < sheet.Count; i++)
        {
            var cells = headings.ToDictionary(h => h.Value, h => Text(sheet[i].TryGetValue(h.Key, out var v) ? v : null));
            if (cells.Values.All(v => v.Length == 0)) continue; // a blank line
            rows.Add(new ImportRow(i + 2, cells, errors));
        }
        if (rows.Count == 0 && errors.IsValid) errors.Add("file", "has no rows under its headings");
        return new ImportFile(upload.FileName, rows, errors);
    }

    /// <summary>Names every row whose <paramref name="key"/> an earlier row of the file has already (letter case aside).</summary>
    public static void RefuseRepeats(ImportFile file, string key)
    {
        foreach (var rows in file.Rows.Where(r => r.Text(key) is not null).GroupBy(r => r.Text(key)!, StringComparer.OrdinalIgnoreCase))
            foreach (var repeat in rows.Skip(1)) repeat.Error(key, $"{rows.Key} is on row {rows.First().Number} already");
    }

    /// <summary>The template: the headings on the first sheet, what each column holds on the second.</summary>
    public static FileContentHttpResult Template(string fileName, IReadOnlyList<ImportColumn> columns)
    {
        var data = new DataTable();
        foreach (var column in columns) data.Columns.Add(column.Name, typeof(string));
        var notes = columns.Select(c => new Dictionary<string, object>
        {
            ["column"] = c.Name, ["中文列名"] = c.ChineseName, ["required"] = c.Required ? "yes 必填" : "no", ["description"] = c.Description,
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(new Dictionary<string, object> { ["import"] = data, ["columns 列说明"] = notes }, excelType: ExcelType.XLSX);
        return TypedResults.File(stream.ToArray(), XlsxContentType, fileName);
    }

    private static Encoding CsvEncoding(byte[] bytes)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return Encoding.UTF8;
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030");
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "",
        double d when Math.Abs(d) < 7.9e27 => ((decimal)d).ToString(CultureInfo.InvariantCulture),
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };
}
