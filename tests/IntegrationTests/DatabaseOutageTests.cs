extern alias apphost;

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using apphost::OrderPlatform.AppHost;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.IntegrationTests;

/// <summary>
/// A service whose database is down for a moment (PostgreSQL restarting, a connection cut) answers 503 with Retry-After
/// and the problem type "unavailable" — not a bare 500 — through the service defaults every service uses.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class DatabaseOutageTests(Infrastructure infrastructure)
{
    private static async Task<HttpResponseMessage> AskAsync(Func<Task> query)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults("outage-test");
        await using var app = builder.Build();
        app.MapDefaultEndpoints(behindGateway: false);
        app.MapGet("/orders", async () =>
        {
            await query();
            return "read";
        });
        await app.StartAsync();
        using var http = new HttpClient();
        return await http.GetAsync($"{app.Urls.First()}/orders");
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.EndsWith("unavailable", problem["type"]!.GetValue<string>());
        Assert.Contains("database did not answer", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_database_that_refuses_connections_is_a_503_with_retry_after()
    {
        // A port nobody listens on: what a service meets while its PostgreSQL is stopped or restarting.
        var down = $"Host=127.0.0.1;Port={PlatformExtensions.FreePort()};Username=postgres;Timeout=3";
        await AssertUnavailableAsync(await AskAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(down);
            await connection.OpenAsync();
        }));
    }

    [Fact]
    public async Task A_connection_the_server_shuts_down_mid_request_is_a_503_with_retry_after()
    {
        // The server ends the session as it does when it shuts down (57P01, terminating connection due to administrator command).
        var database = await infrastructure.NewDatabaseAsync();
        await AssertUnavailableAsync(await AskAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pg_backend_pid())", connection);
            await terminate.ExecuteNonQueryAsync();
            await using var next = new NpgsqlCommand("SELECT 1", connection);
            await next.ExecuteScalarAsync();
        }));
    }

    [Fact]
    public async Task A_query_the_client_got_wrong_is_still_not_called_unavailable()
    {
        var database = await infrastructure.NewDatabaseAsync();
        var response = await AskAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync();
            await using var wrong = new NpgsqlCommand("SELECT * FROM no_such_table", connection);
            await wrong.ExecuteScalarAsync();
        });
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
    }
}
