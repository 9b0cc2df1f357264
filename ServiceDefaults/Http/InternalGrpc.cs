using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>
/// Synchronous questions between services over gRPC (contracts/Protos). A service answers on its own HTTP/2 port
/// (the AppHost's "grpc" endpoint); a caller finds every instance through service discovery (<c>http://_grpc.name</c>),
/// presents the internal token, sets a deadline on each call and has reads retried when an instance is unavailable.
/// </summary>
public static class InternalGrpc
{
    /// <summary>The metadata key that carries the internal token, as the gateway's header does on HTTP.</summary>
    public const string TokenKey = "x-op-gateway-token";

    /// <summary>Every method here is a read: retried on another attempt (another instance) when one is unavailable.</summary>
    private static readonly MethodConfig ReadsRetriedWhenUnavailable = new()
    {
        Names = { MethodName.Default },
        RetryPolicy = new RetryPolicy
        {
            MaxAttempts = 3,
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromSeconds(1),
            BackoffMultiplier = 2,
            RetryableStatusCodes = { StatusCode.Unavailable },
        },
    };

    /// <summary>Serves gRPC: the token check, gRPC health checks, and server reflection in Development.</summary>
    public static WebApplicationBuilder AddInternalGrpcServer(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(o => o.Interceptors.Add<InternalTokenInterceptor>());
        builder.Services.AddGrpcHealthChecks().AddCheck("grpc", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
        if (builder.Environment.IsDevelopment()) builder.Services.AddGrpcReflection();
        return builder;
    }

    public static void MapInternalGrpc<TService>(this WebApplication app) where TService : class
    {
        app.MapGrpcService<TService>();
        app.MapGrpcHealthChecksService();
        if (app.Environment.IsDevelopment()) app.MapGrpcReflectionService();
    }

    /// <summary>
    /// A gRPC client of <paramref name="service"/>: every instance (<c>services__{service}__grpc__N</c>), the internal
    /// token on each call, and reads retried up to three times, with back-off, when the instance is unavailable.
    /// </summary>
    public static IHttpClientBuilder AddInternalGrpcClient<TClient>(this WebApplicationBuilder builder, string service) where TClient : class
    {
        var token = builder.Configuration["Gateway:InternalToken"] ?? "";
        builder.Services.AddServiceDiscovery();
        return builder.Services.AddGrpcClient<TClient>(o => o.Address = new Uri($"http://_grpc.{service}"))
            .ConfigureChannel(o =>
            {
                // The token travels as call credentials over plain HTTP/2 on loopback.
                o.UnsafeUseInsecureChannelCallCredentials = true;
                o.ServiceConfig = new ServiceConfig { MethodConfigs = { ReadsRetriedWhenUnavailable } };
            })
            .AddCallCredentials((_, metadata) =>
            {
                metadata.Add(TokenKey, token);
                return Task.CompletedTask;
            })
            .AddServiceDiscovery();
    }
}

/// <summary>
/// Refuses a gRPC call that does not carry the internal token (Unauthenticated), as GatewayGuard does for /api. Every
/// method of the platform's services is unary; the health service is open.
/// </summary>
internal sealed class InternalTokenInterceptor(IConfiguration configuration) : Interceptor
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(configuration["Gateway:InternalToken"]
        ?? throw new InvalidOperationException("Gateway:InternalToken is not configured"));

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        // The gRPC health service answers anyone, as /health does: probes carry no token.
        if (context.Method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)) return continuation(request, context);
        var presented = Encoding.UTF8.GetBytes(context.RequestHeaders.GetValue(InternalGrpc.TokenKey) ?? "");
        if (!CryptographicOperations.FixedTimeEquals(presented, _token))
            throw new RpcException(new Status(StatusCode.Unauthenticated, "Call with the platform's internal token."));
        return continuation(request, context);
    }
}
