using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>
/// Who is calling, as the gateway authenticated it (client name and roles from the API key).
/// Bind it as an endpoint parameter.
/// </summary>
public sealed record Caller(string Client, IReadOnlySet<string> Roles)
{
    public const string ClientHeader = "X-OP-Client";
    public const string RolesHeader = "X-OP-Roles";
    public const string TokenHeader = "X-OP-Gateway-Token";
    /// <summary>The manager's role: reads whatever a staff role may read (RequireRole on a GET), changes nothing.</summary>
    public const string Manager = "staff:manager";

    public bool Has(string role) => Roles.Contains(role);
    public bool IsStaff => Roles.Any(r => r.StartsWith("staff:", StringComparison.Ordinal));

    /// <summary>The channel code (web-shop, wechat, phone-desk) for a channel client, else null.</summary>
    public string? Channel => Roles.FirstOrDefault(r => r.StartsWith("channel:", StringComparison.Ordinal))?["channel:".Length..];

    public static ValueTask<Caller?> BindAsync(HttpContext context, ParameterInfo parameter)
        => ValueTask.FromResult(From(context));

    public static Caller? From(HttpContext context)
    {
        var client = context.Request.Headers[ClientHeader].ToString();
        if (string.IsNullOrEmpty(client)) return null;
        var roles = context.Request.Headers[RolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Caller(client, roles.ToHashSet(StringComparer.Ordinal));
    }
}
