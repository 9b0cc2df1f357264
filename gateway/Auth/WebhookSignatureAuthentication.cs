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
    /// <summary>How far a signature's timestamp may be from now, either way (Gateway:Webhooks:Tolerance, 5 minutes).</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>
    /// Partners ("carrier:CODE", "payment-provider:NAME") still allowed the old form, an HMAC of the body alone without a
    /// timestamp, which a replay cannot be told from (Gateway:Webhooks:LegacySignature). None by default.
    /// </summary>
    public string[] LegacySignature { get; set; } = [];
}

/// <summary>
/// Partners sign each webhook with a timestamp, as Stripe does: <c>X-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of
/// "&lt;t&gt;.&lt;raw body&gt;" with the partner's secret&gt;</c> (several v1 while a secret is rotated). A signature more than
/// <see cref="WebhookOptions.Tolerance"/> from now is refused, so a captured webhook cannot be replayed later; within the window
/// the services answer a repeated eventId as a duplicate. A valid signature identifies the partner as client "carrier:CODE" or
/// "payment-provider:NAME".
/// </summary>
public sealed class WebhookSignatureHandler(IOptionsMonitor<WebhookOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<WebhookOptions>(options, logger, encoder)
{
    public const string Expected = "t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" with your secret>";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (kind, partner) = Partner(Request.Path);
        var secrets = kind == "carrier" ? Options.Carriers : Options.PaymentProviders;
        if (kind is null || partner is null || !secrets.TryGetValue(partner, out var secret))
            return AuthenticateResult.Fail("Unknown webhook partner.");

        if (Request.ContentLength > WebhookOptions.MaxBodyBytes) return AuthenticateResult.Fail("Body too large.");
        Request.EnableBuffering(WebhookOptions.MaxBodyBytes);
        using var buffer = new MemoryStream();
        await Request.Body.CopyToAsync(buffer, Context.RequestAborted);
        Request.Body.Position = 0;
        if (buffer.Length > WebhookOptions.MaxBodyBytes) return AuthenticateResult.Fail("Body too large.");

        var client = $"{kind}:{partner}";
        var refusal = Check(Request.Headers[WebhookOptions.Header].ToString(), secret, buffer.ToArray(), TimeProvider.GetUtcNow(),
            Options.Tolerance, Options.LegacySignature.Contains(client));
        return refusal is null ? AuthenticateResult.Success(Principals.Ticket(client, [client], Scheme.Name)) : AuthenticateResult.Fail(refusal);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var why = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message ?? "No signature.";
        await Principals.WriteProblemAsync(Context, 401, "Unauthorized", $"{why} Sign each webhook: {WebhookOptions.Header}: {Expected}.");
    }

    /// <summary>The header a partner sends for <paramref name="body"/> at <paramref name="at"/>.</summary>
    public static string Sign(string secret, byte[] body, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds();
        return $"t={t},v1={Hmac(secret, [.. Encoding.ASCII.GetBytes($"{t}."), .. body])}";
    }

    /// <summary>The old form, for a partner configured for it: an HMAC of the body alone.</summary>
    public static string SignLegacy(string secret, byte[] body) => $"sha256={Hmac(secret, body)}";

    /// <summary>Null when the header is a valid signature of <paramref name="body"/> now; otherwise why it is refused.</summary>
    public static string? Check(string header, string secret, byte[] body, DateTimeOffset now, TimeSpan tolerance, bool allowLegacy)
    {
        if (header.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase))
            return !allowLegacy ? "The signature has no timestamp."
                : Matches(Hmac(secret, body), [header["sha256=".Length..]]) ? null : "The signature does not match the body.";
        var parts = header.Split(',', StringSplitOptions.TrimEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var stamps = parts.Where(p => p[0] == "t").Select(p => p[1]).ToList();
        var signatures = parts.Where(p => p[0] == "v1").Select(p => p[1]).ToList();
        if (stamps is not [var stamp] || !long.TryParse(stamp, out var t) || signatures.Count == 0) return "The signature is not in the expected form.";
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(t, -62135596800L, 253402300799L));
        if (age.Duration() > tolerance)
            return $"The signature's timestamp is {(int)Math.Abs(age.TotalSeconds)} s {(age > TimeSpan.Zero ? "old" : "ahead")}; at most {(int)tolerance.TotalSeconds} s either way is accepted.";
        return Matches(Hmac(secret, [.. Encoding.ASCII.GetBytes($"{stamp}."), .. body]), signatures) ? null : "The signature does not match the body.";
    }

    private static string Hmac(string secret, byte[] data) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    private static bool Matches(string expected, IEnumerable<string> presented)
        => presented.Aggregate(false, (any, p) => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(p.ToLowerInvariant())) | any);

    /// <summary>/api/logistics/webhooks/{carrier} or /api/billing/webhooks/{provider}.</summary>
    public static (string? Kind, string? Partner) Partner(PathString path)
    {
        var parts = path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (parts is not ["api", var area, "webhooks", var partner]) return (null, null);
        return area switch { "logistics" => ("carrier", partner), "billing" => ("payment-provider", partner), _ => (null, null) };
    }
}
