using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>SF and ZTO push parcel routes in their own formats, through the gateway, as the carriers send them.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CarrierFormatTests(PlatformFixture platform)
{
    private const string SfTaken = """{"return_code":"0000","return_msg":"成功"}""";
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static string ChinaTime(DateTimeOffset at) => at.ToOffset(China).ToString("yyyy-MM-dd HH:mm:ss");

    private static JsonObject SfRoute(string id, string mailno, DateTimeOffset at, string opCode, string remark, string address = "杭州市西湖区")
        => new() { ["id"] = id, ["mailno"] = mailno, ["orderid"] = "", ["acceptTime"] = ChinaTime(at), ["acceptAddress"] = address, ["remark"] = remark, ["opCode"] = opCode };

    private async Task<(HttpStatusCode Status, string Body)> SfPushAsync(string? token, params JsonObject[] routes)
    {
        var body = new JsonObject { ["Body"] = new JsonObject { ["WaybillRoute"] = new JsonArray(routes.Select(r => (JsonNode)r.DeepClone()).ToArray()) } };
        var path = "/api/logistics/webhooks/SF/route-push" + (token is null ? "" : $"?token={Uri.EscapeDataString(token)}");
        var response = await platform.Http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonObject ZtoTrace(string billCode, string scanType, DateTimeOffset at, string desc, string? contacts = null)
        => new() { ["billCode"] = billCode, ["scanType"] = scanType, ["scanSite"] = "杭州西湖服务部", ["scanCity"] = "杭州市", ["scanDate"] = ChinaTime(at), ["desc"] = desc, ["contacts"] = contacts, ["contactsTel"] = "" };

    private async Task<(HttpStatusCode Status, JsonNode Body)> ZtoPushAsync(JsonNode data, string secret = "dev-carrier-ZTO-secret")
    {
        var text = data.ToJsonString();
        var digest = Convert.ToBase64String(MD5.HashData(Encoding.UTF8.GetBytes(text + secret)));
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["data"] = text, ["data_digest"] = digest, ["msg_type"] = "TRACE_PUSH", ["company_id"] = "op-dev",
        });
        var response = await platform.Http.PostAsync("/api/logistics/webhooks/ZTO/trace-push", form);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private async Task<(string Number, string Tracking)> ShippedWithAsync(string carrier)
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", carrier == "SF" ? "Urgent" : "Regular"));
        await platform.WaitForStatusAsync(number, "ReadyToShip");
        var (shippedWith, tracking) = await platform.WaitForShipmentAsync(number);
        Assert.Equal(carrier, shippedWith);
        return (number, tracking);
    }

    private async Task<JsonNode> TrackingAsync(string tracking)
        => JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/logistics/tracking/{tracking}", "dev-staff-key")).Content.ReadAsStringAsync())!;

    private async Task<JsonArray> UnmatchedAsync(string carrier)
        => JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/logistics/carrier-routes/unmatched?carrier={carrier}", "dev-staff-key"))
            .Content.ReadAsStringAsync())!.AsArray();

    [Fact]
    public async Task SF_route_pushes_for_several_parcels_out_of_order_and_twice_track_each_to_delivery_once()
    {
        var (first, firstTracking) = await ShippedWithAsync("SF");
        var (second, secondTracking) = await ShippedWithAsync("SF");
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);

        // One push, several parcels, newest first; a scan code that means no status; then the same push again.
        JsonObject[] push =
        [
            SfRoute($"{firstTracking}-80", firstTracking, t0.AddMinutes(20), "80", "已签收,签收人是:张三", "杭州市西湖区文三路"),
            SfRoute($"{secondTracking}-50", secondTracking, t0.AddMinutes(5), "50", "顺丰速运 已收取快件", "深圳市南山区"),
            SfRoute($"{firstTracking}-607", firstTracking, t0.AddMinutes(10), "607", "快件到达杭州中转场", "杭州市"),
            SfRoute($"{firstTracking}-50", firstTracking, t0, "50", "顺丰速运 已收取快件", "深圳市南山区"),
        ];
        var taken = await SfPushAsync("dev-carrier-SF-token", push);
        Assert.Equal((HttpStatusCode.OK, SfTaken), taken);
        Assert.Equal((HttpStatusCode.OK, SfTaken), await SfPushAsync("dev-carrier-SF-token", push));

        var delivered = await platform.WaitForDeliveredAsync(first);
        await platform.WaitForStatusAsync(second, "Shipped");
        var track = await TrackingAsync(firstTracking);
        Assert.Equal("Delivered", track["status"]!.GetValue<string>());
        var events = track["events"]!.AsArray();
        Assert.Equal(["PickedUp", "Other", "Delivered"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(["50", "607", "80"], events.Select(e => e!["carrierStatus"]!.GetValue<string>()));
        Assert.Equal("快件到达杭州中转场", events[1]!["detail"]!.GetValue<string>());
        Assert.Equal("杭州市西湖区文三路", events[2]!["place"]!.GetValue<string>());
        Assert.Contains(delivered["timeline"]!.AsArray(), t => t!["detail"]?.GetValue<string>() == "Signed by 张三");
        Assert.Equal(["PickedUp"], (await TrackingAsync(secondTracking))["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));

        // A route older than what the parcel knows is recorded but does not move it back.
        Assert.Equal((HttpStatusCode.OK, SfTaken), await SfPushAsync("dev-carrier-SF-token",
            SfRoute($"{firstTracking}-44", firstTracking, t0.AddMinutes(15), "44", "派送中", "杭州市西湖区")));
        var after = await TrackingAsync(firstTracking);
        Assert.Equal("Delivered", after["status"]!.GetValue<string>());
        Assert.Equal(["PickedUp", "Other", "OutForDelivery", "Delivered"], after["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.False(after["events"]![2]!["applied"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_SF_push_with_a_missing_or_wrong_token_is_refused_in_SFs_form_and_changes_nothing()
    {
        var (number, tracking) = await ShippedWithAsync("SF");
        var route = SfRoute($"{tracking}-50", tracking, DateTimeOffset.UtcNow, "50", "已收取快件");
        foreach (var token in new string?[] { null, "dev-carrier-SF-tokem", "dev-carrier-ZTO-secret" })
        {
            var (status, body) = await SfPushAsync(token, route);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            var answer = JsonNode.Parse(body)!;
            Assert.Equal("1000", answer["return_code"]!.GetValue<string>());
            Assert.Contains("token", answer["return_msg"]!.GetValue<string>());
        }
        var (badStatus, badBody) = await SfPushAsync("dev-carrier-SF-token", new JsonObject { ["id"] = "x", ["mailno"] = tracking, ["opCode"] = "50" });
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Contains("acceptTime", JsonNode.Parse(badBody)!["return_msg"]!.GetValue<string>());

        Assert.Empty((await TrackingAsync(tracking))["events"]!.AsArray());
        Assert.Equal("ReadyToShip", (await platform.GetOrderAsync(number))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ZTO_trace_pushes_one_or_several_out_of_order_and_repeated_track_the_parcel_to_its_signer()
    {
        var (number, tracking) = await ShippedWithAsync("ZTO");
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-30);
        var signed = ZtoTrace(tracking, "签收", t0.AddMinutes(25), "已签收，签收人：王芳", contacts: "王芳");
        var (status, answer) = await ZtoPushAsync(new JsonArray(
            ZtoTrace(tracking, "到件", t0.AddMinutes(10), "快件已到达杭州中心"),
            ZtoTrace(tracking, "收件", t0, "中通快递 已揽收"),
            ZtoTrace(tracking, "派件", t0.AddMinutes(20), "快件派送中")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(answer["status"]!.GetValue<bool>());
        Assert.Equal("0", answer["statusCode"]!.GetValue<string>());
        Assert.True((await ZtoPushAsync(signed)).Body["status"]!.GetValue<bool>());
        Assert.True((await ZtoPushAsync(signed.DeepClone())).Body["status"]!.GetValue<bool>());

        var delivered = await platform.WaitForDeliveredAsync(number);
        Assert.Contains(delivered["timeline"]!.AsArray(), t => t!["detail"]?.GetValue<string>() == "Signed by 王芳");
        var events = (await TrackingAsync(tracking))["events"]!.AsArray();
        Assert.Equal(["PickedUp", "InTransit", "OutForDelivery", "Delivered"], events.Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal(["收件", "到件", "派件", "签收"], events.Select(e => e!["carrierStatus"]!.GetValue<string>()));
        Assert.Equal("杭州市 杭州西湖服务部", events[0]!["place"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_ZTO_push_with_a_wrong_digest_is_refused_in_ZTOs_form_and_changes_nothing()
    {
        var (number, tracking) = await ShippedWithAsync("ZTO");
        var (status, answer) = await ZtoPushAsync(ZtoTrace(tracking, "签收", DateTimeOffset.UtcNow, "已签收", "王芳"), secret: "dev-carrier-ZTO-guess");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.False(answer["status"]!.GetValue<bool>());
        Assert.Contains("data_digest", answer["message"]!.GetValue<string>());
        Assert.Empty((await TrackingAsync(tracking))["events"]!.AsArray());
        Assert.Equal("ReadyToShip", (await platform.GetOrderAsync(number))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Routes_for_tracking_numbers_nobody_shipped_are_acknowledged_and_kept_for_logistics_staff()
    {
        var unknownSf = $"SF9{Random.Shared.Next(10_000_000, 99_999_999)}";
        var unknownZto = $"ZTO9{Random.Shared.Next(10_000_000, 99_999_999)}";
        Assert.Equal((HttpStatusCode.OK, SfTaken), await SfPushAsync("dev-carrier-SF-token", SfRoute($"{unknownSf}-50", unknownSf, DateTimeOffset.UtcNow, "50", "已收取快件")));
        var (status, answer) = await ZtoPushAsync(ZtoTrace(unknownZto, "收件", DateTimeOffset.UtcNow, "已揽收"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(answer["status"]!.GetValue<bool>());

        var sf = Assert.Single(await UnmatchedAsync("SF"), r => r!["trackingNumber"]!.GetValue<string>() == unknownSf)!;
        Assert.Equal(("50", "已收取快件"), (sf["carrierStatus"]!.GetValue<string>(), sf["detail"]!.GetValue<string>()));
        Assert.Single(await UnmatchedAsync("ZTO"), r => r!["trackingNumber"]!.GetValue<string>() == unknownZto);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.SendAsync(HttpMethod.Get, $"/api/logistics/tracking/{unknownSf}", "dev-staff-key")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Get, "/api/logistics/carrier-routes/unmatched", "dev-web-shop-key")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platform.Http.PostAsync("/api/logistics/webhooks/DEPPON/route-push", new StringContent("{}"))).StatusCode);
    }

    [Fact]
    public async Task A_parcel_SF_reports_damaged_ends_with_the_goods_reshipped_and_the_carriers_claim_settled()
    {
        var (number, tracking) = await ShippedWithAsync("SF");
        var t0 = DateTimeOffset.UtcNow.AddMinutes(-20);
        Assert.Equal((HttpStatusCode.OK, SfTaken), await SfPushAsync("dev-carrier-SF-token",
            SfRoute($"{tracking}-50", tracking, t0, "50", "已收取快件"),
            SfRoute($"{tracking}-70", tracking, t0.AddMinutes(10), "70", "外包装破损，客户拒收")));

        var opened = (await platform.WaitForAsync($"/api/aftersales/cases?orderNumber={number}", "dev-staff-key", n => n.AsArray().Count == 1))[0]!;
        var caseNumber = opened["caseNumber"]!.GetValue<string>();
        Assert.Equal(("DeliveryException", "SF", tracking, "Damaged"),
            (opened["kind"]!.GetValue<string>(), opened["carrier"]!.GetValue<string>(), opened["trackingNumber"]!.GetValue<string>(), opened["exceptionCode"]!.GetValue<string>()));
        Assert.Contains("外包装破损", opened["reason"]!.GetValue<string>());

        // The goods go again.
        Assert.Equal(HttpStatusCode.Accepted, (await platform.SendAsync(HttpMethod.Post, $"/api/aftersales/cases/{caseNumber}/reshipment", "dev-staff-key",
            new { message = "Box crushed; sending new balls" })).StatusCode);
        // The agent takes up the claim once Logistics has reshipped (a change to the case meanwhile would be a 409).
        await platform.WaitForAsync($"/api/aftersales/cases/{caseNumber}", "dev-staff-key", c => Steps(c).Contains("Reshipped"));

        // The claim: the channel may not open it; a bad amount is named; the agent opens it once.
        var claimPath = $"/api/aftersales/cases/{caseNumber}/claim";
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Post, claimPath, "dev-phone-desk-key", new { amount = 100m })).StatusCode);
        var tooMuch = await platform.SendAsync(HttpMethod.Post, claimPath, "dev-staff-key", new { amount = 999m, lines = new[] { new { sku = "FB-PRO-5", quantity = 2 } } });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("amount", JsonNode.Parse(await tooMuch.Content.ReadAsStringAsync())!["errors"]!.AsObject().Select(e => e.Key));
        var claimed = await platform.SendAsync(HttpMethod.Post, claimPath, "dev-staff-key",
            new { amount = 398m, lines = new[] { new { sku = "FB-PRO-5", quantity = 2 } }, note = "photos of the crushed box sent to SF" });
        Assert.Equal(HttpStatusCode.Created, claimed.StatusCode);
        var claimNumber = JsonNode.Parse(await claimed.Content.ReadAsStringAsync())!["claim"]!["claimNumber"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Conflict, (await platform.SendAsync(HttpMethod.Post, claimPath, "dev-staff-key", new { amount = 10m })).StatusCode);

        // SF accepts part of it; the money is then due from SF in Billing.
        var decision = await platform.SendAsync(HttpMethod.Post, $"{claimPath}/decision", "dev-staff-key", new { accepted = true, amount = 350m, reason = "depreciation" });
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        var due = await platform.WaitForAsync($"/api/billing/carrier-claims/{claimNumber}", "dev-staff-key", r => r["amountDue"] is not null);
        Assert.Equal(("SF", 350m, "Open"), (due["carrier"]!.GetValue<string>(), due["amountDue"]!.GetValue<decimal>(), due["status"]!.GetValue<string>()));

        // Finance records SF's payment; the same bank reference twice counts once.
        var pay = $"/api/billing/carrier-claims/{claimNumber}/payments";
        Assert.Equal(HttpStatusCode.BadRequest, (await platform.SendAsync(HttpMethod.Post, pay, "dev-staff-key", new { amount = 350.01m, reference = "SF-CMP-1" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, pay, "dev-staff-key", new { amount = 350m, reference = "SF-CMP-1" })).StatusCode);
        var again = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Post, pay, "dev-staff-key", new { amount = 350m, reference = "SF-CMP-1" })).Content.ReadAsStringAsync())!;
        Assert.Equal(("Settled", 350m), (again["status"]!.GetValue<string>(), again["received"]!.GetValue<decimal>()));
        Assert.Single(again["payments"]!.AsArray());

        var settled = await platform.WaitForAsync($"/api/aftersales/cases/{caseNumber}", "dev-staff-key",
            c => c["claim"]?["status"]?.GetValue<string>() == "Settled" && c["replacementTrackingNumber"] is not null);
        Assert.Equal(350m, settled["claim"]!["amountRecovered"]!.GetValue<decimal>());
        Assert.Equal(["Opened", "ReshipmentRequested", "Reshipped", "ClaimOpened", "ClaimAccepted", "ClaimSettled"], Steps(settled));

        var report = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/aftersales/reports", "dev-staff-key")).Content.ReadAsStringAsync())!;
        var sf = report["carrierClaims"]!["byCarrier"]!.AsArray().Single(c => c!["carrier"]!.GetValue<string>() == "SF")!;
        Assert.True(sf["amountRecovered"]!.GetValue<decimal>() >= 350m);
        Assert.True(sf["accepted"]!.GetValue<int>() >= 1);
    }

    private static string[] Steps(JsonNode c) => c["steps"]!.AsArray().Select(s => s!["action"]!.GetValue<string>()).ToArray();
}
