using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Http.Resilience;
using OrderPlatform.StaffConsole.People;
using OrderPlatform.StaffConsole.Platform;

namespace OrderPlatform.StaffConsole;

public static class Extensions
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>
    /// The console: Blazor with server-side interactivity, people signed in with a cookie, Chinese by default and English
    /// when the browser or the person asks, and the platform's public API through the gateway, called as the person.
    /// </summary>
    public static void AddStaffConsole(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddLocalization();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/forbidden";
            o.Cookie.Name = "op-console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            // A working day; a session left alone for two hours ends.
            o.ExpireTimeSpan = TimeSpan.FromHours(2);
            o.SlidingExpiration = true;
        });
        builder.Services.AddSingleton<StaffDirectory>();
        builder.Services.AddOptions<StaffDirectoryOptions>().BindConfiguration("Console");

        // The gateway, found by service discovery (services__gateway__http__0 from the AppHost). A failed POST is not
        // retried here: the person sees why and tries again (an order's form keeps its Idempotency-Key).
        builder.Services.AddServiceDiscovery();
        builder.Services.AddHttpClient<PlatformApi>(c =>
            {
                c.BaseAddress = new Uri(builder.Configuration["Console:GatewayUrl"] ?? "http://gateway");
                c.Timeout = TimeSpan.FromSeconds(30);
            })
            .AddServiceDiscovery()
            .AddStandardResilienceHandler(o => o.Retry.DisableForUnsafeHttpMethods());
    }

    public static void UseStaffConsole(this WebApplication app)
    {
        app.UseRequestLocalization(o =>
        {
            o.SetDefaultCulture("zh-CN");
            o.SupportedCultures = o.SupportedUICultures = Cultures;
            o.FallBackToParentUICultures = true;
        });
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapPost("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/login");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        // The language switch: remembered in the culture cookie, read by the request localisation above.
        app.MapGet("/language/{culture}", (HttpContext context, string culture, string? back) =>
        {
            if (Cultures.Any(c => c.Name == culture))
                context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(IsLocalPath(back) ? back! : "/");
        });
    }

    /// <summary>A path on this site (a return address after signing in or switching language), never another site's.</summary>
    public static bool IsLocalPath(string? url) => url is { Length: > 0 } && url.StartsWith('/') && !url.StartsWith("//");
}
