using OrderPlatform.CreditReview;
using OrderPlatform.CreditReview.Api;
using OrderPlatform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("credit-review");
builder.AddCreditReview();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapCreditApi();
app.Run();
