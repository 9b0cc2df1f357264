using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrderPlatform.ServiceDefaults;

/// <summary>
/// Logs, traces and metrics the standard way (OpenTelemetry.Extensions.Hosting), exported over OTLP to the
/// endpoint the AppHost gives every service (OTEL_EXPORTER_OTLP_ENDPOINT: the Aspire dashboard). Traces
/// follow an order across services: HTTP, MassTransit, Npgsql, and the outbox (which carries each
/// message's trace context). The platform's own spans and business metrics use <see cref="SourceName"/>.
/// </summary>
public static class Telemetry
{
    public const string SourceName = "OrderPlatform";
    /// <summary>The span and log attribute that names the order a piece of work is about.</summary>
    public const string OrderNumberTag = "order.number";

    public static readonly ActivitySource Source = new(SourceName);
    public static readonly Meter Meter = new(SourceName);

    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("orderplatform.messages.dead_lettered",
        description: "Messages that failed every retry and went to their queue's _error queue");

    internal static void RecordDeadLettered(string messageType, string consumer)
        => DeadLettered.Add(1, new("message.type", messageType), new("consumer", consumer));

    internal static void AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        builder.Logging.ClearProviders();
        // Requests and SQL at Information drown the order events; they stay available one level down. So do the two lines
        // YARP writes for every request it forwards and the four an HttpClient from the factory writes for every call (the
        // gRPC clients' among them): the traces carry the same.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp.ReverseProxy.Forwarder", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });

        // Without an endpoint nobody reads the spans and metrics: no provider is built, so no span is recorded.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) return;
        builder.Logging.AddOpenTelemetry(o =>
        {
            o.IncludeScopes = true;
            o.IncludeFormattedMessage = true;
        });
        var telemetry = builder.Services.AddOpenTelemetry();
        // The AppHost names each service and replica (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES); elsewhere the name is ours.
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
            telemetry.ConfigureResource(r => r.AddService(serviceName));
        telemetry
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", "Npgsql", SourceName))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new RootSampler(builder.Configuration.GetValue("Telemetry:TraceSampleRatio", 1.0))))
                .AddSource(SourceName, "MassTransit")
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request => !IsProbe(request.RequestUri?.AbsolutePath))
                .AddNpgsql())
            .UseOtlpExporter();
    }

    // Health probes every few seconds from the AppHost would bury the orders' traces.
    private static bool IsProbe(PathString path) => path.StartsWithSegments("/health") || path.StartsWithSegments("/alive");
    private static bool IsProbe(string? path) => path is not null && IsProbe(new PathString(path));
}

/// <summary>
/// Decides whether a new trace is kept (its spans follow their parent's decision). Never one that would start
/// with an outgoing call: the outbox sweep, the timers and the health checks query the database every second,
/// and each query would otherwise be a trace of its own. Of the others, all by default, or the share that
/// Telemetry:TraceSampleRatio sets (by trace id, so every service keeps the same traces).
/// </summary>
internal sealed class RootSampler(double ratio) : Sampler
{
    private readonly TraceIdRatioBasedSampler _share = new(Math.Clamp(ratio, 0, 1));

    public override SamplingResult ShouldSample(in SamplingParameters parameters)
        => parameters.Kind == ActivityKind.Client ? new SamplingResult(SamplingDecision.Drop) : _share.ShouldSample(parameters);
}
