using OrderPlatform.AfterSales;
using OrderPlatform.AfterSales.Api;
using OrderPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("after-sales");
builder.AddAfterSales();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapAfterSalesApi();
app.MapCasesApi();
app.MapReturnsApi();
app.MapReportsApi();
app.MapClaimsApi();
app.Run();
