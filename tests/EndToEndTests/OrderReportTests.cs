using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>Intake's order KPIs, as the console's KPI page reads them: counted by the database over the period.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OrderReportTests(PlatformFixture platform)
{
    private async Task<JsonNode> ReportAsync(string query = "")
    {
        var response = await platform.SendAsync(HttpMethod.Get, $"/api/orders/reports{query}", "dev-staff-key");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static int Orders(JsonNode report, string channel) => report["ordersPerDay"]!.AsArray()
        .Where(d => d!["channel"]!.GetValue<string>() == channel).Sum(d => d!["orders"]!.GetValue<int>());

    private static int Count(JsonNode report, string measure) => report[measure]!["orders"]!.GetValue<int>();

    private static int Bucket(JsonNode report, string measure, int fromDays) => report[measure]!["buckets"]!.AsArray()
        .Single(b => b!["fromDays"]!.GetValue<int>() == fromDays)!["orders"]!.GetValue<int>();

    [Fact]
    public async Task A_web_shop_order_taken_to_completion_is_counted_on_its_day_and_channel_in_both_cycle_times_and_the_review_sla()
    {
        var before = await ReportAsync();
        var (number, _, _) = await platform.DeliveredRetailOrderAsync(new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199.00m, specification = "" });
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, $"/api/orders/{number}/receipt", "dev-web-shop-key")).StatusCode);
        var after = await ReportAsync();

        // Nothing else submits or ships orders meanwhile; earlier deliveries may be completed automatically meanwhile.
        Assert.Equal(Orders(before, "web-shop") + 1, Orders(after, "web-shop"));
        Assert.Equal(Orders(before, "phone-desk"), Orders(after, "phone-desk"));
        Assert.Equal(Count(before, "submittedToShipped") + 1, Count(after, "submittedToShipped"));
        Assert.Equal(Bucket(before, "submittedToShipped", 0) + 1, Bucket(after, "submittedToShipped", 0)); // shipped within a day
        Assert.True(Count(after, "submittedToCompleted") >= Count(before, "submittedToCompleted") + 1);
        Assert.Equal(Count(after, "submittedToCompleted"), after["submittedToCompleted"]!["buckets"]!.AsArray().Sum(b => b!["orders"]!.GetValue<int>()));
        Assert.True(after["submittedToShipped"]!["medianHours"]!.GetValue<double>() >= 0);
        // It was reviewed (confirmed): in time or late against this platform's 5-s SLA, depending on how busy the machine was.
        static int Reviewed(JsonNode r) => r["review"]!["reviewedInTime"]!.GetValue<int>() + r["review"]!["reviewedLate"]!.GetValue<int>();
        Assert.Equal(Reviewed(before) + 1, Reviewed(after));
        Assert.Equal(5.0 / 3600, after["review"]!["slaHours"]!.GetValue<double>(), 6);

        // A period with no orders counts none; a period backwards is refused naming the field.
        var empty = await ReportAsync("?from=2020-01-01&to=2020-01-31");
        Assert.Empty(empty["ordersPerDay"]!.AsArray());
        Assert.Equal(0, Count(empty, "submittedToShipped"));
        Assert.Null(empty["review"]!["compliance"]);
        var backwards = await platform.SendAsync(HttpMethod.Get, "/api/orders/reports?from=2026-02-01&to=2026-01-01", "dev-staff-key");
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("\"from\"", await backwards.Content.ReadAsStringAsync());
        // A channel may not read the company's figures.
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Get, "/api/orders/reports", "dev-web-shop-key")).StatusCode);
    }
}
