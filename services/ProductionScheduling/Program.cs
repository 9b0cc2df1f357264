using OrderPlatform.ProductionScheduling;
using OrderPlatform.ProductionScheduling.Api;
using OrderPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("production-scheduling");
builder.AddProductionScheduling();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapProductionApi();
app.Run();
