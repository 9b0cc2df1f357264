using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>
/// Names every operation in the service's OpenAPI document after its handler: operation id <c>OrdersConfirmReceipt</c>
/// for <c>OrdersApi.ConfirmReceipt</c>, and, unless the endpoint has a summary of its own (<c>WithSummary</c>), the
/// handler's name in words as its summary ("Confirm receipt", "Get order").
/// </summary>
public static partial class OperationNames
{
    public static Task NameAndSummarize(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = metadata.OfType<MethodInfo>().FirstOrDefault(m => !m.Name.Contains('<'));
        var name = metadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName
            ?? (method is null ? null : Area(method.DeclaringType) + method.Name);
        if (name is null) return Task.CompletedTask;
        operation.OperationId ??= name;
        if (!metadata.OfType<IEndpointSummaryMetadata>().Any()) operation.Summary = Words(method?.Name ?? name, Area(method?.DeclaringType));
        return Task.CompletedTask;
    }

    private static string Area(Type? type) => type is null ? "" : type.Name.EndsWith("Api", StringComparison.Ordinal) ? type.Name[..^3] : type.Name;

    /// <summary>"ConfirmReceipt" → "Confirm receipt"; a verb alone takes what it acts on from its API: "Get" in OrdersApi → "Get order", "List" → "List orders".</summary>
    public static string Words(string name, string area = "")
    {
        var words = WordStart().Split(name.Replace("Async", "")).Where(w => w.Length > 0).Select((w, i) => i == 0 ? w : w.ToLowerInvariant()).ToList();
        if (words.Count == 1 && area.Length > 0)
        {
            var things = string.Join(' ', WordStart().Split(area).Select(w => w.ToLowerInvariant()));
            words.Add(words[0] == "List" || !things.EndsWith('s') ? things : things[..^1]);
        }
        return string.Join(' ', words);
    }

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial Regex WordStart();
}

public static class OpenApiExamples
{
    /// <summary>Shows <paramref name="example"/> as the example of <typeparamref name="T"/>'s schema in the service's OpenAPI document.</summary>
    public static WebApplicationBuilder AddOpenApiExample<T>(this WebApplicationBuilder builder, T example)
    {
        builder.Services.Configure<OpenApiOptions>("v1", o => o.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(T))
                schema.Examples = [JsonSerializer.SerializeToNode(example, context.JsonTypeInfo.Options)!];
            return Task.CompletedTask;
        }));
        return builder;
    }
}
