using Microsoft.AspNetCore.Builder;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>
/// Accepts /api requests only from the gateway: they must carry the internal token the AppHost
/// gives the gateway and every service, and a caller identity. Anything else is 401.
/// </summary>
internal sealed class GatewayGuard(RequestDelegate next, IConfiguration configuration)
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(configuration["Gateway:InternalToken"]
        ?? throw new InvalidOperationException("Gateway:InternalToken is not configured"));

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            var presented = Encoding.UTF8.GetBytes(context.Request.Headers[Caller.TokenHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(presented, _token) || Caller.From(context) is null)
            {
                await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized",
                    detail: "Call the platform through the gateway.").ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }
}

public static class RoleFilters
{
    /// <summary>Only callers holding one of <paramref name="roles"/> may call; others get 403.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, params string[] roles) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilter(async (context, next) =>
        {
            var caller = Caller.From(context.HttpContext);
            // The manager may look at everything a staff role may see, and change nothing.
            var managerReading = caller is not null && caller.Has(Caller.Manager) && HttpMethods.IsGet(context.HttpContext.Request.Method)
                && roles.Any(r => r.StartsWith("staff:", StringComparison.Ordinal));
            if (caller is null || !(roles.Any(caller.Has) || managerReading))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
                    detail: $"This needs one of the roles: {string.Join(", ", roles)}.");
            return await next(context);
        });
}
