using OrderPlatform.Billing;
using OrderPlatform.Billing.Api;
using OrderPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("billing");
builder.AddBilling();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapBillingApi();
app.MapInvoicesApi();
app.MapCarrierClaimsApi();
app.Run();
