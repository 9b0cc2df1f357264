using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.Authorization;

namespace OrderPlatform.StaffConsole.Platform;

/// <summary>What the API answered: the value, or the problem it reported (or that it could not be reached).</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Ok => Problem is null;
}

/// <summary>A problem answer (RFC 9457) with its field errors; status 0 when the platform could not be reached at all.</summary>
public sealed record ApiProblem(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Unavailable => Status is 0 or 502 or 503 or 504;
}

/// <summary>
/// The platform's public API through the gateway, called with the console's key as the signed-in person: the gateway
/// passes their name and roles on, so every action is theirs in the order's timeline and the services refuse (403) what
/// their roles do not allow.
/// </summary>
public sealed class PlatformApi(HttpClient http, AuthenticationStateProvider authentication, IConfiguration configuration, ILogger<PlatformApi> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Get, path, null, null, ct);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, string? idempotencyKey = null, CancellationToken ct = default)
        => SendAsync<T>(HttpMethod.Post, path, body, idempotencyKey, ct);

    /// <summary>
    /// The order as it is now, or once it changes: with the version last seen, the gateway holds the request up to 5 s
    /// (<c>Prefer: wait</c>) and answers 304 when nothing changed (a null value and no problem).
    /// </summary>
    public async Task<(ApiResult<OrderView> Result, string? Version)> WaitForOrderAsync(string orderNumber, string? version, CancellationToken ct)
    {
        var seen = version;
        var result = await SendAsync<OrderView>(HttpMethod.Get, $"api/orders/{Uri.EscapeDataString(orderNumber)}", null, null, ct, request =>
        {
            if (version is null) return;
            request.Headers.TryAddWithoutValidation("If-None-Match", version);
            request.Headers.Add("Prefer", "wait=5");
        }, response => seen = response.Headers.ETag?.ToString() ?? version);
        return (result, seen);
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken ct,
        Action<HttpRequestMessage>? prepare = null, Action<HttpResponseMessage>? answered = null)
    {
        using var request = await RequestAsync(method, path, body, idempotencyKey);
        prepare?.Invoke(request);
        try
        {
            using var response = await http.SendAsync(request, ct);
            answered?.Invoke(response);
            return await ReadAsync<T>(response, ct);
        }
        // Unreachable: refused connections, timeouts, and the resilience handler's open circuit.
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or Polly.ExecutionRejectedException && !ct.IsCancellationRequested)
        {
            return Unreachable<T>(e);
        }
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, object? body, string? idempotencyKey)
    {
        var person = (await authentication.GetAuthenticationStateAsync()).User;
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", configuration["Console:ApiKey"]);
        request.Headers.Add("X-On-Behalf-Of", person.Identity?.Name ?? "");
        request.Headers.Add("X-On-Behalf-Roles", string.Join(',', person.FindAll(ClaimTypes.Role).Select(c => c.Value)));
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        return request;
    }

    private static async Task<ApiResult<T>> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.NotModified) return new ApiResult<T>(default, null);
        if (response.IsSuccessStatusCode)
            return new ApiResult<T>(response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<T>(Json, ct), null);
        ProblemBody? problem = null;
        try { problem = await response.Content.ReadFromJsonAsync<ProblemBody>(Json, ct); }
        catch (JsonException) { /* not problem details: the status alone says what happened */ }
        return new ApiResult<T>(default, new ApiProblem((int)response.StatusCode, problem?.Title, problem?.Detail,
            problem?.Errors ?? new Dictionary<string, string[]>()));
    }

    private ApiResult<T> Unreachable<T>(Exception e)
    {
        logger.LogWarning(e, "The platform could not be reached");
        return new ApiResult<T>(default, new ApiProblem(0, null, null, new Dictionary<string, string[]>()));
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
