using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

[Collection(PlatformCollection.Name)]
public sealed class CreditHoldTests(PlatformFixture platform)
{
    /// <summary>C-C001 has a credit limit of 20000: 100 basketballs (25900) are over it.</summary>
    private Task<string> OverLimitOrderAsync()
        => platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-C001", "Regular", new { sku = "BB-GAME-7", quantity = 100, unitPrice = 259.00m }));

    private async Task<JsonArray> HoldsAsync()
        => JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/credit/holds", "dev-staff-key")).Content.ReadAsStringAsync())!.AsArray();

    /// <summary>The platform under test allows 5 s for review (see the fixture) instead of 4 hours.</summary>
    [Fact]
    public async Task An_order_left_on_hold_past_the_review_sla_is_flagged_once_and_listed_for_staff()
    {
        var number = await OverLimitOrderAsync();
        await platform.WaitForStatusAsync(number, "OnHold");
        var listed = await platform.WaitForAsync("/api/orders?reviewOverdue=true&limit=500", "dev-staff-key",
            l => l.AsArray().Any(o => o!["orderNumber"]!.GetValue<string>() == number));
        Assert.All(listed.AsArray(), o => Assert.Contains(o!["status"]!.GetValue<string>(), new[] { "Submitted", "OnHold" }));
        var order = await platform.GetOrderAsync(number);
        var flagged = order["timeline"]!.AsArray().Where(t => t!["event"]!.GetValue<string>() == "ReviewOverdue").ToList();
        Assert.Contains("Credit hold for staff:credit", Assert.Single(flagged)!["detail"]!.GetValue<string>());
        Assert.NotNull(order["reviewOverdueAt"]);

        // Once reviewed it leaves the list.
        await platform.SendAsync(HttpMethod.Post, $"/api/credit/holds/{number}/reject", "dev-staff-key", new { reason = "no guarantee" });
        await platform.WaitForAsync("/api/orders?reviewOverdue=true&limit=500", "dev-staff-key",
            l => l.AsArray().All(o => o!["orderNumber"]!.GetValue<string>() != number));
    }

    [Fact]
    public async Task An_order_over_the_credit_limit_waits_for_the_credit_controller_who_approves_it()
    {
        var number = await OverLimitOrderAsync();
        var held = await platform.WaitForStatusAsync(number, "OnHold");
        var hold = held["holds"]!.AsArray().Single()!;
        Assert.Equal(("Credit", "staff:credit"), (hold["kind"]!.GetValue<string>(), hold["mustAct"]!.GetValue<string>()));
        Assert.Contains("Over credit limit", hold["reason"]!.GetValue<string>());
        Assert.Contains(await HoldsAsync(), h => h!["orderNumber"]!.GetValue<string>() == number);

        Assert.Equal(HttpStatusCode.BadRequest, (await platform.SendAsync(HttpMethod.Post, $"/api/credit/holds/{number}/approve", "dev-staff-key", new { reason = "" })).StatusCode);
        var approve = await platform.SendAsync(HttpMethod.Post, $"/api/credit/holds/{number}/approve", "dev-staff-key", new { reason = "director guarantees payment" });
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        var confirmed = await platform.WaitForStatusAsync(number, "AwaitingPayment");
        Assert.Empty(confirmed["holds"]!.AsArray());
        Assert.Contains(confirmed["timeline"]!.AsArray(), t => t!["event"]!.GetValue<string>() == "HoldReleased:Credit" && t["by"]!.GetValue<string>() == "dev-staff");
        Assert.DoesNotContain(await HoldsAsync(), h => h!["orderNumber"]!.GetValue<string>() == number);
        Assert.Equal(HttpStatusCode.Conflict, (await platform.SendAsync(HttpMethod.Post, $"/api/credit/holds/{number}/reject", "dev-staff-key", new { reason = "changed my mind" })).StatusCode);
    }

    [Fact]
    public async Task A_credit_controller_rejects_a_held_order_with_a_reason()
    {
        var number = await OverLimitOrderAsync();
        await platform.WaitForStatusAsync(number, "OnHold");
        var reject = await platform.SendAsync(HttpMethod.Post, $"/api/credit/holds/{number}/reject", "dev-staff-key", new { reason = "overdue invoices" });
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        var rejected = await platform.WaitForStatusAsync(number, "Rejected");
        Assert.Contains(rejected["timeline"]!.AsArray(), t => t!["detail"]!.GetValue<string>().Contains("overdue invoices"));
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Post, $"/api/credit/holds/{number}/approve", "dev-phone-desk-key", new { reason = "x" })).StatusCode);
    }
}

[Collection(PlatformCollection.Name)]
public sealed class ExposureTests(PlatformFixture platform)
{
    private async Task<decimal> ExposureAsync(string customerId)
        => JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/credit/customers/{customerId}", "dev-staff-key")).Content.ReadAsStringAsync())!["exposure"]!.GetValue<decimal>();

    [Fact]
    public async Task An_order_paid_in_full_or_cancelled_stops_counting_towards_exposure()
    {
        // C-B001: limit 100000, deposit 30 %. 200 footballs = 39800.
        var before = await ExposureAsync("C-B001");
        var paid = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-B001", "Regular", new { sku = "FB-PRO-5", quantity = 200, unitPrice = 199.00m }));
        var cancelled = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-B001", "Regular", new { sku = "FB-PRO-5", quantity = 200, unitPrice = 199.00m }));
        await platform.WaitForStatusAsync(paid, "AwaitingPayment");
        await platform.WaitForStatusAsync(cancelled, "AwaitingPayment");
        Assert.Equal(before + 79600m, await ExposureAsync("C-B001"));

        await platform.PayAsync(paid, 11940m, $"deposit-{paid}");
        await platform.PayAsync(paid, 27860m, $"balance-{paid}");
        await platform.WaitForStatusAsync(paid, "ReadyToShip");
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/orders/{cancelled}/cancel", "dev-phone-desk-key", new { reason = "duplicate order" })).StatusCode);

        await platform.WaitForAsync("/api/credit/customers/C-B001", "dev-staff-key", c => c["exposure"]!.GetValue<decimal>() == before);
    }
}
