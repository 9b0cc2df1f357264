using System.Text;
using OrderPlatform.Gateway.Auth;
using OrderPlatform.Intake.Api;
using OrderPlatform.ServiceDefaults.Http;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.UnitTests;

public class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"eventId":"e1"}""");
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private static string? Check(string header, bool allowLegacy = false, byte[]? body = null, string secret = "dev-carrier-SF-secret")
        => WebhookSignatureHandler.Check(header, secret, body ?? Body, Now, Tolerance, allowLegacy);

    [Fact]
    public void A_body_signed_with_the_partner_secret_and_a_timestamp_within_five_minutes_either_way_is_accepted()
    {
        Assert.Null(Check(WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body, Now)));
        Assert.Null(Check(WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body, Now.AddMinutes(-4.9))));
        Assert.Null(Check(WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body, Now.AddMinutes(4.9))));
        Assert.Null(Check(WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body, Now).ToUpperInvariant().Replace("T=", "t=").Replace("V1=", "v1=")));
    }

    [Theory]
    [InlineData(-6, "old")]
    [InlineData(6, "ahead")]
    public void A_signature_more_than_five_minutes_from_now_is_refused_saying_so(double minutes, string word)
        => Assert.Contains($"s {word}", Check(WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body, Now.AddMinutes(minutes))));

    [Fact]
    public void A_timestamp_changed_after_signing_does_not_match()
    {
        var signed = WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body, Now.AddMinutes(-10));
        var restamped = $"t={Now.ToUnixTimeSeconds()},{signed.Split(',')[1]}";
        Assert.Equal("The signature does not match the body.", Check(restamped));
    }

    [Fact]
    public void During_a_secret_rotation_any_of_several_v1_signatures_may_match()
    {
        var old = WebhookSignatureHandler.Sign("old-secret", Body, Now);
        var current = WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body, Now);
        Assert.Null(Check($"{old},{current.Split(',')[1]}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("t=1,v1=00")]
    [InlineData("v1=00")]
    [InlineData("t=abc,v1=00")]
    [InlineData("t=1,t=2,v1=00")]
    [InlineData("md5=abc")]
    public void A_missing_or_malformed_signature_is_refused(string header) => Assert.NotNull(Check(header));

    [Fact]
    public void A_signature_made_with_another_secret_or_over_another_body_is_refused()
    {
        Assert.NotNull(Check(WebhookSignatureHandler.Sign("dev-carrier-ZTO-secret", Body, Now)));
        Assert.NotNull(Check(WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Body, Now), body: [.. Body, 32]));
    }

    [Fact]
    public void The_old_body_only_form_is_accepted_only_for_a_partner_configured_for_it()
    {
        var legacy = WebhookSignatureHandler.SignLegacy("dev-carrier-SF-secret", Body);
        Assert.Equal("The signature has no timestamp.", Check(legacy));
        Assert.Null(Check(legacy, allowLegacy: true));
        Assert.NotNull(Check(WebhookSignatureHandler.SignLegacy("dev-carrier-ZTO-secret", Body), allowLegacy: true));
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

public class PagingTests
{
    public enum Colour { Red, Green }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("Green", Colour.Green, true)]
    [InlineData("green", null, false)]
    [InlineData("1", null, false)]
    [InlineData("Blue", null, false)]
    public void A_status_is_one_of_the_names_exactly_and_anything_else_is_named_with_the_names(string? sent, Colour? parsed, bool valid)
    {
        var v = new Validation();
        Assert.Equal(parsed, Paging.Status<Colour>(v, sent));
        Assert.Equal(valid, v.IsValid);
        if (!valid) Assert.Equal(["must be one of Red, Green"], v.Errors["status"]);
    }

    [Fact]
    public void A_page_takes_the_default_or_at_most_500_rows_from_the_offset_and_a_negative_offset_is_named()
    {
        var rows = Enumerable.Range(0, 1000).AsQueryable();
        Assert.Equal(Enumerable.Range(0, 50), rows.Page(null, null, 50));
        Assert.Equal(Enumerable.Range(500, 500), rows.Page(10_000, 500));
        Assert.Equal([7], rows.Page(0, 7));
        var v = new Validation();
        Paging.Check(v, -1);
        Assert.Equal(["must not be negative"], v.Errors["offset"]);
    }
}
