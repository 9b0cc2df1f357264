using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>
/// The Polly pipeline for outgoing HTTP: a per-attempt timeout and retries with back-off on
/// transient failures. Stands in for Microsoft.Extensions.Http.Resilience, which does not restore here.
/// </summary>
public sealed class ResilienceHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
        .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(200),
            ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .HandleResult(r => (int)r.StatusCode is 502 or 503 or 504),
        })
        .AddTimeout(TimeSpan.FromSeconds(10))
        .Build();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Only requests without a body (or with a buffered one) can be sent again.
        if (request.Content is not null and not ByteArrayContent)
            return await base.SendAsync(request, cancellationToken);
        return await _pipeline.ExecuteAsync(async ct => await base.SendAsync(request, ct), cancellationToken);
    }
}
