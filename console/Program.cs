using OrderPlatform.ServiceDefaults;
using OrderPlatform.StaffConsole;
using OrderPlatform.StaffConsole.Components;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("console");
builder.AddStaffConsole();

var app = builder.Build();
app.MapDefaultEndpoints(behindGateway: false);
app.UseStaffConsole();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.Run();
