using OrderPlatform.Inventory;
using OrderPlatform.Inventory.Api;
using OrderPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("inventory");
builder.AddInventory();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInventoryApi();
app.Run();
