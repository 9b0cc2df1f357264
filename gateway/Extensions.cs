using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using OrderPlatform.Gateway.Auth;
using OrderPlatform.Gateway.OpenApi;
using OrderPlatform.Gateway.Proxy;
using OrderPlatform.ServiceDefaults.Coordination;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Gateway;

public static class Extensions
{
    public const long MaxRequestBodyBytes = 1024 * 1024;
    /// <summary>A spreadsheet import (<c>…/import</c>) may be larger: 10,000 rows of customers as CSV are about 2 MiB.</summary>
    public const long MaxImportBodyBytes = 8 * 1024 * 1024;

    public static void AddGateway(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);

        // Options are bound from configuration when first used, after the host is built, so every
        // configuration source (files, environment, test overrides) is seen.
        builder.Services.AddAuthentication("ByPath")
            .AddPolicyScheme("ByPath", "API key, or webhook signature on webhook paths", o => o.ForwardDefaultSelector = context =>
                WebhookSignatureHandler.Partner(context.Request.Path).Kind is null ? ApiKeyOptions.Scheme : WebhookOptions.Scheme)
            .AddScheme<ApiKeyOptions, ApiKeyAuthenticationHandler>(ApiKeyOptions.Scheme, _ => { })
            .AddScheme<WebhookOptions, WebhookSignatureHandler>(WebhookOptions.Scheme, _ => { });
        builder.Services.AddOptions<ApiKeyOptions>(ApiKeyOptions.Scheme).Configure<IConfiguration>((o, config) =>
            o.Keys = new(config.GetSection("Gateway:ApiKeys").Get<Dictionary<string, ApiClient>>() ?? [], StringComparer.Ordinal));
        builder.Services.AddOptions<WebhookOptions>(WebhookOptions.Scheme).Configure<IConfiguration>((o, config) =>
            config.GetSection("Gateway:Webhooks").Bind(o));

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy("channels-and-staff", p => p.RequireAssertion(c => HasRolePrefix(c.User, "channel:", "staff:")))
            .AddPolicy("staff", p => p.RequireAssertion(c => HasRolePrefix(c.User, "staff:")))
            .AddPolicy("carrier-webhook", p => p.AddAuthenticationSchemes(WebhookOptions.Scheme).RequireAssertion(c => HasRolePrefix(c.User, "carrier:")))
            .AddPolicy("payment-webhook", p => p.AddAuthenticationSchemes(WebhookOptions.Scheme).RequireAssertion(c => HasRolePrefix(c.User, "payment-provider:")));

        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<IConfiguration, SharedRedis>((o, config, redis) =>
        {
            var limits = config.GetSection("Gateway:RateLimit").Get<RateLimitOptions>() ?? new RateLimitOptions();
            o.GlobalLimiter = RateLimits.PerClient(limits, redis);
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Ceiling(after.TotalSeconds) : 1;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString("0");
                await Principals.WriteProblemAsync(context.HttpContext, 429, "Too many requests",
                    $"This client may send {limits.PermitsPerSecond} requests a second (bursts of {limits.Burst}).");
            };
        });

        // The public API description, read from the services through service discovery and the standard resilience handler.
        builder.Services.AddSingleton<PublicApiDocument>();
        builder.Services.AddHttpClient(PublicApiDocument.HttpClientName).AddServiceDiscovery().AddStandardResilienceHandler();

        // YARP: routes and clusters from the ReverseProxy section; a cluster's destination http://intake is resolved by
        // service discovery to every instance the AppHost started (services__intake__http__N). YARP never retries.
        builder.Services.AddServiceDiscovery();
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(context => ProxyPipeline.AddIdentityTransforms(context,
                context.Services.GetRequiredService<IConfiguration>()["Gateway:InternalToken"]!));
    }

    public static void UseGateway(this WebApplication app)
    {
        if (app.Configuration.GetSection("Gateway:ApiKeys").GetChildren().Any() is false)
            throw new InvalidOperationException("Gateway:ApiKeys is empty: no client could call the platform.");
        if (string.IsNullOrEmpty(app.Configuration["Gateway:InternalToken"]))
            throw new InvalidOperationException("Gateway:InternalToken is not configured: no service would accept a forwarded request.");
        app.Use(async (context, next) =>
        {
            // Refuse an oversized body up front, whatever server hosts the gateway (Kestrel also enforces it).
            var limit = context.Request.Path.Value?.EndsWith("/import", StringComparison.Ordinal) == true ? MaxImportBodyBytes : MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await Principals.WriteProblemAsync(context, 413, "Request too large", $"Bodies are limited to {limit / 1024} KiB.");
                return;
            }
            if (limit != MaxRequestBodyBytes && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = limit;
            await next(context);
        });
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(ProxyPipeline.CorrelationHeader, out var id) && id.ToString() is { Length: > 0 and <= 100 } given)
                context.TraceIdentifier = given;
            context.Response.Headers[ProxyPipeline.CorrelationHeader] = context.TraceIdentifier;
            return next(context);
        });
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    /// <summary>
    /// Maps YARP's routes, each behind its AuthorizationPolicy ("anonymous" for a carrier's own push format), with load
    /// balancing over the healthy instances, passive health checks, and problem details when no instance answers.
    /// </summary>
    public static void MapGatewayProxy(this WebApplication app)
    {
        app.MapPublicApiDocument();
        // Every other path goes to the staff console (route "console"), except an /api path no route serves: the API's 404.
        app.Map("/api/{**rest}", () => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
            detail: "No operation of the API has this path; see /openapi/v1.json.")).ExcludeFromDescription();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(ProxyPipeline.ProblemOnFailure);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
    }

    private static bool HasRolePrefix(ClaimsPrincipal user, params string[] prefixes)
        => user.FindAll(ClaimTypes.Role).Any(c => prefixes.Any(p => c.Value.StartsWith(p, StringComparison.Ordinal)));
}
