using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderPlatform.ServiceDefaults.Coordination;
using OrderPlatform.ServiceDefaults.Http;
using OrderPlatform.ServiceDefaults.Messaging;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.ServiceDefaults;

/// <summary>What every OrderPlatform service shares. A service calls the Add* methods, then MapDefaultEndpoints.</summary>
public static class Extensions
{
    /// <summary>Telemetry, health checks, problem details, OpenAPI, and Redis where instances must agree.</summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        builder.AddTelemetry(serviceName);
        builder.AddSharedRedis();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemTypes.Complete);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi(o => o.AddOperationTransformer(OperationNames.NameAndSummarize));
        builder.Services.AddHealthChecks();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(
            new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    /// <summary>
    /// The service's PostgreSQL database: its DbContext, a readiness check, and its EF Core migrations
    /// applied at start-up under a lock; demo data when Seed:Demo is true.
    /// </summary>
    public static WebApplicationBuilder AddServiceDatabase<TDb>(this WebApplicationBuilder builder,
        Func<TDb, CancellationToken, Task>? seedDemoData = null)
        where TDb : ServiceDbContext
    {
        var connectionString = builder.Configuration.GetConnectionString("db")
            ?? throw new InvalidOperationException("ConnectionStrings:db is not configured");
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxSignalInterceptor>();
        builder.Services.AddDbContextPool<TDb>((sp, o) => o
            .UseNpgsql(connectionString)
            .AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>()));
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TDb>>("database", tags: ["ready"]);
        builder.Services.AddHostedService(sp => new DatabaseStartup<TDb>(sp,
            builder.Configuration.GetValue<bool>("Seed:Demo") ? seedDemoData : null));
        if (seedDemoData is not null)
            builder.Services.AddSingleton(new DemoData(async (sp, ct) =>
            {
                await using var scope = sp.CreateAsyncScope();
                await seedDemoData(scope.ServiceProvider.GetRequiredService<TDb>(), ct);
            }));
        return builder;
    }

    /// <summary>
    /// MassTransit over RabbitMQ: the service's consumers on queues named after it, retries with
    /// back-off before the _error queue, and the outbox dispatcher publishing the service's messages.
    /// </summary>
    public static WebApplicationBuilder AddServiceMessaging<TDb>(this WebApplicationBuilder builder, string queuePrefix,
        Action<IBusRegistrationConfigurator> configure) where TDb : ServiceDbContext
    {
        var rabbit = builder.Configuration.GetConnectionString("rabbitmq")
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not configured");
        builder.Services.AddMassTransit(x =>
        {
            x.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(queuePrefix, false));
            configure(x);
            x.AddConfigureEndpointsCallback((_, queue, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbitEndpoint) UseQuorumQueue(rabbitEndpoint, queue);
            });
            x.UsingRabbitMq((context, cfg) =>
            {
                cfg.Host(new Uri(rabbit));
                // Outermost, so it sees what is left once the retries below are spent.
                cfg.UseConsumeFilter(typeof(MessageTelemetryFilter<>), context);
                // Quick retries for a concurrency conflict or a blip, then longer back-off for an outage of a
                // dependency (standing in for delayed redelivery, which needs a broker plugin Debian does not
                // ship); then the message goes to the queue's _error queue, from which an operator replays it.
                cfg.UseMessageRetry(r => r.Intervals(
                    TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100),
                    TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
                    TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)));
                cfg.ConfigureEndpoints(context);
            });
        });
        // Ready only once every receive endpoint is bound, so nothing published at start-up is missed.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
            o.StopTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddSingleton<OutboxDispatcher<TDb>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher<TDb>>());
        return builder;
    }

    /// <summary>How often the broker hands a message to a consumer that never acknowledged it (it crashed, or lost its connection) before giving up on it.</summary>
    public const int DeliveryLimit = 10;

    /// <summary>
    /// A consumer's queue as a quorum queue (replicated by Raft on a cluster; the answer to the message loss found in
    /// mirrored queues). A message delivered <see cref="DeliveryLimit"/> times without an acknowledgement, one that
    /// crashes its consumer each time, is dead-lettered by the broker to the queue's <c>_error</c> queue, where
    /// messages that failed every retry go too. On a single node the queue has one replica; on a cluster, three.
    /// </summary>
    private static void UseQuorumQueue(IRabbitMqReceiveEndpointConfigurator endpoint, string queue)
    {
        endpoint.SetQuorumQueue();
        endpoint.SetQueueArgument("x-delivery-limit", DeliveryLimit);
        endpoint.BindDeadLetterQueue($"{queue}_error", $"{queue}_error");
    }

    /// <summary>
    /// /health (ready: database and broker), /alive, /openapi/v1.json, problem details, and, for a
    /// service behind the gateway, the guard that refuses /api calls that did not come through it.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool behindGateway = true)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (behindGateway) app.UseMiddleware<GatewayGuard>();
        app.Use(TagOrderNumber);
        if (app.Environment.IsDevelopment() && app.Services.GetService<DemoData>() is { } demoData)
            app.MapPost("/dev/demo-data", demoData.LoadAsync).ExcludeFromDescription();
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => true });
        app.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = _ => false });
        // The gateway serves the public API's document of its own, gathered from these (PublicApiDocument).
        if (behindGateway) app.MapOpenApi();
        return app;
    }

    /// <summary>The request's span and log lines carry the order number it is about (route or query).</summary>
    private static async Task TagOrderNumber(HttpContext context, RequestDelegate next)
    {
        var orderNumber = context.GetRouteValue("orderNumber") as string ?? context.Request.Query["orderNumber"].FirstOrDefault();
        if (orderNumber is null)
        {
            await next(context);
            return;
        }
        Activity.Current?.SetTag(Telemetry.OrderNumberTag, orderNumber);
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("OrderPlatform.Requests");
        using (logger.BeginScope("Order {OrderNumber}", orderNumber)) await next(context);
    }
}

/// <summary>
/// Loads the service's demo data set again (idempotent), for the AppHost's "Load demo data" dashboard
/// command: POST /dev/demo-data with the internal token, in Development only.
/// </summary>
internal sealed class DemoData(Func<IServiceProvider, CancellationToken, Task> load)
{
    public async Task<IResult> LoadAsync(HttpContext context, IConfiguration configuration, CancellationToken ct)
    {
        var expected = Encoding.UTF8.GetBytes(configuration["Gateway:InternalToken"] ?? "");
        var presented = Encoding.UTF8.GetBytes(context.Request.Headers[Caller.TokenHeader].ToString());
        if (expected.Length == 0 || !CryptographicOperations.FixedTimeEquals(presented, expected))
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Only the AppHost may load demo data.");
        await load(context.RequestServices, ct);
        return Results.Ok(new { loaded = true });
    }
}

internal sealed class DatabaseHealthCheck<TDb>(TDb db) : IHealthCheck where TDb : ServiceDbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("database unreachable");
}

/// <summary>Runs before the web server starts: migrations, then demo data if asked.</summary>
internal sealed class DatabaseStartup<TDb>(IServiceProvider services, Func<TDb, CancellationToken, Task>? seed) : IHostedService
    where TDb : ServiceDbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = services.GetRequiredService<ILogger<DatabaseStartup<TDb>>>();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDb>();
        await DatabaseMigrator.MigrateAsync(db, logger, cancellationToken, seed is null ? null : async () =>
        {
            await seed(db, cancellationToken);
            logger.LogInformation("Demo data loaded");
        });
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
