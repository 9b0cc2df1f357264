using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OrderPlatform.ServiceDefaults;

/// <summary>
/// Traces and metrics from ASP.NET Core, HttpClient, MassTransit and our own sources. Providers are
/// built by hand (OpenTelemetry.Extensions.Hosting does not restore here) and export over OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public static class Telemetry
{
    public const string SourceName = "OrderPlatform";

    internal static void AddTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        var exportOtlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var resource = ResourceBuilder.CreateDefault().AddService(serviceName);

        builder.Logging.ClearProviders();
        // Requests and SQL at Information drown the order events; they stay available one level down.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.IncludeScopes = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        if (exportOtlp)
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.SetResourceBuilder(resource);
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
                o.AddOtlpExporter();
            });

        // Without an exporter nobody reads the spans and metrics: build no provider, so no activity is recorded.
        if (!exportOtlp) return;
        builder.Services.AddSingleton(Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource("Microsoft.AspNetCore", "System.Net.Http", "MassTransit", SourceName)
            .AddOtlpExporter()
            .Build());
        builder.Services.AddSingleton(Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http",
                "MassTransit", "System.Runtime", SourceName)
            .AddOtlpExporter()
            .Build());
    }
}
