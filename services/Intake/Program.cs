using OrderPlatform.Intake;
using OrderPlatform.Intake.Api;
using OrderPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("intake");
builder.AddIntake();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOrdersApi();
app.MapReportsApi();
app.Run();
