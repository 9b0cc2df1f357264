using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace OrderPlatform.EndToEndTests;

/// <summary>
/// One error format everywhere: every error answer, from the gateway or a service, is problem details (RFC 9457) as
/// <c>application/problem+json</c>, with a stable type per kind of error, its status and the trace id.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ProblemFormatTests(PlatformFixture platform)
{
    /// <summary>The problem types as clients see them (docs/ERRORS.md): written out, since they are part of the public API.</summary>
    private static class ProblemTypes
    {
        private const string Base = "https://orderplatform.example/problems/";
        public const string Validation = Base + "validation", BadRequest = Base + "bad-request", Unauthorized = Base + "unauthorized",
            Forbidden = Base + "forbidden", NotFound = Base + "not-found", InvalidState = Base + "invalid-state",
            PayloadTooLarge = Base + "payload-too-large", Unprocessable = Base + "unprocessable";
    }

    [Fact]
    public async Task Every_error_answer_the_public_document_declares_is_problem_details()
    {
        var document = JsonNode.Parse(await platform.Http.GetStringAsync("/openapi/v1.json"))!;
        var errors = (from path in document["paths"]!.AsObject()
                      from operation in path.Value!.AsObject()
                      from response in operation.Value!["responses"]!.AsObject()
                      where int.Parse(response.Key) >= 400
                      select (Where: $"{operation.Key} {path.Key} {response.Key}", Content: response.Value!["content"]?.AsObject())).ToList();
        Assert.True(errors.Count > 300, $"{errors.Count} error answers");
        Assert.All(errors, e =>
        {
            Assert.True(e.Content is not null, $"{e.Where} declares no content");
            Assert.Equal(["application/problem+json"], e.Content!.Select(c => c.Key));
        });
    }

    public static TheoryData<string, int, string> Errors => new()
    {
        { "incomplete order", 400, ProblemTypes.Validation },
        { "unreadable body", 400, ProblemTypes.BadRequest },
        { "no API key", 401, ProblemTypes.Unauthorized },
        { "bad webhook signature", 401, ProblemTypes.Unauthorized },
        { "channel on a staff route", 403, ProblemTypes.Forbidden },
        { "unknown order", 404, ProblemTypes.NotFound },
        { "unknown route", 404, ProblemTypes.NotFound },
        { "receipt before delivery", 409, ProblemTypes.InvalidState },
        { "body over 1 MiB", 413, ProblemTypes.PayloadTooLarge },
        { "unknown customer", 422, ProblemTypes.Unprocessable },
        { "unknown SKU", 422, ProblemTypes.Unprocessable },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task An_error_is_problem_details_of_its_kind_with_the_trace_id(string error, int status, string type)
    {
        // The gateway closes the connection of a body it refuses for its size: that one goes on a connection of its own.
        using var own = new HttpClient { BaseAddress = platform.Http.BaseAddress };
        var response = await (status == 413 ? own : platform.Http).SendAsync(await RequestAsync(error));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(type, problem["type"]!.GetValue<string>());
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.Matches("^[0-9a-f]{32}$", problem["traceId"]!.GetValue<string>());
        if (type is ProblemTypes.Validation or ProblemTypes.Unprocessable) Assert.NotEmpty(problem["errors"]!.AsObject());
    }

    private async Task<HttpRequestMessage> RequestAsync(string error)
    {
        HttpRequestMessage Order(object body, string apiKey = "dev-web-shop-key")
        {
            var request = PlatformFixture.Request(HttpMethod.Post, "/api/orders", apiKey, body);
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            return request;
        }
        switch (error)
        {
            case "incomplete order": return Order(new { customerId = "R-0001" });
            case "unreadable body":
                var unreadable = Order(new { });
                unreadable.Content = new StringContent("{\"customerId\": ", Encoding.UTF8, "application/json");
                return unreadable;
            case "no API key": return PlatformFixture.Request(HttpMethod.Get, "/api/orders", null);
            case "bad webhook signature":
                var webhook = PlatformFixture.Request(HttpMethod.Post, "/api/billing/webhooks/mockpay", null, new { eventId = "x" });
                webhook.Headers.Add("X-Signature", "sha256=00");
                return webhook;
            case "channel on a staff route": return PlatformFixture.Request(HttpMethod.Get, "/api/credit/holds", "dev-web-shop-key");
            case "unknown order": return PlatformFixture.Request(HttpMethod.Get, "/api/orders/SO-20990101-999999", "dev-staff-key");
            case "unknown route": return PlatformFixture.Request(HttpMethod.Get, "/api/nothing-here", "dev-staff-key");
            case "receipt before delivery":
                var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("R-0001"));
                return PlatformFixture.Request(HttpMethod.Post, $"/api/orders/{number}/receipt", "dev-web-shop-key");
            case "body over 1 MiB":
                var large = Order(new { });
                large.Content = new StringContent($"{{\"notes\": \"{new string('x', 1100 * 1024)}\"}}", Encoding.UTF8, "application/json");
                // As curl does for a large body: the gateway refuses it before it is sent, instead of closing the
                // connection while the client is still writing it (a broken pipe, not an answer).
                large.Headers.ExpectContinue = true;
                return large;
            case "unknown customer": return Order(PlatformFixture.NewOrder("R-9999"));
            case "unknown SKU": return Order(PlatformFixture.NewOrder("R-0001", "Regular", new { sku = "NO-SUCH-SKU", quantity = 1, unitPrice = 1m }));
            default: throw new ArgumentOutOfRangeException(nameof(error), error, null);
        }
    }
}
