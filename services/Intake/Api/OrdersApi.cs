using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using OrderPlatform.Contracts;
using OrderPlatform.Contracts.Grpc.Credit;
using OrderPlatform.Contracts.Grpc.Inventory;
using OrderPlatform.Intake.Data;
using OrderPlatform.Intake.Domain;
using OrderPlatform.Intake.Messaging;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Http;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Intake.Api;

public sealed class PricingOptions
{
    /// <summary>How far (in percent of the list price) an offered price may differ before the order goes on a price hold.</summary>
    public decimal TolerancePercent { get; set; } = 1m;
}

public static class OrdersApi
{
    /// <summary>
    /// How long taking an order waits for CreditReview's and Inventory's answers (retries included) before a 503: half the
    /// 20 s a channel waits, enough for the burst of orders retried at once when an Intake comes back after an outage.
    /// </summary>
    private static readonly TimeSpan AskDeadline = TimeSpan.FromSeconds(10);

    public static void MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/orders");
        api.MapPost("", Submit).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status409Conflict)
            .RequireRole("channel:web-shop", "channel:wechat", "channel:phone-desk");
        api.MapGet("", List);
        api.MapGet("feed", OrderFeed.Read);
        api.MapGet("{orderNumber}", Get);
        api.MapGet("{orderNumber}/notifications", ListNotifications);
        api.MapPost("{orderNumber}/receipt", ConfirmReceipt);
        api.MapPost("{orderNumber}/cancel", Cancel);
        api.MapPost("{orderNumber}/confirmation", RecordSignedConfirmation).RequireRole("channel:phone-desk", "staff:sales-manager");
        api.MapPost("{orderNumber}/shortage", ChooseShortageOption);
        api.MapPost("{orderNumber}/changes", RequestChange).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("{orderNumber}/price-hold/approve", ApprovePrice).RequireRole("staff:sales-manager");
        api.MapPost("{orderNumber}/price-hold/reject", RejectPrice).RequireRole("staff:sales-manager");
        api.MapPost("{orderNumber}/technical-hold/retry", RetryTechnicalCheck).RequireRole("staff:sales-manager");
    }

    public static async Task<Results<Created<OrderCreated>, Ok<OrderCreated>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitOrderRequest body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, Caller caller, IntakeDb db,
        Customers.CustomersClient customers, Catalogue.CatalogueClient catalogue, IOptions<PricingOptions> pricing,
        OrderChangeFeed changes, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var validation = OrderRequestValidation.Validate(body, idempotencyKey, DateOnly.FromDateTime(now.UtcDateTime));
        if (!validation.IsValid) return TypedResults.ValidationProblem(validation.Errors);

        var requestHash = Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body)));
        if (await ReplayAsync(db, caller.Client, idempotencyKey!, requestHash, ct) is { } replay) return replay;

        // Both questions at once: neither answer depends on the other.
        var lines = body.Lines!.Select(l => new OrderLine(l!.Sku!.Trim(), l.Quantity!.Value, l.UnitPrice!.Value, l.Specification ?? "")).ToList();
        var quoteRequest = new QuotePricesRequest { CustomerId = body.CustomerId!.Trim() };
        quoteRequest.Skus.AddRange(lines.Select(l => l.Sku).Distinct());
        using var asking = customers.GetCustomerAsync(new GetCustomerRequest { CustomerId = body.CustomerId },
            deadline: DateTime.UtcNow.Add(AskDeadline), cancellationToken: ct);
        using var quoting = catalogue.QuotePricesAsync(quoteRequest, deadline: DateTime.UtcNow.Add(AskDeadline), cancellationToken: ct);
        await Task.WhenAll(asking.ResponseAsync, quoting.ResponseAsync);
        var (customer, quote) = (asking.ResponseAsync.Result, quoting.ResponseAsync.Result);
        if (!customer.Found || !customer.Active)
            return Unprocessable("customerId", $"unknown or inactive customer {body.CustomerId}");

        var unknown = lines.Select((l, i) => (l, i)).Where(x => quote.Prices.Any(p => p.Sku == x.l.Sku && !p.Known)).ToList();
        if (unknown.Count > 0)
            return Problems.Unprocessable("Unknown products", unknown.ToDictionary(x => $"lines[{x.i}].sku", x => new[] { $"unknown SKU {x.l.Sku}" }));

        var tolerance = pricing.Value.TolerancePercent / 100m;
        // Checked against the customer's agreed price where one is in force, else the list price in force now.
        var listPrices = quote.Prices.ToDictionary(p => p.Sku,
            p => decimal.Parse(p.AgreedPrice is { Length: > 0 } agreed ? agreed : p.ListPrice, CultureInfo.InvariantCulture));
        var mismatches = lines.Select(l => (Line: l, ListPrice: listPrices[l.Sku]))
            .Where(x => Math.Abs(x.Line.UnitPrice - x.ListPrice) > x.ListPrice * tolerance)
            .Select(x => new PriceMismatch(x.Line.Sku, x.Line.UnitPrice, x.ListPrice)).ToList();

        var a = body.ShippingAddress!;
        var order = Order.Submit(await db.NextOrderNumberAsync(now, ct), caller.Channel!, caller.Client,
            new CustomerSnapshot(customer.CustomerId, customer.Name, customer.Kind, customer.Grade, customer.PaymentTerms,
                decimal.Parse(customer.DepositPercent, CultureInfo.InvariantCulture)),
            body.OrderType!, lines, new Address(a.Recipient!, a.Phone!, a.Province!, a.City!, a.Line1!, a.PostalCode!),
            body.RequestedDeliveryDate!.Value, body.Notes, mismatches, now);
        db.Orders.Add(order);
        db.IdempotencyRecords.Add(new IdempotencyRecord
            { Client = caller.Client, Key = idempotencyKey!, RequestHash = requestHash, OrderNumber = order.OrderNumber, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: "23505" })
        {
            // The same request arrived twice at once and the other copy won: answer as its retry.
            db.ChangeTracker.Clear();
            if (await ReplayAsync(db, caller.Client, idempotencyKey!, requestHash, ct) is { } winner) return winner;
            throw;
        }
        changes.Changed(order.OrderNumber);
        return TypedResults.Created($"/api/orders/{order.OrderNumber}", new OrderCreated(order.OrderNumber, order.Status.ToString()));
    }

    /// <summary>The answer for a request seen before: the same order (200), or 409 if the key came with another body.</summary>
    private static async Task<Results<Created<OrderCreated>, Ok<OrderCreated>, ValidationProblem, ProblemHttpResult>?> ReplayAsync(
        IntakeDb db, string client, string key, string requestHash, CancellationToken ct)
    {
        var seen = await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Client == client && r.Key == key, ct);
        if (seen is null) return null;
        if (seen.RequestHash != requestHash)
            return Problems.InvalidState("Idempotency-Key reused",
                $"This Idempotency-Key was already used for order {seen.OrderNumber} with a different body.");
        var status = await db.Orders.Where(o => o.OrderNumber == seen.OrderNumber).Select(o => o.Status).SingleAsync(ct);
        return TypedResults.Ok(new OrderCreated(seen.OrderNumber, status.ToString()));
    }

    private static ProblemHttpResult Unprocessable(string field, string message)
        => Problems.Unprocessable("The request refers to something that does not exist", new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Staff see every order; a channel sees only the orders it placed (others are 404, not 403).</summary>
    private static bool MaySee(Caller caller, string channel) => caller.IsStaff || channel == caller.Channel;

    private static async Task<Order?> FindAsync(IntakeDb db, string orderNumber, Caller caller, CancellationToken ct)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.OrderNumber == orderNumber, ct);
        return order is not null && MaySee(caller, order.Channel) ? order : null;
    }

    /// <summary>Longest a request may wait for a change; the gateway gives up on a service after 10 s.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The order, its lines, payment, shipment and timeline, with its version as <c>ETag</c>. With <c>If-None-Match</c>
    /// naming the current version the answer is 304 Not Modified; adding <c>Prefer: wait=N</c> (seconds, at most 5)
    /// holds the request until the order changes or the time is up, so a shop waiting for the payment page or the
    /// tracking number asks once per change instead of polling.
    /// </summary>
    public static async Task<Results<Ok<OrderView>, NotFound, StatusCodeHttpResult>> Get(string orderNumber, Caller caller,
        IntakeDb db, OrderChangeFeed changes, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var known = http.Request.GetTypedHeaders().IfNoneMatch;
        var wait = known.Count > 0 ? RequestedWait(http.Request.Headers["Prefer"]) : TimeSpan.Zero;
        var deadline = clock.GetUtcNow() + wait;
        while (true)
        {
            var nextChange = wait > TimeSpan.Zero ? changes.NextChange(orderNumber) : null;
            // A conditional ask mostly finds the order unchanged: its version alone answers that, without the timeline.
            var version = known.Count > 0 ? await VersionAsync(db, orderNumber, caller, ct) : null;
            if (known.Count > 0 && version is null) return TypedResults.NotFound();
            if (version is null || !Matches(known, version))
            {
                var order = await ReadAsync(db, orderNumber, caller, ct);
                if (order is null) return TypedResults.NotFound();
                version = Tag(order.Version);
                if (!Matches(known, version)) return Answer(http, version, wait, TypedResults.Ok(OrderView.From(order, order.Timeline)));
            }
            var left = deadline - clock.GetUtcNow();
            if (nextChange is null || left <= TimeSpan.Zero)
                return Answer(http, version, wait, TypedResults.StatusCode(StatusCodes.Status304NotModified));
            var reRead = changes.ReRead;
            try { await nextChange.WaitAsync(left < reRead ? left : reRead, ct); }
            catch (TimeoutException) { changes.Forget(orderNumber, nextChange); }
        }
    }

    private static EntityTagHeaderValue Tag(uint version) => new($"\"{version}\"");

    private static bool Matches(IList<EntityTagHeaderValue> known, EntityTagHeaderValue current)
        => known.Any(k => k.Equals(EntityTagHeaderValue.Any) || k.Compare(current, useStrongComparison: false));

    private static T Answer<T>(HttpContext http, EntityTagHeaderValue version, TimeSpan wait, T result)
    {
        http.Response.GetTypedHeaders().ETag = version;
        ApplyWait(http.Response, wait);
        return result;
    }

    /// <summary>The order's version as its <c>ETag</c>, or null when there is no such order for this caller.</summary>
    private static async Task<EntityTagHeaderValue?> VersionAsync(IntakeDb db, string orderNumber, Caller caller, CancellationToken ct)
    {
        var head = await db.Orders.AsNoTracking().Where(o => o.OrderNumber == orderNumber)
            .Select(o => new { o.Channel, o.Version }).SingleOrDefaultAsync(ct);
        return head is not null && MaySee(caller, head.Channel) ? Tag(head.Version) : null;
    }

    /// <summary>Tells the client its <c>wait</c> preference was honoured (<c>Preference-Applied</c>), if it asked for one.</summary>
    public static void ApplyWait(HttpResponse response, TimeSpan wait)
    {
        if (wait > TimeSpan.Zero) response.Headers["Preference-Applied"] = $"wait={wait.TotalSeconds:0}";
    }

    /// <summary>The <c>wait</c> preference of RFC 7240 in whole seconds, capped at <see cref="MaxWait"/>; none or malformed: no wait.</summary>
    public static TimeSpan RequestedWait(StringValues prefer)
    {
        foreach (var preference in prefer.SelectMany(v => (v ?? "").Split(',', ';')))
        {
            var (name, value) = preference.Split('=', 2) is [var n, var v] ? (n.Trim(), v.Trim()) : ("", "");
            if (name.Equals("wait", StringComparison.OrdinalIgnoreCase) && int.TryParse(value, out var seconds) && seconds > 0)
                return TimeSpan.FromSeconds(Math.Min(seconds, MaxWait.TotalSeconds));
        }
        return TimeSpan.Zero;
    }

    /// <summary>One statement reads the order and its timeline, so the view is never half before and half after a change.</summary>
    private static async Task<Order?> ReadAsync(IntakeDb db, string orderNumber, Caller caller, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().AsSingleQuery().Include(o => o.Timeline).SingleOrDefaultAsync(o => o.OrderNumber == orderNumber, ct);
        return order is not null && MaySee(caller, order.Channel) ? order : null;
    }

    public static async Task<Results<Ok<List<NotificationResponse>>, NotFound>> ListNotifications(string orderNumber, Caller caller, IntakeDb db, CancellationToken ct)
    {
        var order = await FindAsync(db, orderNumber, caller, ct);
        if (order is null) return TypedResults.NotFound();
        return TypedResults.Ok((await db.Notifications.AsNoTracking().Where(n => n.OrderId == order.Id).OrderBy(n => n.CreatedAt).ToListAsync(ct))
            .ConvertAll(NotificationResponse.From));
    }

    /// <summary>
    /// Orders, newest first, filtered and paged in the database: by number (its beginning), customer, channel, status, the
    /// kind of hold waiting on them, and the China-time dates they were submitted on (<c>from</c> to <c>to</c>, both
    /// included); <c>limit</c> per page (at most 500) from <c>offset</c>. <c>reviewOverdue=true</c>: those still under review
    /// past the 4-hour review SLA, oldest first. A channel sees its own orders only.
    /// </summary>
    public static async Task<Results<Ok<List<OrderSummary>>, ValidationProblem>> List(Caller caller, IntakeDb db, string? status, string? customerId,
        string? channel, string? number, string? hold, DateOnly? from, DateOnly? to, bool? reviewOverdue, int? limit, int? offset, CancellationToken ct)
    {
        var v = new Validation();
        OrderStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.GetNames<OrderStatus>().FirstOrDefault(n => n.Equals(status, StringComparison.OrdinalIgnoreCase)) is { } name) wanted = Enum.Parse<OrderStatus>(name);
            else v.Add("status", $"must be one of {string.Join(", ", Enum.GetNames<OrderStatus>())}");
        }
        if (!string.IsNullOrEmpty(hold) && !HoldKinds.All.Contains(hold)) v.Add("hold", $"must be one of {string.Join(", ", HoldKinds.All)}");
        if (from > to) v.Add("to", "must not be before from");
        Paging.Check(v, offset);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);

        // A hold is an element of the holds jsonb array: containment (@>) finds it.
        var query = (string.IsNullOrEmpty(hold)
            ? db.Orders
            : db.Orders.FromSql($"SELECT *, xmin FROM orders WHERE holds @> {JsonSerializer.Serialize(new[] { new { kind = hold } })}::jsonb")).AsNoTracking();
        if (!caller.IsStaff) query = query.Where(o => o.Channel == caller.Channel);
        if (wanted is { } s) query = query.Where(o => o.Status == s);
        if (!string.IsNullOrWhiteSpace(customerId)) query = query.Where(o => o.CustomerId == customerId.Trim());
        if (!string.IsNullOrWhiteSpace(channel)) query = query.Where(o => o.Channel == channel.Trim());
        if (!string.IsNullOrWhiteSpace(number)) query = query.Where(o => o.OrderNumber.StartsWith(number.Trim().ToUpperInvariant()));
        query = query.OnChinaDays(o => o.SubmittedAt, from, to);
        query = reviewOverdue == true
            ? query.Where(o => o.ReviewOverdueAt != null && (o.Status == OrderStatus.Submitted || o.Status == OrderStatus.OnHold))
                .OrderBy(o => o.SubmittedAt).ThenBy(o => o.OrderNumber)
            : query.OrderByDescending(o => o.SubmittedAt).ThenByDescending(o => o.OrderNumber);
        var rows = await query.Page(limit, offset, 50)
            .Select(o => new OrderSummary(o.OrderNumber, o.Status.ToString(), o.CustomerId, o.Channel, o.Total, o.SubmittedAt, o.ReviewOverdueAt, o.Holds))
            .ToListAsync(ct);
        return TypedResults.Ok(rows);
    }

    public static Task<Results<Ok<OrderView>, NotFound, ValidationProblem>> ConfirmReceipt(string orderNumber, Caller caller,
        IntakeDb db, OrderChangeFeed changes, TimeProvider clock, CancellationToken ct)
        => ChangeAsync(orderNumber, caller, db, changes, ct, null, (o, _) => o.ConfirmReceipt(caller.Client, clock.GetUtcNow()));

    public static Task<Results<Ok<OrderView>, NotFound, ValidationProblem>> Cancel(string orderNumber, ReasonRequest body,
        Caller caller, IntakeDb db, OrderChangeFeed changes, TimeProvider clock, CancellationToken ct)
        => ChangeAsync(orderNumber, caller, db, changes, ct, body, (o, reason) => o.Cancel(caller.Client, reason!, clock.GetUtcNow()));

    /// <summary>Records the signed order confirmation; late, it slips the promised date; with the deposit it releases production (B/C).</summary>
    public static async Task<Results<Ok<OrderView>, NotFound, ValidationProblem>> RecordSignedConfirmation(string orderNumber,
        SignedConfirmationRequest body, Caller caller, IntakeDb db, OrderChangeFeed changes, IOptions<ReceiptOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("signedBy", body.SignedBy);
        if (body.SignedBy?.Length > 200) v.Add("signedBy", "must be at most 200 characters");
        if (body.Reference?.Length > 200) v.Add("reference", "must be at most 200 characters");
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var signedBy = body.SignedBy!.Trim() + (string.IsNullOrWhiteSpace(body.Reference) ? "" : $" ({body.Reference.Trim()})");
        return await ChangeAsync(orderNumber, caller, db, changes, ct, null,
            (o, _) => o.RecordSignedConfirmation(signedBy, caller.Client, options.Value.SignedConfirmationDue, clock.GetUtcNow()));
    }

    /// <summary>The customer's choice for a short order: wait for the goods, ship the part in stock, or cancel.</summary>
    public static async Task<Results<Ok<OrderView>, NotFound, ValidationProblem>> ChooseShortageOption(string orderNumber,
        ShortageChoiceRequest body, Caller caller, IntakeDb db, OrderChangeFeed changes, TimeProvider clock, CancellationToken ct)
    {
        if (!ShortageChoices.All.Contains(body.Choice))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["choice"] = [$"must be one of {string.Join(", ", ShortageChoices.All)}"] });
        return await ChangeAsync(orderNumber, caller, db, changes, ct, null, (o, _) => o.ChooseShortageOption(body.Choice!, caller.Client, clock.GetUtcNow()));
    }

    /// <summary>
    /// A change (address, delivery date, lines) with its reason: 200 with the changed order, or 409 naming why it
    /// is refused. Either way the request stays in the timeline.
    /// </summary>
    public static async Task<Results<Ok<OrderView>, NotFound, ValidationProblem, ProblemHttpResult>> RequestChange(string orderNumber,
        ChangeOrderRequest body, Caller caller, IntakeDb db, OrderChangeFeed changes, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var v = OrderRequestValidation.ValidateChange(body, ChinaTime.DateOf(now));
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var a = body.ShippingAddress;
        var address = a is null ? null : new Address(a.Recipient!.Trim(), a.Phone!.Trim(), a.Province!.Trim(), a.City!.Trim(), a.Line1!.Trim(), a.PostalCode!.Trim());
        var lines = body.Lines?.Select(l => new OrderLine(l!.Sku!.Trim(), l.Quantity!.Value, l.UnitPrice ?? 0m, l.Specification ?? "")).ToList();
        string? refusal = null;
        var result = await ChangeAsync(orderNumber, caller, db, changes, ct, null,
            (o, _) => refusal = o.RequestChange(address, body.RequestedDeliveryDate, lines, caller.Client, body.Reason!.Trim(), now));
        if (result.Result is not Ok<OrderView> ok) return (NotFound)result.Result;
        return refusal is null ? ok : Problems.InvalidState("Change refused", refusal);
    }

    /// <summary>Approves a price hold with a reason, optionally setting the price to use per SKU (<c>prices: [{sku, unitPrice}]</c>).</summary>
    public static async Task<Results<Ok<OrderView>, NotFound, ValidationProblem>> ApprovePrice(string orderNumber, PriceApprovalRequest body,
        Caller caller, IntakeDb db, OrderChangeFeed changes, TimeProvider clock, CancellationToken ct)
    {
        var v = OrderRequestValidation.ValidatePriceApproval(body);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var prices = body.Prices?.ToDictionary(p => p!.Sku!.Trim(), p => p!.UnitPrice!.Value);
        return await ChangeAsync(orderNumber, caller, db, changes, ct, new ReasonRequest(body.Reason),
            (o, reason) => o.ApprovePriceHold(caller.Client, reason!, clock.GetUtcNow(), prices));
    }

    public static Task<Results<Ok<OrderView>, NotFound, ValidationProblem>> RetryTechnicalCheck(string orderNumber, ReasonRequest body,
        Caller caller, IntakeDb db, OrderChangeFeed changes, TimeProvider clock, CancellationToken ct)
        => ChangeAsync(orderNumber, caller, db, changes, ct, body, (o, reason) => o.RetryTechnicalCheck(caller.Client, reason!, clock.GetUtcNow()));

    public static Task<Results<Ok<OrderView>, NotFound, ValidationProblem>> RejectPrice(string orderNumber, ReasonRequest body,
        Caller caller, IntakeDb db, OrderChangeFeed changes, TimeProvider clock, CancellationToken ct)
        => ChangeAsync(orderNumber, caller, db, changes, ct, body, (o, reason) => o.RejectPriceHold(caller.Client, reason!, clock.GetUtcNow()));

    /// <summary>Loads the order the caller may see, applies a command (which may refuse with 409), saves, returns the order.</summary>
    private static async Task<Results<Ok<OrderView>, NotFound, ValidationProblem>> ChangeAsync(string orderNumber, Caller caller,
        IntakeDb db, OrderChangeFeed changes, CancellationToken ct, ReasonRequest? reason, Action<Order, string?> command)
    {
        if (reason is not null && string.IsNullOrWhiteSpace(reason.Reason))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["is required"] });
        for (var attempt = 1; ; attempt++)
        {
            var order = await FindAsync(db, orderNumber, caller, ct);
            if (order is null) return TypedResults.NotFound();
            command(order, reason?.Reason?.Trim());
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // An event for this order was applied meanwhile: decide again on the fresh state.
                db.ChangeTracker.Clear();
            }
        }
        changes.Changed(orderNumber);
        return await ReadAsync(db, orderNumber, caller, ct) is { } changed ? TypedResults.Ok(OrderView.From(changed, changed.Timeline)) : TypedResults.NotFound();
    }
}
