using OrderPlatform.CreditReview;
using OrderPlatform.CreditReview.Api;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("credit-review");
builder.AddInternalGrpcServer();
builder.AddCreditReview();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapInternalGrpc<CustomersGrpc>();
app.MapCreditApi();
app.MapCustomersApi();
app.Run();
