using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using OrderPlatform.ServiceDefaults.Http;
using Scalar.AspNetCore;

namespace OrderPlatform.Gateway.OpenApi;

public static class PublicApiEndpoints
{
    /// <summary>Open to anyone, like /health: the whole public API in one OpenAPI document, and Scalar's reference of it at /scalar.</summary>
    public static void MapPublicApiDocument(this WebApplication app)
    {
        app.MapGet("/openapi/v1.json", (PublicApiDocument document, HttpContext context, CancellationToken ct) => document.GetAsync(context, ct))
            .ExcludeFromDescription();
        app.MapScalarApiReference(o => o.WithTitle("OrderPlatform API"));
    }
}

/// <summary>
/// <c>GET /openapi/v1.json</c>: one OpenAPI document of the whole public API, as the gateway exposes it. It reads each
/// cluster's own document (<c>/openapi/v1.json</c> of one of its instances) and keeps the operations a gateway route
/// forwards, with the security that route's policy asks for (API key, webhook signature, or none for a carrier's own
/// format), the problem answers the gateway and the services give, and the components of every service (a schema
/// two services name alike but define differently is renamed after its service). Read again at most once a minute.
/// </summary>
public sealed class PublicApiDocument(IHttpClientFactory clients, IConfiguration configuration, TimeProvider clock, ILogger<PublicApiDocument> logger)
{
    public const string HttpClientName = "openapi";

    /// <summary>Each service's operations under one tag, named as the business says it.</summary>
    private static readonly Dictionary<string, (string Tag, string Description)> Tags = new()
    {
        ["intake"] = ("Orders", "Taking orders from every channel and following them to completion (Intake)"),
        ["credit-review"] = ("Credit", "Customers, grades, credit limits and credit holds (CreditReview)"),
        ["inventory"] = ("Inventory", "Catalogue, price list, stock, reservations and receipts (Inventory)"),
        ["production-scheduling"] = ("Production", "Production lines, the schedule, work orders and quality checks (ProductionScheduling)"),
        ["billing"] = ("Billing", "Deposits, balances, payments, invoices, statements and carriers' claims money (Billing)"),
        ["logistics"] = ("Logistics", "Carriers, shipments, tracking and carriers' webhooks (Logistics)"),
        ["after-sales"] = ("After-sales", "Complaints, cases, returns, claims against carriers and surveys (AfterSales)"),
    };
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _building = new(1, 1);
    private (JsonObject Document, DateTimeOffset At, bool Complete)? _last;

    public async Task<IResult> GetAsync(HttpContext context, CancellationToken ct)
    {
        var server = $"{context.Request.Scheme}://{context.Request.Host}";
        await _building.WaitAsync(ct);
        try
        {
            if (_last is not { } last || !last.Complete || clock.GetUtcNow() - last.At > Fresh)
            {
                var (document, complete) = await BuildAsync(ct);
                _last = last = (document, clock.GetUtcNow(), complete);
            }
            var json = last.Document.DeepClone();
            json["servers"] = new JsonArray(new JsonObject { ["url"] = server, ["description"] = "this gateway" });
            return Results.Text(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), "application/json");
        }
        finally { _building.Release(); }
    }

    private sealed record Route(string Id, string Cluster, string[] Segments, string Policy);

    private async Task<(JsonObject Document, bool Complete)> BuildAsync(CancellationToken ct)
    {
        var routes = configuration.GetSection("ReverseProxy:Routes").GetChildren()
            .Select(r => new Route(r.Key, r["ClusterId"]!, Segments(r["Match:Path"]!), r["AuthorizationPolicy"] ?? "default")).ToList();
        // The API's clusters; the staff console's pages (route "console") are not part of the API.
        var clusters = configuration.GetSection("ReverseProxy:Clusters").GetChildren().Where(c => Tags.ContainsKey(c.Key))
            .Select(c => (Name: c.Key, Address: c.GetSection("Destinations").GetChildren().First()["Address"]!)).ToList();
        var fetched = await Task.WhenAll(clusters.Select(c => FetchAsync(c.Name, c.Address, ct)));

        var paths = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var schemas = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var operationIds = new HashSet<string>();
        var missing = new List<string>();
        foreach (var (cluster, document) in clusters.Select(c => c.Name).Zip(fetched))
        {
            if (document is null) { missing.Add(cluster); continue; }
            MergeSchemas(cluster, document, schemas);
            foreach (var (path, item) in document["paths"]?.AsObject().ToList() ?? [])
            {
                var route = RouteFor(routes, cluster, path);
                if (route is null || item is not JsonObject operations) continue;
                foreach (var method in Methods)
                    if (operations[method] is JsonObject operation)
                    {
                        Describe(operation, method, path, route, cluster, operationIds);
                        operation["tags"] = new JsonArray(Tags.TryGetValue(cluster, out var t) ? t.Tag : cluster);
                    }
                paths[path] = operations.DeepClone();
            }
        }
        var tags = new JsonArray(Tags.Where(t => !missing.Contains(t.Key))
            .Select(t => (JsonNode)new JsonObject { ["name"] = t.Value.Tag, ["description"] = t.Value.Description }).ToArray());
        schemas["Problem"] = Problem;

        var description = "Every public operation of OrderPlatform as the gateway exposes it. Channels and staff call with their " +
            "API key (`X-Api-Key`); payment providers and carriers sign their webhooks with a timestamp (`X-Signature: t=<unix seconds>,v1=<HMAC of \"<t>.<body>\">`, refused when more than 5 minutes from now); " +
            "SF and ZTO push in their own formats, authenticated by the token or digest those formats carry. " +
            "Errors are problem details (RFC 9457) naming each bad field.";
        if (missing.Count > 0) description += $" Not included: the operations of {string.Join(", ", missing)}, whose description could not be read just now.";
        var merged = new JsonObject
        {
            ["openapi"] = fetched.FirstOrDefault(d => d is not null)?["openapi"]?.DeepClone() ?? "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "OrderPlatform API", ["version"] = "v1", ["description"] = description,
                ["license"] = new JsonObject { ["name"] = "Proprietary", ["identifier"] = "LicenseRef-OrderPlatform-Proprietary" },
            },
            ["tags"] = tags,
            ["paths"] = new JsonObject(paths),
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject(schemas),
                ["securitySchemes"] = new JsonObject
                {
                    ["ApiKey"] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key",
                        ["description"] = "The key issued to a channel (web shop, WeChat, phone desk) or to staff; each key has roles, and another channel's orders are not found with it.",
                    },
                    ["WebhookSignature"] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Signature",
                        ["description"] = "`t=<unix seconds>,v1=<hex>`: the hex HMAC-SHA256 of `<t>.<raw body>`, keyed with the secret shared with the payment provider or carrier; refused when t is more than 5 minutes from now.",
                    },
                },
            },
        };
        return (merged, missing.Count == 0);
    }

    private async Task<JsonObject?> FetchAsync(string cluster, string address, CancellationToken ct)
    {
        try
        {
            using var response = await clients.CreateClient(HttpClientName).GetAsync($"{address.TrimEnd('/')}/openapi/v1.json", ct);
            response.EnsureSuccessStatusCode();
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))?.AsObject();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or Polly.Timeout.TimeoutRejectedException
                                  or Polly.CircuitBreaker.BrokenCircuitException)
        {
            logger.LogWarning(e, "The OpenAPI description of {Cluster} could not be read; the public document leaves it out for now", cluster);
            return null;
        }
    }

    /// <summary>The route that forwards <paramref name="path"/> to <paramref name="cluster"/>, the most specific first (as YARP orders them).</summary>
    private static Route? RouteFor(List<Route> routes, string cluster, string path)
    {
        var segments = Segments(path);
        return routes.Where(r => r.Cluster == cluster && Matches(r.Segments, segments))
            .OrderBy(r => r.Segments.Any(s => s.StartsWith("{**", StringComparison.Ordinal)))
            .ThenByDescending(r => r.Segments.Count(s => !s.StartsWith('{')))
            .FirstOrDefault();
    }

    private static bool Matches(string[] template, string[] path)
    {
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i].StartsWith("{**", StringComparison.Ordinal)) return true;
            if (i >= path.Length) return false;
            if (!template[i].StartsWith('{') && !template[i].Equals(path[i], StringComparison.OrdinalIgnoreCase)) return false;
        }
        return template.Length == path.Length;
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Adds the route's security, a unique operation id, and the problem answers the operation may get.</summary>
    private static void Describe(JsonObject operation, string method, string path, Route route, string cluster, HashSet<string> operationIds)
    {
        var id = operation["operationId"]?.GetValue<string>() ?? $"{method}{string.Concat(Segments(path).Select(s => s.Trim('{', '}')))}";
        if (!operationIds.Add(id)) operationIds.Add(id = $"{cluster}.{id}");
        operation["operationId"] = id;
        var (security, who) = route.Policy switch
        {
            "anonymous" => (new JsonArray(new JsonObject()), "Open to the carrier without an API key: its own format carries the token or digest that authenticates it."),
            "payment-webhook" => (Scheme("WebhookSignature"), "Signed by the payment provider."),
            "carrier-webhook" => (Scheme("WebhookSignature"), "Signed by the carrier."),
            "staff" => (Scheme("ApiKey"), "Staff keys only."),
            _ => (Scheme("ApiKey"), "Channel and staff keys; a channel sees only its own orders."),
        };
        operation["security"] = security;
        operation["description"] = string.Join("\n\n", new[] { operation["description"]?.GetValue<string>(), who }.Where(d => !string.IsNullOrEmpty(d)));
        var responses = operation["responses"] as JsonObject ?? (JsonObject)(operation["responses"] = new JsonObject());
        var problems = new List<(string Status, string Why)> { ("400", "The request is malformed or a field is invalid; `errors` names each bad field.") };
        if (route.Policy != "anonymous")
            problems.AddRange([("401", "No valid API key or signature."), ("403", "This key's roles may not call this operation.")]);
        if (path.Contains('{')) problems.Add(("404", "Nothing with that identifier, or not visible to this caller."));
        if (method != "get") problems.Add(("409", "The state does not allow it now, or it changed meanwhile; the detail says why."));
        problems.AddRange([("429", "Over this client's rate limit; retry after `Retry-After` seconds."),
            ("503", "No instance of the service behind this route is healthy just now; retry after `Retry-After` seconds.")]);
        // The services' own problem answers stay where they say more (a validation problem's schema); bare ones get ours.
        foreach (var (status, why) in problems)
            if (responses[status]?["content"] is null) responses[status] = ProblemResponse(status, why);
        // Any other error answer a service declares bare (a 404 of a route without an identifier) is a problem too.
        foreach (var (status, response) in responses.ToList())
            if (int.TryParse(status, out var code) && code >= 400 && response?["content"] is null)
                responses[status] = ProblemResponse(status, response?["description"]?.GetValue<string>() is { Length: > 0 } d ? d : "See the detail.");
    }

    private static JsonArray Scheme(string name) => new(new JsonObject { [name] = new JsonArray() });

    private static JsonObject ProblemResponse(string status, string why) => new()
    {
        ["description"] = why,
        ["content"] = new JsonObject
        {
            ["application/problem+json"] = new JsonObject
            {
                ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" },
                ["example"] = new JsonObject
                {
                    ["type"] = ProblemTypes.For(new ProblemDetails { Status = int.Parse(status) }), ["title"] = why.Split(';', '.')[0], ["status"] = int.Parse(status),
                    ["detail"] = why, ["traceId"] = "4bf92f3577b34da6a3ce929d0e0e4736",
                },
            },
        },
    };

    private static JsonObject Problem => new()
    {
        ["type"] = "object",
        ["description"] = "Problem details (RFC 9457); a validation problem adds `errors`, each bad field with what is wrong with it.",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string" }, ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" }, ["detail"] = new JsonObject { ["type"] = "string" },
            ["traceId"] = new JsonObject { ["type"] = "string" },
            ["errors"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } } },
        },
    };

    /// <summary>Adds the service's schemas; one that another service defines differently under the same name is renamed after this service.</summary>
    private static void MergeSchemas(string cluster, JsonObject document, SortedDictionary<string, JsonNode?> schemas)
    {
        var own = document["components"]?["schemas"]?.AsObject();
        if (own is null) return;
        var prefix = string.Concat(cluster.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        var renames = own.Where(s => schemas.TryGetValue(s.Key, out var existing) && !JsonNode.DeepEquals(existing, s.Value))
            .ToDictionary(s => $"#/components/schemas/{s.Key}", s => $"#/components/schemas/{prefix}{s.Key}");
        if (renames.Count > 0) Rename(document, renames);
        foreach (var (name, schema) in own.ToList())
            schemas[renames.ContainsKey($"#/components/schemas/{name}") ? prefix + name : name] = schema?.DeepClone();
    }

    private static void Rename(JsonNode? node, Dictionary<string, string> renames)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"]?.GetValue<string>() is { } reference && renames.TryGetValue(reference, out var renamed)) o["$ref"] = renamed;
                foreach (var (_, child) in o.ToList()) Rename(child, renames);
                break;
            case JsonArray a:
                foreach (var child in a) Rename(child, renames);
                break;
        }
    }
}
