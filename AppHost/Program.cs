using OrderPlatform.AppHost;

var builder = DistributedApplication.CreateBuilder(PlatformSettings.ConfigurationArgs(args));
var platform = PlatformSettings.From(builder);

// Infrastructure: Debian's servers as executables on loopback, data under .run/ (LocalServers.cs)
var postgres = builder.AddLocalPostgres("postgres", platform.PostgresPort, platform.RunDirectory, platform.PostgresStatementStats);
var rabbitmq = builder.AddLocalRabbitMQ("rabbitmq", platform.RabbitMqPort, platform.RunDirectory)
    .WithClassicQueuesAdopted().WithErrorQueueCommands();
// Redis only where instances must agree (limits, order-change notices, output cache, job leases); never needed to move an
// order, so nothing waits for it: a service that crashes while Redis is down starts again at once and falls back
var redis = builder.AddLocalRedis("redis", platform.RedisPort, platform.RunDirectory);

// Services, each with its own database
var creditDb = postgres.AddDatabase("credit-review-db", "credit_review");
var creditReview = builder.AddService<Projects.CreditReview>("credit-review", platform, s => s
    .WithReference(creditDb, "db").WaitFor(creditDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq), servesGrpc: true);

var inventoryDb = postgres.AddDatabase("inventory-db", "inventory");
var inventory = builder.AddService<Projects.Inventory>("inventory", platform, s => s
    .WithReference(inventoryDb, "db").WaitFor(inventoryDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(redis), servesGrpc: true);

// Taking an order asks CreditReview and Inventory over gRPC
var intakeDb = postgres.AddDatabase("intake-db", "intake");
var intake = builder.AddService<Projects.Intake>("intake", platform, s => s
    .WithReference(intakeDb, "db").WaitFor(intakeDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(redis)
    .WithGrpcClientOf(creditReview).WithGrpcClientOf(inventory));

var productionDb = postgres.AddDatabase("production-scheduling-db", "production_scheduling");
var production = builder.AddService<Projects.ProductionScheduling>("production-scheduling", platform, s => s
    .WithReference(productionDb, "db").WaitFor(productionDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq));

var billingDb = postgres.AddDatabase("billing-db", "billing");
var billing = builder.AddService<Projects.Billing>("billing", platform, s => s
    .WithReference(billingDb, "db").WaitFor(billingDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq));

var logisticsDb = postgres.AddDatabase("logistics-db", "logistics");
var logistics = builder.AddService<Projects.Logistics>("logistics", platform, s => s
    .WithReference(logisticsDb, "db").WaitFor(logisticsDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(redis));

var afterSalesDb = postgres.AddDatabase("after-sales-db", "after_sales");
var afterSales = builder.AddService<Projects.AfterSales>("after-sales", platform, s => s
    .WithReference(afterSalesDb, "db").WaitFor(afterSalesDb)
    .WithReference(rabbitmq).WaitFor(rabbitmq)
    .WithReference(redis));

// The staff console (Blazor): served by the gateway at /, and a client of the public API like any channel
var console = builder.AddService<Projects.StaffConsole>("console", platform, s => s
    .WithUrls(urls => urls.Urls.RemoveAll(u => u.DisplayText == "OpenAPI"))); // pages, not an API

// Reverse proxy (YARP): the only public entry; each route's cluster is every instance of its service
var gateway = builder.AddGateway<Projects.Gateway>("gateway", platform)
    .WithReference(redis)
    .WithRoute(intake).WithRoute(creditReview).WithRoute(inventory).WithRoute(production)
    .WithRoute(billing).WithRoute(logistics).WithRoute(afterSales)
    .WithRoute(console)
    .WithDemoDataCommand(platform, creditReview, inventory, production, logistics)
    .AnnounceWhenUp(platform);
console.Instances[0].WithReference(gateway);

builder.Build().Run();
