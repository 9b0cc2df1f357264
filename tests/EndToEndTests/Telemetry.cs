using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>Reads the spans and structured logs the services exported to the Aspire dashboard, through its telemetry API.</summary>
public static class Telemetry
{
    public sealed record Span(string TraceId, string SpanId, string? ParentSpanId, string Name, string Service, string Instance,
        string Scope, IReadOnlyDictionary<string, string?> Attributes);

    public sealed record LogLine(string Service, string Scope, string Body, IReadOnlyDictionary<string, string?> Attributes);

    public static async Task<List<Span>> SpansAsync(HttpClient dashboard)
    {
        var data = JsonNode.Parse(await dashboard.GetStringAsync("/api/telemetry/traces?limit=100000"))!["data"]!;
        return (from resource in data["resourceSpans"]!.AsArray()
                let service = ServiceName(resource!)
                let instance = ResourceAttribute(resource!, "service.instance.id")
                from scope in resource!["scopeSpans"]!.AsArray()
                from span in scope!["spans"]!.AsArray()
                select new Span(span!["traceId"]!.GetValue<string>(), span["spanId"]!.GetValue<string>(),
                    span["parentSpanId"]?.GetValue<string>() is { Length: > 0 } parent ? parent : null,
                    span["name"]!.GetValue<string>(), service, instance, scope["scope"]!["name"]!.GetValue<string>(), Attributes(span))).ToList();
    }

    public static async Task<List<LogLine>> LogsAsync(HttpClient dashboard)
    {
        var data = JsonNode.Parse(await dashboard.GetStringAsync("/api/telemetry/logs?limit=100000"))!["data"]!;
        return (from resource in data["resourceLogs"]!.AsArray()
                let service = ServiceName(resource!)
                from scope in resource!["scopeLogs"]!.AsArray()
                from record in scope!["logRecords"]!.AsArray()
                select new LogLine(service, scope["scope"]!["name"]!.GetValue<string>(),
                    record!["body"]?["stringValue"]?.GetValue<string>() ?? "", Attributes(record))).ToList();
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value (with a deadline: telemetry is exported in batches).</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, int seconds = 60) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The dashboard did not show {what} within {seconds} s");
            await Task.Delay(1000);
        }
    }

    private static string ServiceName(JsonNode resource) => ResourceAttribute(resource, "service.name");

    private static string ResourceAttribute(JsonNode resource, string key)
        => resource["resource"]?["attributes"]?.AsArray().FirstOrDefault(a => a!["key"]!.GetValue<string>() == key)
            ?["value"]?["stringValue"]?.GetValue<string>() ?? "?";

    private static Dictionary<string, string?> Attributes(JsonNode node)
        => (node["attributes"]?.AsArray() ?? []).GroupBy(a => a!["key"]!.GetValue<string>())
            .ToDictionary(g => g.Key, g => g.First()!["value"]?.AsObject().FirstOrDefault().Value?.ToString());
}
