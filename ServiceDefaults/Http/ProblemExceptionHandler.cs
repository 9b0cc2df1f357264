using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>Turns the exceptions a client can cause into problem details instead of a 500.</summary>
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
            _ => (0, null, "", ""),
        };
        if (status == 0) return false;
        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        });
    }
}
