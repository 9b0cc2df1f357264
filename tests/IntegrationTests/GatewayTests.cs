using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using OrderPlatform.Gateway.Auth;

namespace OrderPlatform.IntegrationTests;

/// <summary>A stand-in service behind the gateway: it answers every request with what it received.</summary>
public sealed class EchoBackend : IAsyncLifetime
{
    private WebApplication _app = null!;
    public string Address { get; private set; } = "";
    public int Calls;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(async context =>
        {
            // The gateway's active health checks probe /health: not a forwarded request.
            if (context.Request.Path == "/health") { await context.Response.WriteAsync("Healthy"); return; }
            Interlocked.Increment(ref Calls);
            if (context.Request.Path.Value!.EndsWith("/unavailable", StringComparison.Ordinal)) { context.Response.StatusCode = 503; return; }
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            await context.Response.WriteAsJsonAsync(new
            {
                Path = context.Request.Path.Value + context.Request.QueryString.Value,
                Headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                Body = body,
            });
        });
        await _app.StartAsync();
        Address = _app.Urls.Single();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}

public sealed record Echo(string Path, Dictionary<string, string> Headers, string Body);

public sealed class GatewayTests : IClassFixture<EchoBackend>, IDisposable
{
    private readonly EchoBackend _backend;
    private readonly WebApplicationFactory<Program> _factory;

    public GatewayTests(EchoBackend backend)
    {
        _backend = backend;
        _factory = NewGateway(backend.Address, new()
        {
            ["Gateway:RateLimit:PermitsPerSecond"] = "10",
            ["Gateway:RateLimit:Burst"] = "5",
            ["Gateway:ApiKeys:tiny-key:Client"] = "tiny",
            ["Gateway:ApiKeys:tiny-key:Roles:0"] = "channel:web-shop",
        });
    }

    /// <summary>A gateway in process whose every cluster is <paramref name="backend"/>, with <paramref name="settings"/> added.</summary>
    public static WebApplicationFactory<Program> NewGateway(string backend, Dictionary<string, string?> settings, string? redis = null)
        => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Development");
            // Read while the application is built (Aspire's Redis client), so given as a host setting.
            if (redis is not null) b.UseSetting("ConnectionStrings:redis", redis);
            string[] clusters = ["intake", "credit-review", "logistics", "billing", "inventory", "production-scheduling", "after-sales", "console"];
            var all = new Dictionary<string, string?>(settings) { ["Gateway:InternalToken"] = "internal-token" };
            foreach (var cluster in clusters) all[$"ReverseProxy:Clusters:{cluster}:Destinations:{cluster}:Address"] = backend;
            b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(all));
        });

    public void Dispose() => _factory.Dispose();

    private HttpClient Client(string? apiKey = null)
    {
        var client = _factory.CreateClient();
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    [Fact]
    public async Task A_request_without_an_api_key_is_401_problem_details_and_never_forwarded()
    {
        var before = _backend.Calls;
        var response = await Client().GetAsync("/api/orders/SO-1");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, _backend.Calls);
    }

    [Fact]
    public async Task An_unknown_api_key_is_401()
        => Assert.Equal(HttpStatusCode.Unauthorized, (await Client("no-such-key").GetAsync("/api/orders")).StatusCode);

    [Fact]
    public async Task A_channel_key_on_a_staff_route_is_403()
        => Assert.Equal(HttpStatusCode.Forbidden, (await Client("dev-web-shop-key").GetAsync("/api/credit/holds")).StatusCode);

    /// <summary>A gateway as it would start on a server: Production, with only what <paramref name="settings"/> configure.</summary>
    private static WebApplicationFactory<Program> ProductionGateway(Dictionary<string, string?> settings)
        => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(settings));
        });

    [Fact]
    public void In_production_without_configured_keys_the_gateway_refuses_to_start()
    {
        using var gateway = ProductionGateway(new() { ["Gateway:InternalToken"] = "internal-token" });
        var refused = Assert.Throws<InvalidOperationException>(() => gateway.CreateClient());
        Assert.Contains("Gateway:ApiKeys is empty", refused.Message);
        using var tokenless = ProductionGateway(new() { ["Gateway:ApiKeys:prod-key:Client"] = "shop", ["Gateway:ApiKeys:prod-key:Roles:0"] = "channel:web-shop" });
        Assert.Contains("Gateway:InternalToken", Assert.Throws<InvalidOperationException>(() => tokenless.CreateClient()).Message);
    }

    [Fact]
    public async Task In_production_the_development_keys_and_webhook_secrets_do_not_exist()
    {
        using var gateway = ProductionGateway(new()
        {
            ["Gateway:InternalToken"] = "internal-token", ["Gateway:ApiKeys:prod-key:Client"] = "shop", ["Gateway:ApiKeys:prod-key:Roles:0"] = "channel:web-shop",
        });
        var client = gateway.CreateClient();
        foreach (var key in new[] { "dev-web-shop-key", "dev-wechat-key", "dev-phone-desk-key", "dev-staff-key" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/orders");
            request.Headers.Add("X-Api-Key", key);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        }
        var body = """{"eventId":"e-prod"}""";
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "/api/billing/webhooks/mockpay") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        webhook.Headers.Add("X-Signature", WebhookSignatureHandler.Sign("dev-mockpay-secret", Encoding.UTF8.GetBytes(body), DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(webhook)).StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_key()
        => Assert.Equal(HttpStatusCode.OK, (await Client().GetAsync("/health")).StatusCode);

    [Fact]
    public async Task A_forwarded_request_carries_the_authenticated_client_and_not_the_callers_own_identity_headers()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders?x=1") { Content = JsonContent.Create(new { a = 1 }) };
        request.Headers.Add("X-Api-Key", "dev-wechat-key");
        request.Headers.Add("X-OP-Client", "dev-staff");
        request.Headers.Add("X-OP-Roles", "staff:finance");
        request.Headers.Add("X-Correlation-Id", "corr-123");
        var response = await Client().SendAsync(request);
        var echo = (await response.Content.ReadFromJsonAsync<Echo>())!;

        Assert.Equal("/api/orders?x=1", echo.Path);
        Assert.Equal("wechat", echo.Headers["X-OP-Client"]);
        Assert.Equal("channel:wechat", echo.Headers["X-OP-Roles"]);
        Assert.Equal("internal-token", echo.Headers["X-OP-Gateway-Token"]);
        Assert.Equal("corr-123", echo.Headers["X-Correlation-Id"]);
        Assert.False(echo.Headers.ContainsKey("X-Api-Key"));
        Assert.Equal("""{"a":1}""", echo.Body);
        Assert.Equal("corr-123", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    private static HttpRequestMessage AsPerson(string path, string key, string? person, string? roles)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        if (person is not null) request.Headers.Add("X-On-Behalf-Of", person);
        if (roles is not null) request.Headers.Add("X-On-Behalf-Roles", roles);
        return request;
    }

    [Fact]
    public async Task The_console_key_acts_as_the_signed_in_person_with_the_api_roles_of_their_roles_only()
    {
        var response = await Client().SendAsync(AsPerson("/api/orders", "dev-console-key", "desk", "phone-desk"));
        var echo = (await response.Content.ReadFromJsonAsync<Echo>())!;
        Assert.Equal("desk (phone-desk)", echo.Headers["X-OP-Client"]);
        Assert.Equal("channel:phone-desk", echo.Headers["X-OP-Roles"]);
        Assert.False(echo.Headers.ContainsKey("X-On-Behalf-Of"));
        Assert.False(echo.Headers.ContainsKey("X-On-Behalf-Roles"));

        // The clerk's roles do not open a staff route, although the console's key could.
        Assert.Equal(HttpStatusCode.Forbidden, (await Client().SendAsync(AsPerson("/api/credit/holds", "dev-console-key", "desk", "phone-desk"))).StatusCode);
        var credit = await (await Client().SendAsync(AsPerson("/api/credit/holds", "dev-console-key", "credit", "credit"))).Content.ReadFromJsonAsync<Echo>();
        Assert.Equal("credit (credit)", credit!.Headers["X-OP-Client"]);
        Assert.Equal("staff:credit", credit.Headers["X-OP-Roles"]);
    }

    [Theory]
    [InlineData(null, "phone-desk")]
    [InlineData("desk", null)]
    [InlineData("desk", "phone-desk,owner")]
    [InlineData("desk (admin)", "phone-desk")]
    public async Task The_console_key_without_a_well_formed_person_and_known_roles_is_401_and_never_forwarded(string? person, string? roles)
    {
        var before = _backend.Calls;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().SendAsync(AsPerson("/api/orders", "dev-console-key", person, roles))).StatusCode);
        Assert.Equal(before, _backend.Calls);
    }

    [Fact]
    public async Task A_key_that_does_not_act_for_people_ignores_a_person_named_in_the_request()
    {
        var echo = await (await Client().SendAsync(AsPerson("/api/orders", "dev-wechat-key", "credit", "credit"))).Content.ReadFromJsonAsync<Echo>();
        Assert.Equal("wechat", echo!.Headers["X-OP-Client"]);
        Assert.Equal("channel:wechat", echo.Headers["X-OP-Roles"]);
    }

    [Fact]
    public async Task Pages_outside_the_api_go_to_the_console_and_an_api_path_no_route_serves_is_a_404_problem()
    {
        var page = await (await Client().GetAsync("/orders/SO-1")).Content.ReadFromJsonAsync<Echo>();
        Assert.Equal("/orders/SO-1", page!.Path);
        // The console sees the address the browser used, so its links and redirects stay on the gateway.
        Assert.Equal("localhost", page.Headers["Host"]);

        var before = _backend.Calls;
        var response = await Client("dev-staff-key").GetAsync("/api/nothing-here");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, _backend.Calls);
    }

    [Fact]
    public async Task A_client_over_its_rate_limit_gets_429_with_retry_after()
    {
        var client = Client("tiny-key");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 30 && limited is null; i++)
        {
            var response = await client.GetAsync("/api/orders");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
        }
        Assert.NotNull(limited);
        Assert.True(statuses.Count > 1, "the first requests within the burst are let through");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) >= 1);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(OrderPlatform.ServiceDefaults.Http.ProblemTypes.RateLimited,
            System.Text.Json.Nodes.JsonNode.Parse(await limited.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        var big = new StringContent(new string('x', 2 * 1024 * 1024), Encoding.UTF8, "application/json");
        var response = await Client("dev-web-shop-key").PostAsync("/api/orders", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_carrier_webhook_with_a_valid_signature_is_forwarded_as_that_carrier()
    {
        var body = """{"eventId":"e-1","trackingNumber":"SF1","type":"PickedUp"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/logistics/webhooks/SF") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Signature", WebhookSignatureHandler.Sign("dev-carrier-SF-secret", Encoding.UTF8.GetBytes(body), DateTimeOffset.UtcNow));
        var echo = (await (await Client().SendAsync(request)).Content.ReadFromJsonAsync<Echo>())!;
        Assert.Equal("carrier:SF", echo.Headers["X-OP-Client"]);
        Assert.Equal(body, echo.Body);
    }

    [Theory]
    [InlineData("SF", "dev-carrier-ZTO-secret")]
    [InlineData("SF", null)]
    [InlineData("NOBODY", "dev-carrier-SF-secret")]
    public async Task A_webhook_with_a_forged_or_missing_signature_is_401_and_never_forwarded(string carrier, string? secret)
    {
        var before = _backend.Calls;
        var body = """{"eventId":"e-2"}""";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/logistics/webhooks/{carrier}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (secret is not null) request.Headers.Add("X-Signature", WebhookSignatureHandler.Sign(secret, Encoding.UTF8.GetBytes(body), DateTimeOffset.UtcNow));
        var response = await Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, _backend.Calls);
    }

    [Fact]
    public async Task An_api_key_does_not_open_a_webhook_route()
    {
        var response = await Client("dev-staff-key").PostAsync("/api/billing/webhooks/mockpay", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_carriers_own_push_format_is_forwarded_unauthenticated_as_anonymous_and_never_with_a_forged_identity()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/logistics/webhooks/SF/route-push?token=t")
        {
            Content = new StringContent("""{"Body":{}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-OP-Client", "carrier:SF");
        request.Headers.Add("X-OP-Roles", "staff:logistics");
        var echo = (await (await Client().SendAsync(request)).Content.ReadFromJsonAsync<Echo>())!;
        Assert.Equal("/api/logistics/webhooks/SF/route-push?token=t", echo.Path);
        Assert.Equal("anonymous", echo.Headers["X-OP-Client"]);
        Assert.Equal("", echo.Headers["X-OP-Roles"]);
        Assert.Equal("internal-token", echo.Headers["X-OP-Gateway-Token"]);

        // Only that shape of path is open: one segment less is the signed generic form, one more is nothing.
        var before = _backend.Calls;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().PostAsync("/api/logistics/webhooks/SF", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().PostAsync("/api/logistics/webhooks/SF/route-push/x", new StringContent("{}"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client().GetAsync("/api/logistics/tracking/SF1")).StatusCode);
        Assert.Equal(before, _backend.Calls);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("GET")]
    public async Task The_gateway_never_retries_a_request_the_service_answered_503_or_any_other_way(string method)
    {
        var before = _backend.Calls;
        var response = await Client("dev-web-shop-key").SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/orders/SO-1/unavailable"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(before + 1, _backend.Calls);
    }

    [Fact]
    public async Task A_dead_instance_stops_getting_traffic_within_seconds_and_what_failed_meanwhile_is_a_502_problem()
    {
        var deadPort = DeadPort();
        using var factory = _factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:intake:Destinations:dead:Address"] = $"http://127.0.0.1:{deadPort}",
            ["Gateway:RateLimit:PermitsPerSecond"] = "100000",
            ["Gateway:RateLimit:Burst"] = "100000",
        })));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-staff-key");

        // Two instances, one dead: the balancer picks between them until a health check takes the dead one out.
        var failures = 0;
        var started = DateTime.UtcNow;
        var inARow = 0;
        while (inARow < 20)
        {
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15), $"still failing after 15 s ({failures} failures)");
            var response = await client.GetAsync("/api/orders/SO-1");
            if (response.IsSuccessStatusCode) { inARow++; continue; }
            inARow = 0;
            failures++;
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(OrderPlatform.ServiceDefaults.Http.ProblemTypes.Unavailable,
                System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task With_every_instance_down_the_gateway_answers_503_and_asks_for_a_longer_pause()
    {
        var deadPort = DeadPort();
        using var factory = _factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:intake:Destinations:intake:Address"] = $"http://127.0.0.1:{deadPort}",
        })));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "dev-staff-key");

        // The first requests find the instance dead (502); once the health checks have found it unhealthy, none is healthy.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        HttpResponseMessage response;
        while ((response = await client.GetAsync("/api/orders/SO-1")).StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "the dead instance was never taken out: " + await response.Content.ReadAsStringAsync());
            await Task.Delay(200);
        }
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // Longer than a failed call's 1 s: clients asking every second would take the CPU the instances start with.
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(5), $"Retry-After: {response.Headers.RetryAfter}");
    }

    /// <summary>A loopback port nothing listens on: an instance that died.</summary>
    private static int DeadPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
