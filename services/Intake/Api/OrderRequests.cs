using System.Text.RegularExpressions;
using OrderPlatform.Intake.Domain;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Intake.Api;

public record OrderLineRequest(string? Sku, int? Quantity, decimal? UnitPrice, string? Specification);

public record AddressRequest(string? Recipient, string? Phone, string? Province, string? City, string? Line1, string? PostalCode);

public record SubmitOrderRequest(string? CustomerId, string? OrderType, List<OrderLineRequest?>? Lines,
    AddressRequest? ShippingAddress, DateOnly? RequestedDeliveryDate, string? Notes);

public record ReasonRequest(string? Reason);

public record PriceRequest(string? Sku, decimal? UnitPrice);

/// <summary>The sales manager's approval of a price hold: why, and optionally the price to use per SKU.</summary>
public record PriceApprovalRequest(string? Reason, List<PriceRequest?>? Prices);

/// <summary>The customer's signed order confirmation is back: who signed it, and how it came (fax, e-mail, scan).</summary>
public record SignedConfirmationRequest(string? SignedBy, string? Reference);

/// <summary>The customer's answer to a shortage: <c>Wait</c>, <c>ShipAvailable</c> or <c>Cancel</c>.</summary>
public record ShortageChoiceRequest(string? Choice);

/// <summary>A change to an order: any of a new address, delivery date or lines, and why.</summary>
public record ChangeOrderRequest(AddressRequest? ShippingAddress, DateOnly? RequestedDeliveryDate, List<OrderLineRequest?>? Lines, string? Reason);

public static partial class OrderRequestValidation
{
    /// <summary>Names each missing or malformed field of a shipping address.</summary>
    public static void ValidateAddress(Validation v, AddressRequest? a)
    {
        if (a is null) { v.Add("shippingAddress", "is required"); return; }
        v.Required("shippingAddress.recipient", a.Recipient);
        if (string.IsNullOrWhiteSpace(a.Phone)) v.Add("shippingAddress.phone", "is required");
        else if (!PhonePattern().IsMatch(a.Phone)) v.Add("shippingAddress.phone", "must be a phone number (7 to 20 digits)");
        v.Required("shippingAddress.province", a.Province);
        v.Required("shippingAddress.city", a.City);
        v.Required("shippingAddress.line1", a.Line1);
        if (string.IsNullOrWhiteSpace(a.PostalCode)) v.Add("shippingAddress.postalCode", "is required");
        else if (!PostalCodePattern().IsMatch(a.PostalCode)) v.Add("shippingAddress.postalCode", "must be 6 digits");
    }

    /// <summary>Checks a change request: a reason, at least one thing to change, and each given field well formed.</summary>
    public static Validation ValidateChange(ChangeOrderRequest body, DateOnly today)
    {
        var v = new Validation();
        v.Required("reason", body.Reason);
        if (body.Reason?.Length > 1000) v.Add("reason", "must be at most 1000 characters");
        if (body.ShippingAddress is null && body.RequestedDeliveryDate is null && body.Lines is null)
            v.Add("change", "give at least one of shippingAddress, requestedDeliveryDate, lines");
        if (body.ShippingAddress is not null) ValidateAddress(v, body.ShippingAddress);
        if (body.RequestedDeliveryDate < today) v.Add("requestedDeliveryDate", "must not be in the past");
        if (body.Lines is { Count: 0 }) v.Add("lines", "at least one line is required");
        else if (body.Lines is not null)
            for (var i = 0; i < body.Lines.Count; i++)
            {
                if (body.Lines[i] is not { } line) { v.Add($"lines[{i}]", "is required"); continue; }
                ValidateSkuAndQuantity(v, $"lines[{i}]", line);
            }
        return v;
    }

    /// <summary>A price-hold approval: the prices to use, if any, each a known-good price for a SKU named once.</summary>
    public static Validation ValidatePriceApproval(PriceApprovalRequest body)
    {
        var v = new Validation();
        for (var i = 0; i < (body.Prices?.Count ?? 0); i++)
        {
            if (body.Prices![i] is not { } p) { v.Add($"prices[{i}]", "is required"); continue; }
            v.Required($"prices[{i}].sku", p.Sku);
            ValidateUnitPrice(v, $"prices[{i}].unitPrice", p.UnitPrice);
        }
        // Compared as they will be used (trimmed), so two spellings of one SKU are caught here.
        if (body.Prices?.Where(p => !string.IsNullOrWhiteSpace(p?.Sku)).GroupBy(p => p!.Sku!.Trim()).Any(g => g.Count() > 1) == true)
            v.Add("prices", "name each SKU once");
        return v;
    }

    private static void ValidateSkuAndQuantity(Validation v, string field, OrderLineRequest line)
    {
        v.Required($"{field}.sku", line.Sku);
        if (line.Quantity is null or <= 0) v.Add($"{field}.quantity", "must be a positive whole number");
    }

    private static void ValidateUnitPrice(Validation v, string field, decimal? price)
    {
        if (price is null or < 0) v.Add(field, "must be zero or more");
        else if (decimal.Round(price.Value, 2) != price) v.Add(field, "must have at most 2 decimals");
    }

    public const int MaxLines = 200;

    [GeneratedRegex(@"^\+?[0-9][0-9 -]{6,19}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[0-9]{6}$")]
    private static partial Regex PostalCodePattern();

    /// <summary>Checks every field of a new order and names each one that is missing or malformed.</summary>
    public static Validation Validate(SubmitOrderRequest body, string? idempotencyKey, DateOnly today)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(idempotencyKey)) v.Add("Idempotency-Key", "header is required");
        else if (idempotencyKey.Length > 100) v.Add("Idempotency-Key", "must be at most 100 characters");
        v.Required("customerId", body.CustomerId);
        if (body.OrderType is null || !OrderTypes.All.Contains(body.OrderType))
            v.Add("orderType", $"must be one of {string.Join(", ", OrderTypes.All)}");

        if (body.Lines is null || body.Lines.Count == 0) v.Add("lines", "at least one line is required");
        else if (body.Lines.Count > MaxLines) v.Add("lines", $"at most {MaxLines} lines");
        else
            for (var i = 0; i < body.Lines.Count; i++)
            {
                var line = body.Lines[i];
                if (line is null) { v.Add($"lines[{i}]", "is required"); continue; }
                ValidateSkuAndQuantity(v, $"lines[{i}]", line);
                if (line.Quantity > 100_000) v.Add($"lines[{i}].quantity", "must be at most 100000");
                ValidateUnitPrice(v, $"lines[{i}].unitPrice", line.UnitPrice);
                if (line.Specification?.Length > 500) v.Add($"lines[{i}].specification", "must be at most 500 characters");
            }

        ValidateAddress(v, body.ShippingAddress);

        if (body.RequestedDeliveryDate is null) v.Add("requestedDeliveryDate", "is required (yyyy-MM-dd)");
        else if (body.RequestedDeliveryDate < today) v.Add("requestedDeliveryDate", "must not be in the past");
        if (body.Notes?.Length > 2000) v.Add("notes", "must be at most 2000 characters");
        return v;
    }
}
