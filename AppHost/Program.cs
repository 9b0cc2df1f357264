using OrderPlatform.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure
var postgres = builder.AddPostgres("postgres");
var rabbitmq = builder.AddRabbitMQ("rabbitmq");

// Services, each with its own database
var intake = builder.AddProject("intake", "services/Intake")
    .WithReference(postgres.AddDatabase("intake")).WithReference(rabbitmq);
var creditReview = builder.AddProject("credit-review", "services/CreditReview")
    .WithReference(postgres.AddDatabase("credit_review")).WithReference(rabbitmq);
var inventory = builder.AddProject("inventory", "services/Inventory")
    .WithReference(postgres.AddDatabase("inventory")).WithReference(rabbitmq);
var production = builder.AddProject("production-scheduling", "services/ProductionScheduling")
    .WithReference(postgres.AddDatabase("production_scheduling")).WithReference(rabbitmq);
var billing = builder.AddProject("billing", "services/Billing")
    .WithReference(postgres.AddDatabase("billing")).WithReference(rabbitmq);
var logistics = builder.AddProject("logistics", "services/Logistics")
    .WithReference(postgres.AddDatabase("logistics")).WithReference(rabbitmq);
var afterSales = builder.AddProject("after-sales", "services/AfterSales")
    .WithReference(postgres.AddDatabase("after_sales")).WithReference(rabbitmq);

// Reverse proxy: the only public entry
builder.AddProject("gateway", "gateway", port: builder.Settings.GatewayPort)
    .WithReference(intake).WithReference(creditReview).WithReference(inventory).WithReference(production)
    .WithReference(billing).WithReference(logistics).WithReference(afterSales);

return await builder.RunAsync();
