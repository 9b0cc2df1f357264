using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>What a security reviewer checks first: no key, secret or password in what the platform logs or traces.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SecretsTests(PlatformFixture platform)
{
    /// <summary>Every API key and webhook secret the development configuration gives the gateway.</summary>
    private static List<string> DevelopmentSecrets()
    {
        var gateway = JsonNode.Parse(File.ReadAllText(Path.Combine(PlatformFixture.FindRoot(), "gateway", "appsettings.Development.json")))!["Gateway"]!;
        var keys = gateway["ApiKeys"]!.AsObject().Select(k => k.Key);
        var secrets = gateway["Webhooks"]!.AsObject().Where(w => w.Value is JsonObject).SelectMany(w => w.Value!.AsObject().Select(s => s.Value!.GetValue<string>()));
        return [.. keys, .. secrets];
    }

    [Fact]
    public async Task No_api_key_or_webhook_secret_appears_in_a_log_line_or_a_trace_after_every_kind_of_call()
    {
        var secrets = DevelopmentSecrets();
        Assert.True(secrets.Count >= 8, string.Join(", ", secrets));
        var wrongKey = $"wrong-key-{Guid.NewGuid():N}";
        secrets.Add(wrongKey);

        // Calls of every kind that carry a key or a signature: accepted, refused, forwarded, and webhooks good and forged.
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
        var awaiting = await platform.WaitForStatusAsync(number, "AwaitingPayment");
        using (await platform.SendAsync(HttpMethod.Get, $"/api/orders/{number}", "dev-wechat-key")) { }
        using (await platform.SendAsync(HttpMethod.Get, $"/api/orders/{number}", wrongKey)) { }
        using (await platform.SendAsync(HttpMethod.Get, "/api/credit/holds", "dev-phone-desk-key")) { }
        using (await platform.PayAsync(number, 1m, $"forged-{number}", secret: "not-the-secret")) { }
        using (await platform.PayAsync(number, awaiting["total"]!.GetValue<decimal>(), $"pay-{number}")) { }
        await platform.WaitForStatusAsync(number, "ReadyToShip");

        // Telemetry is exported in batches: wait until this order's payment is in both traces and logs, then read everything.
        var (traces, logs) = await Telemetry.WaitForAsync<Tuple<string, string>>(async () =>
        {
            var t = await platform.Dashboard.GetStringAsync("/api/telemetry/traces?limit=100000");
            var l = await platform.Dashboard.GetStringAsync("/api/telemetry/logs?limit=100000");
            return t.Contains(number) && l.Contains(number) && t.Contains("webhooks/mockpay") ? Tuple.Create(t, l) : null;
        }, $"the telemetry of {number}");
        Assert.DoesNotContain(secrets, s => traces.Contains(s));
        Assert.DoesNotContain(secrets, s => logs.Contains(s));
    }
}
