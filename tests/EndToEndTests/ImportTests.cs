using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;

namespace OrderPlatform.EndToEndTests;

/// <summary>A company brings its own customer list, product list and agreed prices in from spreadsheets: all rows or none, and the same file again changes nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ImportTests(PlatformFixture platform)
{
    private static string Code(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";

    private async Task<(HttpStatusCode Status, JsonNode Body)> ImportAsync(string path, byte[] file, string fileName)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv") ? "text/csv" : "application/octet-stream");
        form.Add(content, "file", fileName);
        using var request = PlatformFixture.Request(HttpMethod.Post, path, "dev-staff-key");
        request.Content = form;
        using var response = await platform.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await platform.SendAsync(HttpMethod.Get, path, "dev-staff-key");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static void AssertCounts(JsonNode result, int created, int changed, int unchanged)
        => Assert.Equal((created, changed, unchanged), (result["created"]!.GetValue<int>(), result["changed"]!.GetValue<int>(), result["unchanged"]!.GetValue<int>()));

    [Fact]
    public async Task Customers_filled_into_the_downloaded_template_are_registered_and_the_same_workbook_again_changes_nothing()
    {
        using var template = await platform.SendAsync(HttpMethod.Get, "/api/credit/customers/import/template.xlsx", "dev-staff-key");
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", template.Content.Headers.ContentType!.MediaType);
        var headings = new MemoryStream(await template.Content.ReadAsByteArrayAsync()).GetColumns(useHeaderRow: false)!.ToList();
        var firstRow = (IDictionary<string, object>)new MemoryStream(await template.Content.ReadAsByteArrayAsync()).Query().First();
        var columns = headings.Select(h => (string)firstRow[h]).ToList();
        Assert.Equal(["customerId", "name", "kind", "company", "taxId", "contactName", "contactPhone", "province", "city", "address",
            "postalCode", "grade", "creditLimit", "depositPercent", "paymentTermsDays"], columns);

        var (onTerms, isNew) = (Code("C-IMP"), Code("C-IMP"));
        var rows = new[]
        {
            new object?[] { onTerms, "华东体育用品", "Business", "华东体育用品有限公司", "91310000MA1K", "王经理", "13800138001", "上海", "上海", "浦东新区张江路1号", "201203", "B", 200000, 30, null },
            new object?[] { isNew, "北方运动", "企业", "北方运动贸易公司", null, "李女士", "13900139002", "北京", "北京", "朝阳区建国路2号", null, null, null, null, null },
        }.Select(r => columns.Zip(r).ToDictionary(c => c.First, c => c.Second)).ToList();
        using var workbook = new MemoryStream();
        workbook.SaveAs(rows, excelType: ExcelType.XLSX);

        var (status, result) = await ImportAsync("/api/credit/customers/import", workbook.ToArray(), "customers.xlsx");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertCounts(result, created: 2, changed: 0, unchanged: 0);
        var customer = await GetAsync($"/api/credit/customers/{onTerms}");
        Assert.Equal(("B", 200000m, 30m, false), (customer["grade"]!.GetValue<string>(), customer["creditLimit"]!.GetValue<decimal>(),
            customer["depositPercent"]!.GetValue<decimal>(), customer["isNew"]!.GetValue<bool>()));
        Assert.Equal(["Registered", "TermsChanged"], customer["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal("Imported from customers.xlsx", customer["history"]![1]!["reason"]!.GetValue<string>());
        var fresh = await GetAsync($"/api/credit/customers/{isNew}");
        Assert.True(fresh["isNew"]!.GetValue<bool>()); // no terms in the file: the first order waits for a credit controller
        Assert.Equal("Business", fresh["kind"]!.GetValue<string>());

        (status, result) = await ImportAsync("/api/credit/customers/import", workbook.ToArray(), "customers.xlsx");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertCounts(result, created: 0, changed: 0, unchanged: 2);
        Assert.Equal(2, (await GetAsync($"/api/credit/customers/{onTerms}"))["history"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_file_with_bad_rows_changes_nothing_and_names_every_bad_row_and_column_and_a_corrected_one_changes_what_differs()
    {
        var (good, changed) = (Code("C-IMP"), Code("C-IMP"));
        var header = "customerId,name,kind,company,contactName,contactPhone,province,city,address,grade,creditLimit,depositPercent\n";
        var first = header + $"{changed},南方体育,Business,南方体育公司,陈,13600136000,广东,广州,天河路1号,,,\n";
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync("/api/credit/customers/import", Encoding.UTF8.GetBytes(first), "first.csv")).Status);

        var bad = header
            + $"{good},新客户,Business,新客户公司,赵,13800000000,浙江,杭州,西湖区1号,,,\n"
            + $"{changed},南方体育,Business,南方体育公司,陈,13600136999,广东,广州,天河路1号,D,-5,130\n"
            + $"{good},重复,Person,,,,,,,,,\n";
        var (status, problem) = await ImportAsync("/api/credit/customers/import", Encoding.UTF8.GetBytes(bad), "bad.csv");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("https://orderplatform.example/problems/validation", problem["type"]!.GetValue<string>());
        var errors = problem["errors"]!.AsObject().Select(e => e.Key).ToHashSet();
        Assert.Superset(new HashSet<string> { "rows[3].grade", "rows[3].creditLimit", "rows[3].depositPercent", "rows[4].customerId",
            "rows[4].kind", "rows[4].contactName", "rows[4].province" }, errors);
        Assert.DoesNotContain(errors, e => e.StartsWith("rows[2]"));
        using (var none = await platform.SendAsync(HttpMethod.Get, $"/api/credit/customers/{good}", "dev-staff-key"))
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode); // its row was good, but the file was not
        Assert.Equal("13600136000", (await GetAsync($"/api/credit/customers/{changed}"))["phone"]!.GetValue<string>());

        var corrected = header
            + $"{good},新客户,Business,新客户公司,赵,13800000000,浙江,杭州,西湖区1号,,,\n"
            + $"{changed},南方体育,Business,南方体育公司,陈,13600136999,广东,广州,天河路1号,A,500000,0\n";
        var (okStatus, result) = await ImportAsync("/api/credit/customers/import", Encoding.UTF8.GetBytes(corrected), "corrected.csv");
        Assert.Equal(HttpStatusCode.OK, okStatus);
        AssertCounts(result, created: 1, changed: 1, unchanged: 0);
        var customer = await GetAsync($"/api/credit/customers/{changed}");
        Assert.Equal(("13600136999", "A", "OnTerms"), (customer["phone"]!.GetValue<string>(), customer["grade"]!.GetValue<string>(),
            customer["paymentTerms"]!.GetValue<string>()));
        Assert.Equal(["Registered", "DetailsChanged", "TermsChanged"], customer["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()));
        Assert.Contains("phone", customer["history"]![1]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Products_from_a_chinese_csv_can_be_ordered_and_a_changed_price_in_the_file_becomes_the_list_price_with_history()
    {
        var (stocked, made) = (Code("IMP-BALL"), Code("IMP-JERSEY"));
        // As Excel saves a CSV on a Chinese Windows: Chinese headings, GB18030.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var gb18030 = Encoding.GetEncoding("GB18030");
        string File(decimal ballPrice, decimal ballWeight) => "商品编码,商品名称,英文名称,单价,重量(kg),供应方式,低库存预警\n"
            + $"{stocked},训练足球 4号,Training football,{ballPrice},{ballWeight},库存,5\n"
            + $"{made},定制球衣,Team jersey,159,0.3,自产,\n";

        var (status, result) = await ImportAsync("/api/inventory/products/import", gb18030.GetBytes(File(89m, 0.4m)), "产品.csv");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertCounts(result, created: 2, changed: 0, unchanged: 0);
        var product = (await GetAsync($"/api/inventory/products/{stocked}"))["product"]!;
        Assert.Equal(("训练足球 4号", "Stocked", 89m), (product["name"]!.GetValue<string>(), product["sourcing"]!.GetValue<string>(),
            product["listPrice"]!.GetValue<decimal>()));
        Assert.Equal("MadeInHouse", (await GetAsync($"/api/inventory/products/{made}"))["product"]!["sourcing"]!.GetValue<string>());
        var order = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001", "Regular", new { sku = stocked, quantity = 1, unitPrice = 89m, specification = "" }));
        var settled = await platform.WaitForAsync($"/api/orders/{order}", "dev-staff-key", o => o["status"]!.GetValue<string>() != "Submitted");
        Assert.DoesNotContain(settled["holds"]!.AsArray(), h => h!["kind"]!.GetValue<string>() == "Price");

        (status, result) = await ImportAsync("/api/inventory/products/import", gb18030.GetBytes(File(89m, 0.4m)), "产品.csv");
        AssertCounts(result, created: 0, changed: 0, unchanged: 2);

        (status, result) = await ImportAsync("/api/inventory/products/import", gb18030.GetBytes(File(99m, 0.45m)), "产品-2027.csv");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertCounts(result, created: 0, changed: 1, unchanged: 1);
        var detail = await GetAsync($"/api/inventory/products/{stocked}");
        Assert.Equal((99m, 0.45m), (detail["product"]!["listPrice"]!.GetValue<decimal>(), detail["product"]!["weightKg"]!.GetValue<decimal>()));
        var prices = detail["prices"]!.AsArray();
        Assert.Equal([89m, 99m], prices.Select(p => p!["unitPrice"]!.GetValue<decimal>()));
        Assert.Equal("Imported from 产品-2027.csv", prices[1]!["reason"]!.GetValue<string>());

        var sourcingChanged = File(99m, 0.45m).Replace(",库存,", ",定制,");
        (status, var problem) = await ImportAsync("/api/inventory/products/import", gb18030.GetBytes(sourcingChanged), "产品-3.csv");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["rows[2].sourcing"], problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Fact]
    public async Task Agreed_prices_from_a_file_are_listed_for_the_customer_and_an_unknown_sku_refuses_the_whole_file()
    {
        var (customer, until) = (Code("C-IMP"), DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd"));
        var file = $"customerId,sku,unitPrice,validTo,reason\n{customer},BB-GAME-7,205,{until},Contract 2027-0042\n{customer},FB-PRO-5,150,,\n";
        var (status, result) = await ImportAsync("/api/inventory/customer-prices/import", Encoding.UTF8.GetBytes(file), "prices.csv");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertCounts(result, created: 2, changed: 0, unchanged: 0);
        (status, result) = await ImportAsync("/api/inventory/customer-prices/import", Encoding.UTF8.GetBytes(file), "prices.csv");
        AssertCounts(result, created: 0, changed: 0, unchanged: 2);

        var listed = (await GetAsync($"/api/inventory/customer-prices/{customer}")).AsArray();
        var contract = listed.First(p => p!["sku"]!.GetValue<string>() == "BB-GAME-7" && p["inForce"]!.GetValue<bool>())!;
        Assert.Equal((205m, "Contract 2027-0042"), (contract["unitPrice"]!.GetValue<decimal>(), contract["reason"]!.GetValue<string>()));

        var unknown = $"customerId,sku,unitPrice\n{customer},BB-GAME-7,180\n{customer},NO-SUCH-SKU,10\n";
        (status, var problem) = await ImportAsync("/api/inventory/customer-prices/import", Encoding.UTF8.GetBytes(unknown), "prices-2.csv");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["rows[3].sku"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.DoesNotContain((await GetAsync($"/api/inventory/customer-prices/{customer}")).AsArray(), p => p!["unitPrice"]!.GetValue<decimal>() == 180m);
    }
}
