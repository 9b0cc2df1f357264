using OrderPlatform.AppHost;

var builder = DistributedApplication.CreateBuilder(PlatformSettings.ConfigurationArgs(args));
var platform = PlatformSettings.From(builder);

// Infrastructure: Debian's servers as executables on loopback, data under .run/ (LocalServers.cs)
var postgres = builder.AddLocalPostgres("postgres", platform.PostgresPort, platform.RunDirectory, platform.PostgresStatementStats);
var rabbitmq = builder.AddLocalRabbitMQ("rabbitmq", platform.RabbitMqPort, platform.RunDirectory)
    .WithErrorQueueCommands();
var redis = builder.AddLocalRedis("redis", platform.RedisPort, platform.RunDirectory);

// Services, each with its own database
var intakeDb = postgres.AddDatabase("intake-db", "intake");
var intake = builder.AddService<Projects.Intake>("intake", platform)
    .WithReference(intakeDb, "db").WaitFor(intakeDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq);

var creditDb = postgres.AddDatabase("credit-review-db", "credit_review");
var creditReview = builder.AddService<Projects.CreditReview>("credit-review", platform)
    .WithReference(creditDb, "db").WaitFor(creditDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq);

var inventoryDb = postgres.AddDatabase("inventory-db", "inventory");
var inventory = builder.AddService<Projects.Inventory>("inventory", platform)
    .WithReference(inventoryDb, "db").WaitFor(inventoryDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq);

var productionDb = postgres.AddDatabase("production-scheduling-db", "production_scheduling");
var production = builder.AddService<Projects.ProductionScheduling>("production-scheduling", platform)
    .WithReference(productionDb, "db").WaitFor(productionDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq);

var billingDb = postgres.AddDatabase("billing-db", "billing");
var billing = builder.AddService<Projects.Billing>("billing", platform)
    .WithReference(billingDb, "db").WaitFor(billingDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq);

var logisticsDb = postgres.AddDatabase("logistics-db", "logistics");
var logistics = builder.AddService<Projects.Logistics>("logistics", platform)
    .WithReference(logisticsDb, "db").WaitFor(logisticsDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq);

var afterSalesDb = postgres.AddDatabase("after-sales-db", "after_sales");
var afterSales = builder.AddService<Projects.AfterSales>("after-sales", platform)
    .WithReference(afterSalesDb, "db").WaitFor(afterSalesDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq);

// Reverse proxy: the only public entry; each route's cluster is the service's endpoint
builder.AddService<Projects.Gateway>("gateway", platform, port: platform.GatewayPort, isGateway: true)
    .WithRoute(intake).WithRoute(creditReview).WithRoute(inventory).WithRoute(production)
    .WithRoute(billing).WithRoute(logistics).WithRoute(afterSales)
    .WithDemoDataCommand(platform, creditReview, inventory, production, logistics)
    .AnnounceWhenUp(platform);

builder.Build().Run();
