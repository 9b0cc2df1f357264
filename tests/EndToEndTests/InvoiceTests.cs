using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class InvoiceTests(PlatformFixture platform)
{
    private async Task<(HttpStatusCode Status, JsonNode? Body)> IssueAsync(object request)
    {
        var response = await platform.SendAsync(HttpMethod.Post, "/api/billing/invoices", "dev-staff-key", request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length > 0 ? JsonNode.Parse(text) : null);
    }

    private async Task<string> PaidRetailOrderAsync()
    {
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        var awaiting = await platform.WaitForStatusAsync(number, "AwaitingPayment");
        await platform.PayAsync(number, awaiting["total"]!.GetValue<decimal>(), $"pay-{number}");
        await platform.WaitForStatusAsync(number, "ReadyToShip");
        return number;
    }

    private static int Sequence(JsonNode invoice) => int.Parse(invoice["number"]!.GetValue<string>().Split('-')[2]);

    [Fact]
    public async Task Accounts_are_listed_by_order_customer_status_and_what_is_still_owed_and_a_bad_filter_is_named()
    {
        var paid = await PaidRetailOrderAsync();
        var owing = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        await platform.WaitForStatusAsync(owing, "AwaitingPayment");

        async Task<JsonArray> ListAsync(string query)
        {
            var response = await platform.SendAsync(HttpMethod.Get, $"/api/billing/accounts?{query}", "dev-staff-key");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
        }
        static List<string> Numbers(JsonArray accounts) => accounts.Select(a => a!["orderNumber"]!.GetValue<string>()).ToList();

        var one = Assert.Single(await ListAsync($"orderNumber={paid}"))!;
        Assert.Equal(("Cleared", 0m), (one["status"]!.GetValue<string>(), one["due"]!.GetValue<decimal>()));
        var stillOwing = await ListAsync("customerId=R-0001&owing=true&limit=500");
        Assert.Contains(owing, Numbers(stillOwing));
        Assert.DoesNotContain(paid, Numbers(stillOwing));
        Assert.All(stillOwing, a => Assert.True(a!["due"]!.GetValue<decimal>() > 0));
        Assert.All(await ListAsync("status=AwaitingPayment&limit=500"), a => Assert.Equal("AwaitingPayment", a!["status"]!.GetValue<string>()));
        // Newest first, paged.
        var firstTwo = Numbers(await ListAsync("customerId=R-0001&limit=2"));
        Assert.Equal([owing, paid], firstTwo);
        Assert.Equal(paid, Assert.Single(Numbers(await ListAsync("customerId=R-0001&limit=1&offset=1"))));

        var bad = await platform.SendAsync(HttpMethod.Get, "/api/billing/accounts?status=Owing&offset=-1", "dev-staff-key");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("status") && errors.ContainsKey("offset"));
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Get, "/api/billing/accounts", "dev-web-shop-key")).StatusCode);
    }

    [Fact]
    public async Task Order_invoices_are_numbered_without_gaps_carry_the_VAT_are_issued_once_and_found_by_number_and_by_order()
    {
        var first = await PaidRetailOrderAsync();
        var second = await PaidRetailOrderAsync();

        var (status, invoice) = await IssueAsync(new { orderNumber = first, type = "Normal", buyerName = "Li Wei" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Matches(@"^INV-\d{4}-\d{6}$", invoice!["number"]!.GetValue<string>());
        Assert.Equal((398.00m, 45.79m, 352.21m), (invoice["amount"]!.GetValue<decimal>(), invoice["tax"]!.GetValue<decimal>(), invoice["net"]!.GetValue<decimal>()));

        // Refused requests use no number: the next invoice is the very next number.
        var (again, refusal) = await IssueAsync(new { orderNumber = first, type = "Normal", buyerName = "Li Wei" });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Contains(invoice["number"]!.GetValue<string>(), refusal!["detail"]!.GetValue<string>());
        var (bad, problem) = await IssueAsync(new { orderNumber = second, type = "SpecialVat", buyerName = "Li Wei" });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(problem!["errors"]!["buyerTaxId"]);
        var (_, next) = await IssueAsync(new { orderNumber = second, type = "SpecialVat", buyerName = "Hangzhou Sports Co", buyerTaxId = "91330100MA2B3C4D5E" });
        Assert.Equal(Sequence(invoice) + 1, Sequence(next!));

        var byNumber = await platform.WaitForAsync($"/api/billing/invoices/{invoice["number"]}", "dev-staff-key", _ => true);
        Assert.Equal(first, byNumber["orderNumber"]!.GetValue<string>());
        var byOrder = await platform.WaitForAsync($"/api/billing/invoices?orderNumber={second}", "dev-staff-key", _ => true);
        Assert.Equal(next!["number"]!.GetValue<string>(), Assert.Single(byOrder.AsArray())!["number"]!.GetValue<string>());
        await platform.WaitForAsync($"/api/orders/{first}", "dev-staff-key",
            o => o["timeline"]!.AsArray().Any(t => t!["event"]!.GetValue<string>() == "InvoiceIssued"));
    }

    [Fact]
    public async Task A_grade_A_customer_is_invoiced_by_statement_with_each_order_on_one_statement_only()
    {
        var onTerms = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        await platform.WaitForStatusAsync(onTerms, "ReadyToShip");
        var (perOrder, _) = await IssueAsync(new { orderNumber = onTerms, type = "SpecialVat", buyerName = "Zhang Min Sports", buyerTaxId = "91330100MA2B3C4D5E" });
        Assert.Equal(HttpStatusCode.Conflict, perOrder);

        var created = await platform.SendAsync(HttpMethod.Post, "/api/billing/statements", "dev-staff-key", new { customerId = "C-A001" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var statement = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Contains(statement["lines"]!.AsArray(), l => l!["orderNumber"]!.GetValue<string>() == onTerms);
        Assert.Equal(HttpStatusCode.Conflict, (await platform.SendAsync(HttpMethod.Post, "/api/billing/statements", "dev-staff-key", new { customerId = "C-A001" })).StatusCode);

        var (status, invoice) = await IssueAsync(new { statementNumber = statement["number"]!.GetValue<string>(), type = "SpecialVat", buyerName = "Zhang Min Sports", buyerTaxId = "91330100MA2B3C4D5E" });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(statement["total"]!.GetValue<decimal>(), invoice!["amount"]!.GetValue<decimal>());
        var byOrder = await platform.WaitForAsync($"/api/billing/invoices?orderNumber={onTerms}", "dev-staff-key", _ => true);
        Assert.Equal(invoice["number"]!.GetValue<string>(), Assert.Single(byOrder.AsArray())!["number"]!.GetValue<string>());
    }
}
