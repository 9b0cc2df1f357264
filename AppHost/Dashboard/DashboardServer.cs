using OrderPlatform.AppHost.Hosting;

namespace OrderPlatform.AppHost.Dashboard;

public record ResourceView(string Name, string Kind, string State, int? Pid, string? Url, string? Health, int Restarts,
    DateTimeOffset? StartedAt, string[] DependsOn);

/// <summary>The developer dashboard: every resource with its state, pid, URL, health, restarts and recent console log.</summary>
public static class DashboardServer
{
    public static async Task<WebApplication> StartAsync(DistributedApplication app, int port)
    {
        // Content root: the AppHost's own output folder. The default, the working folder, is the repository,
        // and the configuration file watcher would follow every write under .run/ (the databases, the logs).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var web = builder.Build();
        web.MapGet("/", () => Results.Content(Page.Html, "text/html; charset=utf-8"));
        web.MapGet("/api/resources", () => app.Resources.Select(r => new ResourceView(r.Name, r.Kind, r.State.ToString(), r.Pid, r.Url,
            r.Health, r.Restarts, r.StartedAt, r.DependsOn.Select(d => d.Name).ToArray())));
        web.MapGet("/api/resources/{name}/logs", (string name, int? tail) =>
            app.Resources.FirstOrDefault(r => r.Name == name) is { } r
                ? Results.Text(string.Join('\n', r.Tail(Math.Clamp(tail ?? 300, 1, 1000))))
                : Results.NotFound());
        web.MapGet("/api/settings", () => new
        {
            Gateway = $"http://127.0.0.1:{app.Settings.GatewayPort}", app.Settings.RunDirectory, app.Settings.SeedDemoData,
        });
        await web.StartAsync();
        return web;
    }
}
