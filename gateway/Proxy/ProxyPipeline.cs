using System.Security.Claims;
using Microsoft.Extensions.Primitives;
using OrderPlatform.Gateway.Auth;
using OrderPlatform.ServiceDefaults.Http;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace OrderPlatform.Gateway.Proxy;

/// <summary>
/// What the gateway adds to YARP: the identity it authenticated travels to the service in headers only the gateway
/// sets, and a request YARP could not deliver is answered with problem details instead of an empty 502 or 503.
/// </summary>
public static class ProxyPipeline
{
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>Headers a caller may not send on: its own credentials, and identity headers only the gateway sets.</summary>
    private static readonly string[] Stripped = [ApiKeyOptions.Header, ApiKeyOptions.PersonHeader, ApiKeyOptions.PersonRolesHeader, Caller.ClientHeader, Caller.RolesHeader, Caller.TokenHeader, CorrelationHeader];

    /// <summary>
    /// Strips the caller's credentials and identity headers, then adds the authenticated client (<c>anonymous</c> on a
    /// route open to anyone, such as a carrier's own push format), its roles, the internal token and the correlation id.
    /// </summary>
    public static void AddIdentityTransforms(TransformBuilderContext context, string internalToken)
    {
        foreach (var header in Stripped) context.AddRequestHeaderRemove(header);
        context.AddRequestTransform(transform =>
        {
            var user = transform.HttpContext.User;
            var headers = transform.ProxyRequest.Headers;
            headers.Add(Caller.ClientHeader, user.FindFirstValue(Principals.ClientClaim) ?? "anonymous");
            headers.Add(Caller.RolesHeader, string.Join(',', user.FindAll(ClaimTypes.Role).Select(c => c.Value)));
            headers.Add(Caller.TokenHeader, internalToken);
            headers.Add(CorrelationHeader, transform.HttpContext.TraceIdentifier);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>
    /// What a client is told to wait when no instance of a service is healthy: at least about two rounds of active health
    /// checks, and up to 4 s more at random, so that the clients an outage held up do not all come back in the same second.
    /// </summary>
    public static int NoInstanceRetryAfterSeconds() => 5 + Random.Shared.Next(5);

    /// <summary>Turns YARP's bare 502/503/504 into problem details the client can act on.</summary>
    public static async Task ProblemOnFailure(HttpContext context, Func<Task> next)
    {
        await next();
        if (context.Response.HasStarted) return;
        if (context.GetForwarderErrorFeature() is not { } failure) return;
        var (status, title, detail, retryAfter) = failure.Error switch
        {
            ForwarderError.RequestCanceled => (0, "", "", 0),
            ForwarderError.RequestTimedOut => (504, "Gateway timeout", "The service behind this route did not answer in time; retry shortly.", 1),
            // None to try, or none healthy (YARP then tries one anyway, in case the checks are behind, and it failed too):
            // every instance is down or starting, and asking again within a second only takes the CPU they start with.
            _ when NoneHealthy(context) => (503, "Service unavailable",
                "No healthy instance of the service behind this route is up just now; retry after the pause Retry-After gives.", NoInstanceRetryAfterSeconds()),
            _ => (502, "Bad gateway", "The service behind this route did not answer; retry shortly.", 1),
        };
        if (status == 0) return;
        context.Response.Headers.RetryAfter = new StringValues(retryAfter.ToString());
        await Principals.WriteProblemAsync(context, status, title, detail);
    }

    /// <summary>True when the route's cluster has no instance, or the health checks found every one of them unhealthy.</summary>
    private static bool NoneHealthy(HttpContext context)
        => context.GetReverseProxyFeature() is not { } proxy
           || proxy.AllDestinations.All(d => d.Health.Active == DestinationHealth.Unhealthy || d.Health.Passive == DestinationHealth.Unhealthy);
}

