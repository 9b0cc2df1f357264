using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>
/// Turns the exceptions a client can cause into problem details instead of a 500, and a dependency that is down for a
/// moment (a service that does not answer, a database restarting) into a 503 with Retry-After: the client's retry is
/// the right move, and with the same Idempotency-Key it is done once.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, type, title, detail) = exception switch
        {
            DomainException e => (StatusCodes.Status409Conflict, ProblemTypes.InvalidState, "Not allowed in the current state", e.Message),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, ProblemTypes.ConcurrentChange, "Changed concurrently",
                "The record was changed by someone else; read it again and retry."),
            DbUpdateException { InnerException: Npgsql.PostgresException { SqlState: "23505" } } =>
                (StatusCodes.Status409Conflict, ProblemTypes.ConcurrentChange, "Already exists", "The same record was written concurrently; read it again."),
            Grpc.Core.RpcException { StatusCode: Grpc.Core.StatusCode.Unavailable or Grpc.Core.StatusCode.DeadlineExceeded } =>
                (StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Service unavailable",
                "A service this request depends on did not answer in time; nothing was stored. Retry shortly."),
            BadHttpRequestException e => (e.StatusCode, null, "Bad request", e.InnerException?.Message ?? e.Message),
            _ when DatabaseUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Service unavailable",
                "The service's database did not answer (it may be restarting). Retry shortly; with the same Idempotency-Key a request is done once."),
            _ => (0, null, "", ""),
        };
        if (status == 0) return false;
        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        });
    }

    internal const string RetryAfterSeconds = "2";

    /// <summary>A connection refused or broken, PostgreSQL shutting down (57P01, 57P02) or starting up (57P03), or another error Npgsql calls transient.</summary>
    internal static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.NpgsqlException { IsTransient: true } or Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" }) return true;
        return false;
    }
}
