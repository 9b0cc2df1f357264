using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrderPlatform.ServiceDefaults.Http;

public static class RawJson
{
    /// <summary>
    /// Reads a webhook body as received (to store it verbatim) and parses it; a body that is not the
    /// expected JSON comes back as a validation error instead of an exception.
    /// </summary>
    public static async Task<(string Raw, T? Body, IDictionary<string, string[]>? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var raw = await reader.ReadToEndAsync(ct);
        try { return (raw, JsonSerializer.Deserialize<T>(raw, JsonSerializerOptions.Web), null); }
        catch (JsonException e) { return (raw, default, new Dictionary<string, string[]> { ["body"] = [e.Message] }); }
    }
}
