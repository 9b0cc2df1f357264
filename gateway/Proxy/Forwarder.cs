using System.Security.Claims;
using OrderPlatform.Gateway.Auth;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.Gateway.Proxy;

/// <summary>
/// Forwards a request to one destination of its cluster (round robin), streaming both bodies.
/// It strips the caller's credentials and any identity headers it did not set itself, then adds
/// the authenticated client, its roles, the internal gateway token and a correlation id.
/// Stands in for Yarp.ReverseProxy's forwarder, which does not restore here.
/// </summary>
public sealed class Forwarder(HttpMessageInvoker http, IConfiguration configuration, ILogger<Forwarder> logger)
{
    public const string CorrelationHeader = "X-Correlation-Id";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private static readonly HashSet<string> Stripped = new(StringComparer.OrdinalIgnoreCase)
    {
        ApiKeyOptions.Header, Caller.ClientHeader, Caller.RolesHeader, Caller.TokenHeader,
    };

    private readonly string _token = configuration["Gateway:InternalToken"]
        ?? throw new InvalidOperationException("Gateway:InternalToken is not configured");
    private int _next;

    public async Task ForwardAsync(HttpContext context, IReadOnlyList<Uri> destinations)
    {
        if (destinations.Count == 0)
        {
            await Principals.WriteProblemAsync(context, 503, "Service unavailable", "No destination is configured for this route.");
            return;
        }
        var destination = destinations[(int)((uint)Interlocked.Increment(ref _next) % destinations.Count)];
        using var request = BuildRequest(context, destination);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, context.RequestAborted);
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "Forwarding {Path} to {Destination} failed", context.Request.Path, destination);
            await Principals.WriteProblemAsync(context, 502, "Bad gateway", "The service behind this route did not answer; retry shortly.");
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
                if (!HopByHop.Contains(header.Key)) context.Response.Headers[header.Key] = header.Value.ToArray();
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            await body.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    private HttpRequestMessage BuildRequest(HttpContext context, Uri destination)
    {
        var incoming = context.Request;
        var request = new HttpRequestMessage(new HttpMethod(incoming.Method),
            new Uri(destination, incoming.Path.Value + incoming.QueryString.Value));
        if (incoming.ContentLength > 0 || incoming.Headers.TransferEncoding.Count > 0)
            request.Content = new StreamContent(incoming.Body);
        foreach (var header in incoming.Headers)
        {
            if (HopByHop.Contains(header.Key) || Stripped.Contains(header.Key)) continue;
            if (!request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
                request.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }
        var user = context.User;
        // A route open to anonymous callers (a carrier's own push format) reaches the service as client "anonymous", with no roles.
        request.Headers.Add(Caller.ClientHeader, user.FindFirstValue(Principals.ClientClaim) ?? "anonymous");
        request.Headers.Add(Caller.RolesHeader, string.Join(',', user.FindAll(ClaimTypes.Role).Select(c => c.Value)));
        request.Headers.Add(Caller.TokenHeader, _token);
        request.Headers.Remove(CorrelationHeader);
        request.Headers.Add(CorrelationHeader, context.TraceIdentifier);
        request.Headers.Add("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString());
        request.Headers.Add("X-Forwarded-Proto", incoming.Scheme);
        request.Headers.Add("X-Forwarded-Host", incoming.Host.Value);
        return request;
    }
}
