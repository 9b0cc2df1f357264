using OrderPlatform.Gateway;
using OrderPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGateway();

var app = builder.Build();
app.MapDefaultEndpoints(behindGateway: false);
app.UseGateway();
app.MapGatewayProxy();
app.Run();

public partial class Program;
