using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>The one description of the public API the gateway serves, as an integration engineer reads it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PublicApiTests(PlatformFixture platform)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task The_gateway_serves_one_openapi_document_of_every_public_route_with_its_security_and_problem_answers()
    {
        var response = await platform.Http.GetAsync("/openapi/v1.json"); // no API key, like /health
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var paths = document["paths"]!.AsObject();
        // Every service's routes, as the gateway exposes them; nothing internal (health, demo data, gRPC).
        foreach (var prefix in new[] { "/api/orders", "/api/credit", "/api/inventory", "/api/production", "/api/billing", "/api/logistics", "/api/aftersales" })
            Assert.Contains(paths, p => p.Key.StartsWith(prefix, StringComparison.Ordinal));
        Assert.All(paths, p => Assert.StartsWith("/api/", p.Key));
        Assert.Equal(["ApiKey", "WebhookSignature"], document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key).Order());

        var operations = paths.SelectMany(p => Methods.Where(m => p.Value![m] is not null).Select(m => (Path: p.Key, Method: m, Operation: p.Value![m]!))).ToList();
        Assert.True(operations.Count >= 60, $"{operations.Count} operations");
        Assert.Equal(operations.Count, operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).Distinct().Count());
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Operation["summary"]?.GetValue<string>()), $"{o.Method} {o.Path} has no summary");
            Assert.NotNull(o.Operation["security"]);
            Assert.NotNull(o.Operation["responses"]!["429"]);
        });

        string Security(string path, string method) => paths[path]![method]!["security"]!.ToJsonString();
        Assert.Equal("""[{"ApiKey":[]}]""", Security("/api/orders", "post"));
        Assert.Equal("""[{"WebhookSignature":[]}]""", Security("/api/billing/webhooks/{provider}", "post"));
        Assert.Equal("""[{"WebhookSignature":[]}]""", Security("/api/logistics/webhooks/{carrierCode}", "post"));
        Assert.Equal("[{}]", Security("/api/logistics/webhooks/{carrierCode}/{format}", "post"));
        var problem = paths["/api/orders/{orderNumber}"]!["get"]!["responses"]!["404"]!["content"]!["application/problem+json"]!;
        Assert.Equal("#/components/schemas/Problem", problem["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal(404, problem["example"]!["status"]!.GetValue<int>());

        // The reference to read it in a browser.
        var scalar = await platform.Http.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("OrderPlatform API", await scalar.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Redocly_lints_the_public_document_with_its_recommended_rules_without_an_error_or_a_warning()
    {
        var file = Path.Combine(PlatformFixture.RunDirectory, "openapi.json");
        await File.WriteAllTextAsync(file, await platform.Http.GetStringAsync("/openapi/v1.json"));
        var tools = Path.Combine(PlatformFixture.FindRoot(), "eng", "openapi");
        using var lint = Process.Start(new ProcessStartInfo(Path.Combine(tools, "node_modules", ".bin", "redocly"),
            ["lint", "--config", Path.Combine(tools, "redocly.yaml"), "--format", "stylish", file])
        { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await lint.StandardOutput.ReadToEndAsync() + await lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync();
        Assert.True(lint.ExitCode == 0, output);
        Assert.DoesNotContain("  error  ", output);
        Assert.DoesNotContain("  warning  ", output); // stylish format: "line:col  warning  rule  message"
    }
}
