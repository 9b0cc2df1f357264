using OrderPlatform.Logistics;
using OrderPlatform.Logistics.Api;
using OrderPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("logistics");
builder.AddLogistics();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapLogisticsApi();
app.Run();
