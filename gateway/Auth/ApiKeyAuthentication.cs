using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderPlatform.Gateway.Auth;

public sealed class ApiClient
{
    public string Client { get; set; } = "";
    public string[] Roles { get; set; } = [];
    /// <summary>
    /// A client that acts for the people signed in to it (the staff console): every request names the person and their
    /// roles (<see cref="ApiKeyOptions.PersonHeader"/>, <see cref="ApiKeyOptions.PersonRolesHeader"/>), and the request
    /// carries that person's name and only the API roles of those roles that the key itself holds.
    /// </summary>
    public bool ActsForPeople { get; set; }
}

public sealed class ApiKeyOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
    public const string PersonHeader = "X-On-Behalf-Of";
    public const string PersonRolesHeader = "X-On-Behalf-Roles";
    /// <summary>API key → client name and roles, from configuration (Gateway:ApiKeys).</summary>
    public Dictionary<string, ApiClient> Keys { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Channel and staff clients are told apart by the X-Api-Key header.</summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<ApiKeyOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[ApiKeyOptions.Header].ToString();
        if (string.IsNullOrEmpty(key)) return Task.FromResult(AuthenticateResult.NoResult());
        if (!Options.Keys.TryGetValue(key, out var client)) return Task.FromResult(AuthenticateResult.Fail("Unknown API key"));
        if (!client.ActsForPeople) return Task.FromResult(AuthenticateResult.Success(Principals.Ticket(client.Client, client.Roles, Scheme.Name)));
        var person = StaffRoles.Person(Request.Headers[ApiKeyOptions.PersonHeader].ToString(), Request.Headers[ApiKeyOptions.PersonRolesHeader].ToString());
        return Task.FromResult(person is null
            ? AuthenticateResult.Fail($"A key that acts for people names the person in {ApiKeyOptions.PersonHeader} and their roles in {ApiKeyOptions.PersonRolesHeader}.")
            : AuthenticateResult.Success(Principals.Ticket(person.Value.Name, person.Value.ApiRoles.Intersect(client.Roles), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        => Principals.WriteProblemAsync(Context, 401, "Unauthorized", $"Send a valid API key in the {ApiKeyOptions.Header} header.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
        => Principals.WriteProblemAsync(Context, 403, "Forbidden", "This API key may not call this endpoint.");
}

public static class Principals
{
    public const string ClientClaim = "client";

    public static AuthenticationTicket Ticket(string client, IEnumerable<string> roles, string scheme)
    {
        var claims = new List<Claim> { new(ClientClaim, client), new(ClaimTypes.Name, client) };
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, scheme)), scheme);
    }

    public static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
        => Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
}
