using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderPlatform.Chaos;

/// <summary>A request that got no acceptable answer in the time a client waits.</summary>
public sealed class GaveUp(string message) : Exception(message);

/// <summary>What clients saw: every 5xx and every request that failed without an answer, with when it was sent and answered.</summary>
public sealed class ClientLog
{
    /// <param name="Detail">The problem's title and detail, when the answer had them.</param>
    public sealed record Failure(DateTimeOffset Sent, DateTimeOffset Answered, string What, string Outcome, string Detail = "");

    public ConcurrentQueue<Failure> Failures { get; } = new();
    public long Requests;
    public long RetryAfterHonoured;
    public long WebhooksResent;
}

/// <summary>
/// The gateway as the web shop, the phone desk, staff, the payment provider and the carriers use it, behaving
/// as real clients do: a request that fails or times out is sent again (with the same Idempotency-Key for a new
/// order), Retry-After is honoured, and a webhook the platform did not acknowledge is sent again.
/// </summary>
public sealed class Client(Uri gateway, ClientLog log)
{
    /// <summary>How long a client keeps trying one request before giving up on it.</summary>
    public static TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
        { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(20) };

    public const string Shop = "dev-web-shop-key", PhoneDesk = "dev-phone-desk-key", Staff = "dev-staff-key";

    /// <summary>
    /// Sends until the answer is neither a 5xx, a 429 nor a failure to answer; returns that answer. Each attempt is a
    /// new request made by <paramref name="make"/> (a webhook is signed again, with the same body).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, string what, CancellationToken ct = default)
    {
        var giveUp = DateTimeOffset.UtcNow + GiveUpAfter;
        var pause = TimeSpan.FromMilliseconds(200);
        var last = "";
        while (true)
        {
            var sent = DateTimeOffset.UtcNow;
            Interlocked.Increment(ref log.Requests);
            TimeSpan? retryAfter = null;
            try
            {
                var response = await _http.SendAsync(make(), ct);
                var code = (int)response.StatusCode;
                if (code < 500 && code != 429) return response;
                var body = await response.Content.ReadAsStringAsync(ct);
                last = $"{code} {body}";
                if (code >= 500) log.Failures.Enqueue(new(sent, DateTimeOffset.UtcNow, what, code.ToString(), ProblemOf(body)));
                retryAfter = response.Headers.RetryAfter?.Delta;
                response.Dispose();
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                last = e.Message;
                log.Failures.Enqueue(new(sent, DateTimeOffset.UtcNow, what, e is TaskCanceledException ? "timeout" : "no answer"));
            }
            if (DateTimeOffset.UtcNow > giveUp) throw new GaveUp($"{what}: no acceptable answer for {GiveUpAfter.TotalMinutes:0} minutes; the last: {last}");
            if (retryAfter is { } wait)
            {
                Interlocked.Increment(ref log.RetryAfterHonoured);
                await Task.Delay(wait, ct);
                continue;
            }
            // Exponential back-off with jitter, as client libraries do: clients failed by one outage do not return in step.
            await Task.Delay(pause * (0.5 + Random.Shared.NextDouble()), ct);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 3000));
        }
    }

    /// <summary>A problem answer's title and detail, for the account; the body's beginning when it is not one.</summary>
    private static string ProblemOf(string body)
    {
        try
        {
            var problem = JsonNode.Parse(body);
            return $"{problem?["title"]}: {problem?["detail"]}";
        }
        catch (JsonException)
        {
            return body[..Math.Min(body.Length, 120)];
        }
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (body is not null) request.Content = JsonContent.Create(body);
        return request;
    }

    /// <summary>A POST that must succeed; a 4xx other than those in <paramref name="alsoFine"/> is a failure of the run.</summary>
    public async Task<JsonNode?> PostAsync(string path, string key, object? body, string what, params HttpStatusCode[] alsoFine)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Post, path, key, body ?? new { }), what);
        if (response.IsSuccessStatusCode) return await ReadAsync(response);
        if (alsoFine.Contains(response.StatusCode)) return null;
        throw new GaveUp($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonNode> GetAsync(string path, string key, string what)
    {
        using var response = await SendAsync(() => Request(HttpMethod.Get, path, key), what);
        if (!response.IsSuccessStatusCode) throw new GaveUp($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await ReadAsync(response))!;
    }

    /// <summary>Follows an order until <paramref name="reached"/>, asking with its version and waiting for a change (Prefer: wait=5).</summary>
    public async Task<JsonNode> WaitForOrderAsync(string number, string key, Func<JsonNode, bool> reached, string what)
    {
        var giveUp = DateTimeOffset.UtcNow + GiveUpAfter;
        string? version = null;
        JsonNode? order = null;
        while (true)
        {
            using var response = await SendAsync(() =>
            {
                var request = Request(HttpMethod.Get, $"/api/orders/{number}", key);
                if (version is null) return request;
                request.Headers.TryAddWithoutValidation("If-None-Match", version);
                request.Headers.TryAddWithoutValidation("Prefer", "wait=5");
                return request;
            }, $"follow {number}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                order = (await ReadAsync(response))!;
                version = response.Headers.ETag?.Tag;
                if (reached(order)) return order;
            }
            else if (response.StatusCode != HttpStatusCode.NotModified)
                throw new GaveUp($"follow {number}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (DateTimeOffset.UtcNow > giveUp) throw new GaveUp($"{number} never reached {what}; it is {order?["status"]}");
        }
    }

    /// <summary>Polls a resource other than an order until <paramref name="reached"/>.</summary>
    public async Task<JsonNode> PollAsync(string path, string key, Func<JsonNode, bool> reached, string what)
    {
        var giveUp = DateTimeOffset.UtcNow + GiveUpAfter;
        while (true)
        {
            var node = await GetAsync(path, key, what);
            if (reached(node)) return node;
            if (DateTimeOffset.UtcNow > giveUp) throw new GaveUp($"{what}: not reached in {GiveUpAfter.TotalMinutes:0} minutes ({node.ToJsonString()[..Math.Min(200, node.ToJsonString().Length)]})");
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// A partner's webhook, signed with a timestamp, sent until acknowledged (2xx; signed again on each attempt, as a
    /// partner does when it retries), then sent once more, as partners do when an acknowledgement is lost.
    /// </summary>
    public async Task WebhookTwiceAsync(string path, string secret, object payload, string what)
    {
        var body = JsonSerializer.Serialize(payload);
        for (var copy = 0; copy < 2; copy++)
        {
            using var response = await SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                request.Headers.Add("X-Signature", $"t={t},v1={Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}")))}");
                return request;
            }, what);
            if (!response.IsSuccessStatusCode) throw new GaveUp($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (copy == 1) Interlocked.Increment(ref log.WebhooksResent);
        }
    }

    private static async Task<JsonNode?> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
