using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>A new business customer telephones the phone desk: registered, held for credit, given terms, and deactivated.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CustomerTests(PlatformFixture platform)
{
    private static object NewBusiness(string? customerId = null) => new
    {
        customerId, name = "Xihu Running Club", kind = "Business", company = "Xihu Running Club Ltd.", taxId = "91330100MA2XXXXX1",
        contact = new { name = "Chen Jie", phone = "13900000001" },
        address = new { province = "Zhejiang", city = "Hangzhou", line1 = "1 Wensan Road", postalCode = "310000" },
    };

    private async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string apiKey, object? body = null)
    {
        var response = await platform.SendAsync(method, path, apiKey, body);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task A_customer_registered_by_the_phone_desk_is_held_as_new_until_a_credit_controller_sets_terms_and_an_inactive_one_cannot_order()
    {
        var (created, customer) = await SendAsync(HttpMethod.Post, "/api/credit/customers", "dev-phone-desk-key", NewBusiness());
        Assert.Equal(HttpStatusCode.Created, created);
        var id = customer["customerId"]!.GetValue<string>();
        Assert.Matches("^C-[0-9]{6}$", id);
        Assert.True(customer["isNew"]!.GetValue<bool>());
        Assert.Equal(0m, customer["creditLimit"]!.GetValue<decimal>());

        // The first order goes on a credit hold that says why.
        var first = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder(id));
        var held = await platform.WaitForStatusAsync(first, "OnHold");
        Assert.Contains(held["timeline"]!.AsArray(), t => t!["detail"]!.GetValue<string>().Contains("New customer", StringComparison.Ordinal));

        // Only a credit controller sets terms; then orders within the limit pass.
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Put, $"/api/credit/customers/{id}/terms", "dev-phone-desk-key",
            new { grade = "B", creditLimit = 50000m, depositPercent = 30m, reason = "x" })).StatusCode);
        var (changed, terms) = await SendAsync(HttpMethod.Put, $"/api/credit/customers/{id}/terms", "dev-staff-key",
            new { grade = "B", creditLimit = 50000m, depositPercent = 30m, paymentTermsDays = 30, reason = "Bank reference checked" });
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.False(terms["isNew"]!.GetValue<bool>());
        var history = terms["history"]!.AsArray();
        Assert.Equal(["Registered", "TermsChanged"], history.Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal(("C", "B", "Bank reference checked"), (history[1]!["from"]!["grade"]!.GetValue<string>(),
            history[1]!["to"]!["grade"]!.GetValue<string>(), history[1]!["reason"]!.GetValue<string>()));
        var second = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder(id));
        await platform.WaitForAsync($"/api/orders/{second}", "dev-staff-key", o => o["status"]!.GetValue<string>() != "Submitted");
        Assert.NotEqual("OnHold", (await platform.GetOrderAsync(second))["status"]!.GetValue<string>());

        // Deactivated, never deleted: orders are refused with a clear 422.
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/credit/customers/{id}/deactivate", "dev-staff-key",
            new { reason = "Company closed" })).StatusCode);
        var refused = PlatformFixture.Request(HttpMethod.Post, "/api/orders", "dev-phone-desk-key", PlatformFixture.NewOrder(id));
        refused.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var answer = await platform.Http.SendAsync(refused);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("inactive", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_new_customer_goes_from_registration_through_a_credit_hold_to_a_delivered_order_on_the_terms_it_was_taken_under()
    {
        var (_, customer) = await SendAsync(HttpMethod.Post, "/api/credit/customers", "dev-phone-desk-key", NewBusiness());
        var id = customer["customerId"]!.GetValue<string>();
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder(id));
        await platform.WaitForStatusAsync(number, "OnHold");

        // The customer is given terms on account (grade A), but the order keeps the terms it was taken under: a new
        // customer's deposit and balance, which the customer pays before it ships.
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Put, $"/api/credit/customers/{id}/terms", "dev-staff-key",
            new { grade = "A", creditLimit = 100000m, depositPercent = 0m, paymentTermsDays = 30, reason = "Known club, references checked" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/credit/holds/{number}/approve", "dev-staff-key",
            new { reason = "Terms set today" })).StatusCode);
        var awaiting = await platform.WaitForStatusAsync(number, "AwaitingPayment");
        Assert.Equal(("C", "DepositAndBalance"), (awaiting["grade"]!.GetValue<string>(), awaiting["payment"]!["terms"]!.GetValue<string>()));
        await platform.PayAsync(number, awaiting["payment"]!["due"]!.GetValue<decimal>(), $"pay-{number}");
        await platform.WaitForStatusAsync(number, "ReadyToShip");
        var (carrier, tracking) = await platform.WaitForShipmentAsync(number);
        await platform.CarrierEventAsync(carrier, tracking, "PickedUp", $"{tracking}-p", DateTimeOffset.UtcNow);
        await platform.CarrierEventAsync(carrier, tracking, "Delivered", $"{tracking}-d", DateTimeOffset.UtcNow.AddMinutes(1));
        var delivered = await platform.WaitForDeliveredAsync(number);
        var events = delivered["timeline"]!.AsArray().Select(t => t!["event"]!.GetValue<string>()).ToList();
        var held = events.IndexOf("OnHold:Credit");
        Assert.True(held > 0 && events.FindIndex(e => e is "HoldReleased:Credit" or "CreditApproved") > held, string.Join(", ", events));
    }

    [Fact]
    public async Task A_registration_names_each_bad_field_and_a_taken_customer_id_is_409()
    {
        var (status, problem) = await SendAsync(HttpMethod.Post, "/api/credit/customers", "dev-phone-desk-key",
            new { kind = "Wholesale", contact = new { name = "" } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        foreach (var field in new[] { "name", "kind", "contact.name", "contact.phone", "address" })
            Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(HttpStatusCode.Conflict, (await platform.SendAsync(HttpMethod.Post, "/api/credit/customers", "dev-phone-desk-key",
            NewBusiness("C-A001"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Post, "/api/credit/customers", "dev-web-shop-key",
            NewBusiness())).StatusCode);
    }

    [Fact]
    public async Task The_phone_desk_finds_a_customer_by_part_of_their_name_or_phone()
    {
        var (_, found) = await SendAsync(HttpMethod.Get, "/api/credit/customers?search=ningbo", "dev-phone-desk-key");
        Assert.Contains(found.AsArray(), c => c!["customerId"]!.GetValue<string>() == "C-B001");
        var (_, byPhone) = await SendAsync(HttpMethod.Get, "/api/credit/customers?search=13800000003", "dev-phone-desk-key");
        Assert.Equal("C-C001", Assert.Single(byPhone.AsArray())!["customerId"]!.GetValue<string>());
    }
}
