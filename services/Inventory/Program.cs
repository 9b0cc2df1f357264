using OrderPlatform.Inventory;
using OrderPlatform.Inventory.Api;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("inventory");
builder.AddInternalGrpcServer();
builder.AddInventory();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseOutputCache();
app.MapInternalGrpc<CatalogueGrpc>();
app.MapInventoryApi();
app.MapCatalogueApi();
app.MapWarehousesApi();
app.Run();
