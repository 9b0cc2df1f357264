using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.Logistics.Api.CarrierFormats;

/// <summary>
/// A push the adapter refuses, and why, in words the carrier's engineer can act on. <see cref="Status"/> is the HTTP
/// status: 401 for a push that did not prove who sent it, 400 for one that cannot be read.
/// </summary>
public sealed class CarrierPushRefused(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;
}

/// <summary>
/// The seam for a carrier that pushes parcel routes in its own format (posted to
/// <c>/api/logistics/webhooks/{Carrier}/{Name}</c>): it proves who sent the push with the carrier's own
/// scheme and the secret configured as <c>Logistics:CarrierPush:{Carrier}:Secret</c>, turns the push into
/// <see cref="CarrierRoute"/>s, and answers in the form the carrier expects. Applying the routes is the same
/// for every carrier. A new carrier is one subclass, listed in <see cref="All"/>, and its secret.
/// </summary>
public abstract class CarrierFormat
{
    public static readonly IReadOnlyList<CarrierFormat> All = [new SfRoutePush(), new ZtoTracePush()];

    public static CarrierFormat? Find(string carrier, string name)
        => All.FirstOrDefault(f => f.Carrier == carrier && f.Name == name);

    public abstract string Carrier { get; }
    public abstract string Name { get; }

    /// <summary>Authenticates and reads a push; throws <see cref="CarrierPushRefused"/> for one to refuse whole.</summary>
    public abstract IReadOnlyList<CarrierRoute> Read(HttpRequest request, byte[] body, string secret);

    /// <summary>The answer when the push was taken (duplicates and unknown parcels included, so the carrier stops pushing).</summary>
    public abstract IResult Taken(string summary);

    public abstract IResult Refused(int status, string reason);

    /// <summary>Chinese text as it is, not as \u escapes: carriers compare the answer byte for byte.</summary>
    protected static readonly JsonSerializerOptions AnswerJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    protected static readonly JsonSerializerOptions ReadJson = new(JsonSerializerDefaults.Web);

    /// <summary>Equal secrets, compared in constant time (of their hashes, so the length does not show either).</summary>
    protected static bool SameSecret(string presented, string expected)
        => CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    /// <summary>A carrier's "yyyy-MM-dd HH:mm:ss", which is China time; as UTC, the only offset PostgreSQL's timestamptz takes.</summary>
    protected static DateTimeOffset? ChinaTimestamp(string? text)
        => DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? new DateTimeOffset(local, ChinaTime.Offset).ToUniversalTime() : null;
}
