using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OrderPlatform.Gateway.Auth;

public sealed class WebhookOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "WebhookSignature";
    public const string Header = "X-Signature";
    public const int MaxBodyBytes = 64 * 1024;
    /// <summary>Carrier code → shared secret (Gateway:Webhooks:Carriers).</summary>
    public Dictionary<string, string> Carriers { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Payment provider → shared secret (Gateway:Webhooks:PaymentProviders).</summary>
    public Dictionary<string, string> PaymentProviders { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Partners sign each webhook: X-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body with the partner's secret&gt;.
/// A valid signature identifies the partner as client "carrier:CODE" or "payment-provider:NAME".
/// </summary>
public sealed class WebhookSignatureHandler(IOptionsMonitor<WebhookOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<WebhookOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (kind, partner) = Partner(Request.Path);
        var secrets = kind == "carrier" ? Options.Carriers : Options.PaymentProviders;
        if (kind is null || partner is null || !secrets.TryGetValue(partner, out var secret))
            return AuthenticateResult.Fail("Unknown webhook partner");

        if (Request.ContentLength > WebhookOptions.MaxBodyBytes) return AuthenticateResult.Fail("Body too large");
        Request.EnableBuffering(WebhookOptions.MaxBodyBytes);
        using var buffer = new MemoryStream();
        await Request.Body.CopyToAsync(buffer, Context.RequestAborted);
        Request.Body.Position = 0;
        if (buffer.Length > WebhookOptions.MaxBodyBytes) return AuthenticateResult.Fail("Body too large");

        if (!IsValid(Request.Headers[WebhookOptions.Header].ToString(), secret, buffer.ToArray()))
            return AuthenticateResult.Fail("Bad signature");
        var client = $"{kind}:{partner}";
        return AuthenticateResult.Success(Principals.Ticket(client, [client], Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
        => Principals.WriteProblemAsync(Context, 401, "Unauthorized",
            $"Sign the raw body: {WebhookOptions.Header}: sha256=<hex HMAC-SHA256 with your secret>.");

    public static string Sign(string secret, byte[] body)
        => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static bool IsValid(string header, string secret, byte[] body)
    {
        if (!header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase)) return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, body));
        var presented = Encoding.ASCII.GetBytes("sha256=" + header["sha256=".Length..].ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>/api/logistics/webhooks/{carrier} or /api/billing/webhooks/{provider}.</summary>
    public static (string? Kind, string? Partner) Partner(PathString path)
    {
        var parts = path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (parts is not ["api", var area, "webhooks", var partner]) return (null, null);
        return area switch { "logistics" => ("carrier", partner), "billing" => ("payment-provider", partner), _ => (null, null) };
    }
}
