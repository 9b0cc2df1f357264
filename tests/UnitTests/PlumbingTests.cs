using System.Text;
using OrderPlatform.Gateway.Auth;
using OrderPlatform.Intake.Api;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.UnitTests;

public class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"eventId":"e1"}""");

    [Fact]
    public void A_body_signed_with_the_partner_secret_is_accepted_in_either_hex_case()
    {
        var header = WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body);
        Assert.True(WebhookSignatureHandler.IsValid(header, "dev-carrier-SF-secret", Body));
        Assert.True(WebhookSignatureHandler.IsValid("sha256=" + header[7..].ToUpperInvariant(), "dev-carrier-SF-secret", Body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256=00")]
    [InlineData("md5=abc")]
    public void A_missing_or_forged_signature_is_refused(string header)
        => Assert.False(WebhookSignatureHandler.IsValid(header, "dev-carrier-SF-secret", Body));

    [Fact]
    public void A_signature_made_with_another_secret_or_over_another_body_is_refused()
    {
        var header = WebhookSignatureHandler.Sign("dev-carrier-ZTO-secret", Body);
        Assert.False(WebhookSignatureHandler.IsValid(header, "dev-carrier-SF-secret", Body));
        Assert.False(WebhookSignatureHandler.IsValid(WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body), "dev-carrier-SF-secret", [.. Body, 32]));
    }
}

public class OrderRequestValidationTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    private static SubmitOrderRequest Valid() => new("R-0001", "Regular", [new OrderLineRequest("FB-PRO-5", 1, 199m, null)],
        new AddressRequest("Li Wei", "13800000000", "Zhejiang", "Hangzhou", "1 Wensan Rd", "310000"), Today.AddDays(3), null);

    [Fact]
    public void A_complete_order_is_valid()
        => Assert.True(OrderRequestValidation.Validate(Valid(), "key-1", Today).IsValid);

    [Fact]
    public void Each_bad_field_is_named()
    {
        var body = Valid() with
        {
            CustomerId = " ", OrderType = "Soon", Lines = [new OrderLineRequest("", 0, 1.234m, null)],
            ShippingAddress = new AddressRequest("", "x", "", "", "", "1"), RequestedDeliveryDate = Today.AddDays(-1),
        };
        var errors = OrderRequestValidation.Validate(body, null, Today).Errors;
        Assert.Equal(
            new[] { "Idempotency-Key", "customerId", "orderType", "lines[0].sku", "lines[0].quantity", "lines[0].unitPrice",
                "shippingAddress.recipient", "shippingAddress.phone", "shippingAddress.province", "shippingAddress.city",
                "shippingAddress.line1", "shippingAddress.postalCode", "requestedDeliveryDate" }.Order(),
            errors.Keys.Order());
    }

    [Fact]
    public void A_price_approval_names_each_bad_price_and_one_SKU_given_twice_even_spelled_with_spaces()
    {
        var errors = OrderRequestValidation.ValidatePriceApproval(new PriceApprovalRequest("ok",
            [new PriceRequest("FB-PRO-5", 180m), new PriceRequest(" FB-PRO-5 ", 170m), new PriceRequest("", -1m), null])).Errors;
        Assert.Equal(new[] { "prices", "prices[2].sku", "prices[2].unitPrice", "prices[3]" }.Order(), errors.Keys.Order());
        Assert.True(OrderRequestValidation.ValidatePriceApproval(new PriceApprovalRequest("ok", null)).IsValid);
    }

    [Fact]
    public void An_order_without_lines_or_address_is_invalid()
    {
        var errors = OrderRequestValidation.Validate(Valid() with { Lines = [], ShippingAddress = null }, "k", Today).Errors;
        Assert.Contains("lines", errors.Keys);
        Assert.Contains("shippingAddress", errors.Keys);
    }
}

public class SnakeCaseTests
{
    [Theory]
    [InlineData("OrderNumber", "order_number")]
    [InlineData("xmin", "xmin")]
    [InlineData("SKUWeight", "sku_weight")]
    [InlineData("Line1", "line1")]
    public void Names_become_snake_case(string name, string expected) => Assert.Equal(expected, ServiceDbContext.SnakeCase(name));
}

public class ReportPeriodTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_period_defaults_to_the_last_30_days_and_covers_whole_utc_days()
    {
        var period = OrderPlatform.ServiceDefaults.Http.ReportPeriod.Parse(null, null, Now, out var errors)!;
        Assert.Null(errors);
        Assert.Equal((new DateOnly(2026, 10, 24), new DateOnly(2026, 11, 22), 30), (period.From, period.To, period.Days));
        Assert.Equal((new DateTimeOffset(2026, 10, 24, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero)), (period.Start, period.End));
    }

    [Fact]
    public void A_period_that_ends_before_it_starts_names_the_bad_field()
    {
        Assert.Null(OrderPlatform.ServiceDefaults.Http.ReportPeriod.Parse(new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 1), Now, out var errors));
        Assert.Equal(["from"], errors!.Keys);
    }
}
