using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>
/// The <c>type</c> of every problem answer (RFC 9457), one per kind of error and the same in every service and the
/// gateway, so a client can act on the kind without reading the title. docs/ERRORS.md says what each means.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://orderplatform.example/problems/";

    /// <summary>400 with <c>errors</c>: fields that are missing or malformed, each named.</summary>
    public const string Validation = Base + "validation";
    /// <summary>400 without <c>errors</c>: a body or query that cannot be read at all.</summary>
    public const string BadRequest = Base + "bad-request";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    /// <summary>409: the action is not allowed in the record's current state; the detail says why.</summary>
    public const string InvalidState = Base + "invalid-state";
    /// <summary>409: the record changed meanwhile (another request won); read it again and retry.</summary>
    public const string ConcurrentChange = Base + "concurrent-change";
    public const string PayloadTooLarge = Base + "payload-too-large";
    /// <summary>422: well-formed, but names what the platform does not know or cannot do (an unknown SKU or customer).</summary>
    public const string Unprocessable = Base + "unprocessable";
    public const string RateLimited = Base + "rate-limited";
    /// <summary>502, 503, 504: a service or server the request needs did not answer; nothing was stored.</summary>
    public const string Unavailable = Base + "unavailable";
    public const string Internal = Base + "internal";

    /// <summary>The type for a problem that did not set one of ours (ASP.NET Core's defaults point at the HTTP RFC).</summary>
    public static string For(ProblemDetails problem) => problem.Status switch
    {
        400 => problem is HttpValidationProblemDetails { Errors.Count: > 0 } ? Validation : BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        409 => InvalidState,
        413 => PayloadTooLarge,
        422 => Unprocessable,
        429 => RateLimited,
        502 or 503 or 504 => Unavailable,
        >= 500 => Internal,
        _ => BadRequest,
    };

    /// <summary>Gives the problem our type (unless it has one of ours already) and the trace id.</summary>
    internal static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        if (problem.Type?.StartsWith(Base, StringComparison.Ordinal) != true) problem.Type = For(problem);
        problem.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
    }
}

/// <summary>Problem answers of the kinds an endpoint states itself, as <c>application/problem+json</c>.</summary>
public static class Problems
{
    /// <summary>422 naming each field that refers to something the platform does not know or cannot do.</summary>
    public static ProblemHttpResult Unprocessable(string title, IDictionary<string, string[]> errors)
        => TypedResults.Problem(new HttpValidationProblemDetails(errors)
            { Status = StatusCodes.Status422UnprocessableEntity, Type = ProblemTypes.Unprocessable, Title = title });

    /// <summary>409: not allowed in the current state, and why.</summary>
    public static ProblemHttpResult InvalidState(string title, string detail)
        => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, type: ProblemTypes.InvalidState, title: title, detail: detail);
}
