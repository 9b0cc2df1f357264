using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.Chaos;

public enum Kind { Retail, Terms, Production, Cancelled, Returned }

/// <summary>One order of the run: what the clients did with it and what the platform must show for it afterwards.</summary>
public sealed class Order(int index, Kind kind)
{
    public int Index => index;
    public Kind Kind => kind;
    public string IdempotencyKey { get; } = $"chaos-{Guid.NewGuid():N}";
    public string? Number { get; set; }
    public string Sku { get; set; } = "";
    public int Quantity { get; set; }
    public decimal Total { get; set; }
    public decimal Paid { get; set; }
    public decimal Refunded { get; set; }
    public int ReturnedUnits { get; set; }
    public string? ReturnNumber { get; set; }
    public bool Invoiced { get; set; }
    public string? Failure { get; set; }
    public string ExpectedStatus => kind == Kind.Cancelled ? "Cancelled" : "Completed";
    public bool Ships => kind != Kind.Cancelled;
}

/// <summary>The flows of the run, each driven the way its clients drive it.</summary>
public sealed class Flows(Client client)
{
    private static readonly object Address = new
        { recipient = "Li Wei", phone = "13800000000", province = "Zhejiang", city = "Hangzhou", line1 = "1 Wensan Rd", postalCode = "310000" };

    /// <summary>The mix: 40 % retail, 20 % grade A on terms, 15 % grade B made to order, 10 % cancelled, 15 % returned.</summary>
    public static Kind KindOf(int index) => (index % 20) switch
    {
        < 8 => Kind.Retail,
        < 12 => Kind.Terms,
        < 15 => Kind.Production,
        < 17 => Kind.Cancelled,
        _ => Kind.Returned,
    };

    public async Task RunAsync(Order order)
    {
        try
        {
            switch (order.Kind)
            {
                case Kind.Retail: await RetailAsync(order, cancel: false); break;
                case Kind.Cancelled: await RetailAsync(order, cancel: true); break;
                case Kind.Returned: await RetailAsync(order, cancel: false, returnOne: true); break;
                case Kind.Terms: await TermsAsync(order); break;
                case Kind.Production: await ProductionAsync(order); break;
            }
        }
        catch (GaveUp e)
        {
            order.Failure = e.Message;
        }
        // A fault of the tool ends this order's flow, not the run: the account still shows every other order.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            order.Failure = $"the tool failed: {e.GetType().Name}: {e.Message}";
        }
    }

    private async Task SubmitAsync(Order order, string key, string customer, string type, string sku, int quantity, decimal price, string specification = "")
    {
        (order.Sku, order.Quantity, order.Total) = (sku, quantity, price * quantity);
        var body = new
        {
            customerId = customer, orderType = type, lines = new[] { new { sku, quantity, unitPrice = price, specification } },
            shippingAddress = Address, requestedDeliveryDate = DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"), notes = "",
        };
        using var response = await client.SendAsync(() =>
        {
            var request = Client.Request(HttpMethod.Post, "/api/orders", key, body);
            request.Headers.Add("Idempotency-Key", order.IdempotencyKey);
            return request;
        }, "submit order");
        if (!response.IsSuccessStatusCode) throw new GaveUp($"submit: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        order.Number = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["orderNumber"]!.GetValue<string>();
    }

    private static bool Is(JsonNode o, string status) => o["status"]!.GetValue<string>() == status;

    private Task PayAsync(Order order, decimal amount, string eventId)
    {
        order.Paid += amount;
        return client.WebhookTwiceAsync("/api/billing/webhooks/mockpay", "dev-mockpay-secret", new
            { eventId, orderNumber = order.Number, kind = "Paid", amount, currency = "CNY", occurredAt = DateTimeOffset.UtcNow }, $"payment {eventId}");
    }

    /// <summary>The carrier reports pick-up and delivery, each twice; every fourth order's reports arrive delivery first.</summary>
    private async Task DeliverAsync(Order order, string key)
    {
        var shipped = await client.WaitForOrderAsync(order.Number!, key, o => o["shipment"]?["trackingNumber"] is not null, "a tracking number");
        var carrier = shipped["shipment"]!["carrier"]!.GetValue<string>();
        var tracking = shipped["shipment"]!["trackingNumber"]!.GetValue<string>();
        var now = DateTimeOffset.UtcNow;
        var events = new[] { ("PickedUp", now.AddSeconds(-60)), ("Delivered", now) };
        if (order.Index % 4 == 0) Array.Reverse(events);
        foreach (var (type, at) in events)
            await client.WebhookTwiceAsync($"/api/logistics/webhooks/{carrier}", $"dev-carrier-{carrier}-secret", new
                { eventId = $"{tracking}-{type}", trackingNumber = tracking, type, occurredAt = at, signedBy = "Li Wei" }, $"carrier {type} {tracking}");
        await client.WaitForOrderAsync(order.Number!, key, o => Is(o, "Delivered") || Is(o, "Completed"), "Delivered");
    }

    /// <summary>The customer confirms receipt; a 409 after a lost answer is fine once the order shows Completed.</summary>
    private async Task ConfirmReceiptAsync(Order order, string key)
    {
        await client.PostAsync($"/api/orders/{order.Number}/receipt", key, null, "receipt", HttpStatusCode.Conflict);
        await client.WaitForOrderAsync(order.Number!, key, o => Is(o, "Completed"), "Completed");
    }

    /// <summary>Finance issues the order's invoice; a 409 naming the invoice already issued means an earlier attempt did it.</summary>
    private async Task InvoiceAsync(Order order)
    {
        await client.PostAsync("/api/billing/invoices", Client.Staff, new { orderNumber = order.Number, type = "Normal", buyerName = "Li Wei" },
            "invoice", HttpStatusCode.Conflict);
        order.Invoiced = true;
    }

    private async Task RetailAsync(Order order, bool cancel, bool returnOne = false)
    {
        await SubmitAsync(order, Client.Shop, "R-0001", "Regular", "FB-PRO-5", returnOne ? 2 : 1, 199.00m);
        var awaiting = await client.WaitForOrderAsync(order.Number!, Client.Shop, o => Is(o, "AwaitingPayment"), "AwaitingPayment");
        await PayAsync(order, awaiting["total"]!.GetValue<decimal>(), $"pay-{order.Number}");
        if (cancel)
        {
            await client.WaitForOrderAsync(order.Number!, Client.Shop, o => Is(o, "ReadyToShip"), "ReadyToShip");
            await client.PostAsync($"/api/orders/{order.Number}/cancel", Client.Shop, new { reason = "Customer changed their mind" }, "cancel", HttpStatusCode.Conflict);
            await client.WaitForOrderAsync(order.Number!, Client.Shop, o => Is(o, "Cancelled"), "Cancelled");
            order.Refunded = order.Paid;
            return;
        }
        await DeliverAsync(order, Client.Shop);
        await ConfirmReceiptAsync(order, Client.Shop);
        await InvoiceAsync(order);
        if (returnOne) await ReturnOneAsync(order);
    }

    private async Task TermsAsync(Order order)
    {
        await SubmitAsync(order, Client.PhoneDesk, "C-A001", "Regular", "BB-GAME-7", 1, 259.00m);
        await DeliverAsync(order, Client.PhoneDesk);
        await ConfirmReceiptAsync(order, Client.PhoneDesk);
    }

    private async Task ProductionAsync(Order order)
    {
        await SubmitAsync(order, Client.PhoneDesk, "C-B001", "Custom", "JR-TEAM-CUSTOM", 2, 129.00m, "club crest");
        var awaiting = await client.WaitForOrderAsync(order.Number!, Client.PhoneDesk, o => Is(o, "AwaitingPayment"), "AwaitingPayment (deposit)");
        await client.PostAsync($"/api/orders/{order.Number}/confirmation", Client.PhoneDesk, new { signedBy = "Wang Fang", reference = "fax" },
            "signed confirmation", HttpStatusCode.Conflict);
        var deposit = Math.Round(awaiting["total"]!.GetValue<decimal>() * 0.30m, 2, MidpointRounding.AwayFromZero);
        await PayAsync(order, deposit, $"deposit-{order.Number}");
        await client.WaitForOrderAsync(order.Number!, Client.Staff, o => Is(o, "InProduction"), "InProduction");
        // The order is InProduction as soon as Intake has both gates; ProductionScheduling releases the work order when
        // that event reaches it, which a broker restart delays. A planner reports progress on a released work order only
        // (before that the report is refused with 409, which must not be taken for "already done").
        var workOrders = await client.PollAsync($"/api/production/work-orders?orderNumber={order.Number}", Client.Staff,
            w => w.AsArray().Count > 0 && w[0]!["status"]!.GetValue<string>() != "Planned", "work order released");
        var wo = workOrders[0]!["number"]!.GetValue<string>();
        // A planner repeating a report whose answer was lost is told the work order has moved on (409).
        await client.PostAsync($"/api/production/work-orders/{wo}/progress", Client.Staff, new { quantity = order.Quantity }, "progress", HttpStatusCode.Conflict);
        await client.PostAsync($"/api/production/work-orders/{wo}/inspection", Client.Staff, new { passed = true, note = "checked" }, "inspection", HttpStatusCode.Conflict);
        await client.WaitForOrderAsync(order.Number!, Client.Staff, o => Is(o, "AwaitingPayment"), "AwaitingPayment (balance)");
        await PayAsync(order, order.Total - deposit, $"balance-{order.Number}");
        await DeliverAsync(order, Client.PhoneDesk);
        await ConfirmReceiptAsync(order, Client.PhoneDesk);
        await InvoiceAsync(order);
    }

    /// <summary>One of the two units comes back: approved, picked up by a carrier, inspected, refunded and restocked.</summary>
    private async Task ReturnOneAsync(Order order)
    {
        // 409: an earlier attempt opened it and its answer was lost (the order's returns show it), or AfterSales has not yet
        // heard that the order was delivered (its events were held up by a restart): then the customer tries again.
        var giveUp = DateTimeOffset.UtcNow + Client.GiveUpAfter;
        while (order.ReturnNumber is null)
        {
            var created = await client.PostAsync("/api/aftersales/returns", Client.Shop,
                new { orderNumber = order.Number, kind = "Return", reason = "Seam split", lines = new[] { new { sku = order.Sku, quantity = 1 } } },
                "return", HttpStatusCode.Conflict);
            order.ReturnNumber = created?["returnNumber"]?.GetValue<string>()
                ?? (await client.GetAsync($"/api/aftersales/returns?orderNumber={order.Number}", Client.Staff, "returns of the order")).AsArray()
                    .FirstOrDefault()?["returnNumber"]?.GetValue<string>();
            if (order.ReturnNumber is not null) break;
            if (DateTimeOffset.UtcNow > giveUp) throw new GaveUp($"{order.Number}: no return could be opened in {Client.GiveUpAfter.TotalMinutes:0} minutes");
            await Task.Delay(1000);
        }
        var path = $"/api/aftersales/returns/{order.ReturnNumber}";
        await client.PostAsync($"{path}/approve", Client.Staff, new { message = "Within 7 days" }, "approve return", HttpStatusCode.Conflict);
        var pickup = await client.PollAsync(path, Client.Staff, r => r["returnTrackingNumber"] is not null, "return pickup booked");
        var (carrier, tracking) = (pickup["returnCarrier"]!.GetValue<string>(), pickup["returnTrackingNumber"]!.GetValue<string>());
        await client.WebhookTwiceAsync($"/api/logistics/webhooks/{carrier}", $"dev-carrier-{carrier}-secret", new
            { eventId = $"{tracking}-in", trackingNumber = tracking, type = "Delivered", occurredAt = DateTimeOffset.UtcNow, signedBy = "WH-SH clerk" }, $"return delivered {tracking}");
        await client.PollAsync(path, Client.Staff, r => r["status"]!.GetValue<string>() == "Received", "return received");
        await client.PostAsync($"{path}/inspection", Client.Staff, new { passed = true, note = "Unused" }, "inspect return", HttpStatusCode.Conflict);
        await client.PollAsync(path, Client.Staff, r => r["status"]!.GetValue<string>() == "Completed", "return completed");
        (order.ReturnedUnits, order.Refunded) = (1, 199.00m);
    }
}
