using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OrderPlatform.AfterSales.Domain;
using OrderPlatform.Billing.Domain;
using OrderPlatform.Contracts;
using OrderPlatform.Logistics.Api.CarrierFormats;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.UnitTests;

public class CarrierFormatTests
{
    private static HttpRequest Request(string query = "", string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        context.Request.ContentType = contentType;
        return context.Request;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string SfPush(params (string Id, string Mailno, string Time, string OpCode, string Remark)[] routes)
        => new JsonObject
        {
            ["Body"] = new JsonObject
            {
                ["WaybillRoute"] = new JsonArray(routes.Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = r.Id, ["mailno"] = r.Mailno, ["orderid"] = "DN-1", ["acceptTime"] = r.Time, ["acceptAddress"] = "深圳市",
                    ["remark"] = r.Remark, ["opCode"] = r.OpCode,
                }).ToArray()),
            },
        }.ToJsonString();

    [Fact]
    public void An_SF_push_is_read_route_by_route_in_China_time_with_its_own_words()
    {
        var routes = new SfRoutePush().Read(Request("?token=t0k"), Utf8(SfPush(
            ("r1", "SF1", "2026-12-02 09:30:00", "50", "顺丰速运 已收取快件"),
            ("r2", "SF2", "2026-12-02 18:05:10", "8000", "已签收,签收人是:张三"),
            ("r3", "SF1", "2026-12-02 11:00:00", "607", "快件到达深圳集散中心"))), "t0k");

        Assert.Equal(["r1", "r2", "r3"], routes.Select(r => r.EventId));
        var picked = routes[0];
        Assert.Equal((ShipmentStatuses.PickedUp, "SF1", "50", "深圳市", "顺丰速运 已收取快件"), (picked.Status, picked.TrackingNumber, picked.CarrierStatus, picked.Place, picked.Detail));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 1, 30, 0, TimeSpan.Zero), picked.OccurredAt);
        Assert.Equal(TimeSpan.Zero, picked.OccurredAt.Offset);
        Assert.Equal((ShipmentStatuses.Delivered, "张三"), (routes[1].Status, routes[1].SignedBy));
        Assert.Null(routes[2].Status);
        Assert.Contains("\"opCode\":\"607\"", routes[2].Raw);
    }

    [Theory]
    [InlineData("50", "PickedUp")]
    [InlineData("30", "InTransit")]
    [InlineData("31", "InTransit")]
    [InlineData("36", "InTransit")]
    [InlineData("44", "OutForDelivery")]
    [InlineData("204", "OutForDelivery")]
    [InlineData("80", "Delivered")]
    [InlineData("8000", "Delivered")]
    [InlineData("70", "Exception")]
    [InlineData("33", "Exception")]
    [InlineData("99", "Exception")]
    [InlineData("607", null)]
    public void SF_operation_codes_mean_our_statuses(string opCode, string? status) => Assert.Equal(status, SfRoutePush.StatusOf(opCode));

    [Theory]
    [InlineData("70", "客户不在，派送失败", "DeliveryFailed")]
    [InlineData("70", "外包装破损，客户拒收", "Damaged")]
    [InlineData("33", "快件滞留", "Held")]
    [InlineData("99", "快件退回", "Returned")]
    [InlineData("70", "快件遗失", "Lost")]
    [InlineData("70", "客户拒收", "Refused")]
    [InlineData("70", "地址不详", "BadAddress")]
    public void An_SF_exception_is_named_by_its_code_and_what_the_remark_says(string opCode, string remark, string code)
        => Assert.Equal(code, SfRoutePush.ExceptionOf(opCode, remark));

    [Theory]
    [InlineData("?token=wrong")]
    [InlineData("")]
    [InlineData("?token=")]
    public void An_SF_push_without_the_right_token_is_refused_401(string query)
    {
        var refused = Assert.Throws<CarrierPushRefused>(() => new SfRoutePush().Read(Request(query), Utf8(SfPush(("r1", "SF1", "2026-12-02 09:30:00", "50", ""))), "t0k"));
        Assert.Equal(401, refused.Status);
    }

    [Fact]
    public void An_SF_push_with_a_route_it_cannot_read_is_refused_whole_naming_the_route()
    {
        var refused = Assert.Throws<CarrierPushRefused>(() => new SfRoutePush().Read(Request("?token=t"),
            Utf8(SfPush(("r1", "SF1", "2026-12-02 09:30:00", "50", ""), ("r2", "SF1", "02/12/2026", "30", ""))), "t"));
        Assert.Equal(400, refused.Status);
        Assert.Contains("WaybillRoute[1].acceptTime", refused.Message);
        Assert.Equal(400, Assert.Throws<CarrierPushRefused>(() => new SfRoutePush().Read(Request("?token=t"), Utf8("{\"Body\":{}}"), "t")).Status);
        Assert.Equal(400, Assert.Throws<CarrierPushRefused>(() => new SfRoutePush().Read(Request("?token=t"), Utf8("not json"), "t")).Status);
    }

    private static byte[] ZtoForm(string data, string digest, string msgType = "TRACE_PUSH")
        => Utf8($"data={Uri.EscapeDataString(data)}&data_digest={Uri.EscapeDataString(digest)}&msg_type={msgType}&company_id=op-dev");

    private const string Form = "application/x-www-form-urlencoded";

    [Fact]
    public void The_ZTO_digest_is_Base64_of_MD5_of_data_and_secret()
        // Computed independently: base64(md5('{"billCode":"ZTO1"}dev-carrier-ZTO-secret')).
        => Assert.Equal("8ZBhC5wpBbW7DF9Sx0IhSg==", ZtoTracePush.Digest("""{"billCode":"ZTO1"}""", "dev-carrier-ZTO-secret"));

    [Fact]
    public void A_ZTO_push_of_one_trace_or_several_is_read_with_its_signer_and_place()
    {
        var one = """{"billCode":"ZTO1","scanType":"签收","scanSite":"浦东服务部","scanCity":"上海市","scanDate":"2026-12-02 15:00:00","desc":"已签收","contacts":"李伟","contactsTel":"138"}""";
        var routes = new ZtoTracePush().Read(Request(contentType: Form), ZtoForm(one, ZtoTracePush.Digest(one, "s")), "s");
        var signed = Assert.Single(routes);
        Assert.Equal((ShipmentStatuses.Delivered, "李伟", "上海市 浦东服务部", "签收"), (signed.Status, signed.SignedBy, signed.Place, signed.CarrierStatus));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 7, 0, 0, TimeSpan.Zero), signed.OccurredAt);

        var many = """[{"billCode":"ZTO1","scanType":"收件","scanSite":"A","scanDate":"2026-12-01 10:00:00","desc":"x"},{"billCode":"ZTO2","scanType":"问题件","scanSite":"B","scanDate":"2026-12-01 11:00:00","desc":"包裹破损"},{"billCode":"ZTO2","scanType":"中转","scanSite":"C","scanDate":"2026-12-01 12:00:00"}]""";
        var read = new ZtoTracePush().Read(Request(contentType: Form), ZtoForm(many, ZtoTracePush.Digest(many, "s")), "s");
        Assert.Equal([ShipmentStatuses.PickedUp, ShipmentStatuses.Exception, null], read.Select(r => r.Status));
        Assert.Equal(DeliveryExceptionCodes.Damaged, read[1].ExceptionCode);
        Assert.Equal(3, read.Select(r => r.EventId).Distinct().Count());
    }

    [Fact]
    public void The_same_ZTO_trace_pushed_again_has_the_same_event_id()
    {
        var trace = """{"billCode":"ZTO1","scanType":"发件","scanSite":"A","scanDate":"2026-12-01 10:00:00"}""";
        var first = new ZtoTracePush().Read(Request(contentType: Form), ZtoForm(trace, ZtoTracePush.Digest(trace, "s")), "s").Single();
        var again = new ZtoTracePush().Read(Request(contentType: Form), ZtoForm(trace, ZtoTracePush.Digest(trace, "s")), "s").Single();
        Assert.Equal(first.EventId, again.EventId);
    }

    [Fact]
    public void A_ZTO_push_with_a_wrong_digest_or_message_type_is_refused()
    {
        var trace = """{"billCode":"ZTO1","scanType":"发件","scanSite":"A","scanDate":"2026-12-01 10:00:00"}""";
        Assert.Equal(401, Assert.Throws<CarrierPushRefused>(() =>
            new ZtoTracePush().Read(Request(contentType: Form), ZtoForm(trace, ZtoTracePush.Digest(trace, "guess")), "s")).Status);
        Assert.Equal(401, Assert.Throws<CarrierPushRefused>(() =>
            new ZtoTracePush().Read(Request(contentType: Form), ZtoForm(trace + " ", ZtoTracePush.Digest(trace, "s")), "s")).Status);
        Assert.Equal(400, Assert.Throws<CarrierPushRefused>(() =>
            new ZtoTracePush().Read(Request(contentType: Form), ZtoForm(trace, ZtoTracePush.Digest(trace, "s"), "OTHER"), "s")).Status);
        Assert.Equal(400, Assert.Throws<CarrierPushRefused>(() =>
            new ZtoTracePush().Read(Request(), ZtoForm(trace, ZtoTracePush.Digest(trace, "s")), "s")).Status);
    }

    [Fact]
    public void A_new_carrier_format_is_found_by_carrier_and_name()
    {
        Assert.IsType<SfRoutePush>(CarrierFormat.Find("SF", "route-push"));
        Assert.IsType<ZtoTracePush>(CarrierFormat.Find("ZTO", "trace-push"));
        Assert.Null(CarrierFormat.Find("DEPPON", "route-push"));
        Assert.Null(CarrierFormat.Find("SF", "trace-push"));
    }
}

public class CarrierClaimTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly OrderLine Balls = new("FB-PRO-5", 2, 199m, "");

    private static Case Damaged(string code = DeliveryExceptionCodes.Damaged)
        => Case.OpenDeliveryException("AS-1", "SO-1", Guid.NewGuid(), "phone-desk", "SF", "SF1", code, "box crushed", TimeSpan.FromHours(24), T0);

    [Fact]
    public void A_claim_from_a_damaged_delivery_is_the_first_response_and_an_accepted_one_is_money_due_from_the_carrier()
    {
        var c = Damaged();
        c.OpenClaim("CL-1", "agent", [Balls], 398m, "photos sent", T0.AddHours(1));
        Assert.Equal((CaseStatus.Responded, T0.AddHours(1), "CL-1"), (c.Status, c.FirstRespondedAt, c.ClaimNumber));
        Assert.Equal((ClaimStatus.Open, "SF", "SF1", 398m), (c.Claim!.Status, c.Claim.Carrier, c.Claim.TrackingNumber, c.Claim.AmountClaimed));

        var accepted = c.DecideClaim("agent", true, 300m, "depreciated", T0.AddDays(3));
        Assert.Equal(new CarrierClaimAccepted("CL-1", "AS-1", c.OrderId!.Value, "SO-1", "SF", "SF1", 398m, 300m, T0.AddDays(3)), accepted);
        Assert.Equal((ClaimStatus.Accepted, 300m), (c.Claim.Status, c.Claim.AmountAccepted));
        Assert.Throws<DomainException>(() => c.DecideClaim("agent", false, null, "changed its mind", T0.AddDays(4)));

        c.OnClaimPayment(100m, 100m, false, "SF-PAY-1", T0.AddDays(5));
        Assert.Equal((ClaimStatus.Accepted, 100m), (c.Claim.Status, c.Claim.AmountRecovered));
        c.OnClaimPayment(200m, 300m, true, "SF-PAY-2", T0.AddDays(6));
        c.OnClaimPayment(200m, 300m, true, "SF-PAY-2", T0.AddDays(6));
        Assert.Equal((ClaimStatus.Settled, 300m, T0.AddDays(6)), (c.Claim.Status, c.Claim.AmountRecovered, c.Claim.SettledAt));
        Assert.Equal(["Opened", "ClaimOpened", "ClaimAccepted", "ClaimPaymentReceived", "ClaimSettled"], c.Steps.Select(s => s.Action));
    }

    [Fact]
    public void A_refused_claim_records_the_carriers_reason_and_owes_nothing()
    {
        var c = Damaged(DeliveryExceptionCodes.Lost);
        c.OpenClaim("CL-1", "agent", [Balls], 398m, null, T0);
        Assert.Null(c.DecideClaim("agent", false, null, "signed for without remark", T0.AddDays(1)));
        Assert.Equal((ClaimStatus.Refused, "signed for without remark"), (c.Claim!.Status, c.Claim.RefusalReason));
    }

    [Fact]
    public void A_claim_is_refused_twice_over_its_value_for_a_complaint_or_for_what_the_carrier_does_not_answer_for()
    {
        var c = Damaged();
        Assert.Throws<DomainException>(() => c.OpenClaim("CL-1", "agent", [Balls], 398.01m, null, T0));
        c.OpenClaim("CL-1", "agent", [Balls], 398m, null, T0);
        Assert.Throws<DomainException>(() => c.OpenClaim("CL-2", "agent", [Balls], 10m, null, T0));
        Assert.Throws<DomainException>(() => c.DecideClaim("agent", true, 398.01m, null, T0));

        Assert.Throws<DomainException>(() => Damaged(DeliveryExceptionCodes.BadAddress).OpenClaim("CL-3", "agent", [Balls], 10m, null, T0));
        var complaint = Case.Open("AS-2", CaseKind.Complaint, "Quality", "SO-1", Guid.NewGuid(), "web-shop", "seams", "web-shop", TimeSpan.FromHours(24), T0);
        Assert.Throws<DomainException>(() => complaint.OpenClaim("CL-4", "agent", [Balls], 10m, null, T0));
    }

    [Fact]
    public void A_carriers_payment_is_recorded_once_per_reference_and_settles_the_receivable_when_it_covers_it()
    {
        var due = CarrierReceivable.From(new CarrierClaimAccepted("CL-1", "AS-1", Guid.NewGuid(), "SO-1", "SF", "SF1", 398m, 300m, T0));
        Assert.Throws<DomainException>(() => due.Receive("P0", 300.01m, "finance", T0));
        var first = due.Receive("P1", 100m, "finance", T0.AddDays(1));
        Assert.Equal(new CarrierClaimPaymentReceived("CL-1", "AS-1", 100m, 100m, false, "P1", T0.AddDays(1)), first);
        Assert.Null(due.Receive("P1", 100m, "finance", T0.AddDays(1)));
        var last = due.Receive("P2", 200m, "finance", T0.AddDays(2));
        Assert.True(last!.Settled);
        Assert.Equal((ReceivableStatus.Settled, 300m, 0m, 2), (due.Status, due.Received, due.Outstanding, due.Payments.Count));
    }
}
