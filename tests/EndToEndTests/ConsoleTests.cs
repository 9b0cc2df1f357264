using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace OrderPlatform.EndToEndTests;

/// <summary>
/// The staff console in Debian's Chromium (Playwright), against the platform the AppHost started: people sign in with
/// their own names, and what they do is theirs in the order's timeline. Screenshots go to .run/screenshots.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ConsoleTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly string Screenshots = Path.Combine(PlatformFixture.FindRoot(), ".run", "screenshots");
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        });
        Directory.CreateDirectory(Screenshots);
        // A page appears once its server circuit is connected; on two busy cores that can take a few seconds.
        Assertions.SetDefaultExpectTimeout(15_000);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task A_clerk_takes_a_custom_jersey_order_by_telephone_from_the_keyboard_and_sees_it_move_without_a_reload()
    {
        var page = await SignInAsync("desk");
        await page.GetByRole(AriaRole.Link, new() { Name = "新建订单" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/new-order");

        // The search field has the focus: type the customer's number and press Enter; the only match is chosen.
        await Expect(page.GetByTestId("customer-search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("C-B001");
        await page.Keyboard.PressAsync("Enter");
        var customer = page.GetByTestId("customer");
        await Expect(customer).ToContainTextAsync("C-B001");
        await Expect(customer).ToContainTextAsync("¥100,000.00"); // the credit limit

        // The customer's phone is filled in; the clerk types where the goods go.
        await Expect(page.GetByTestId("address-phone")).ToHaveValueAsync("13800000002");
        await TypeIntoAsync(page, "address-recipient", "王芳");
        await TypeIntoAsync(page, "address-province", "浙江");
        await TypeIntoAsync(page, "address-city", "宁波");
        await TypeIntoAsync(page, "address-line1", "中山路 8 号");
        await TypeIntoAsync(page, "address-postal-code", "315000");
        await TypeIntoAsync(page, "qty-JR-TEAM-CUSTOM", "20");
        await TypeIntoAsync(page, "spec-JR-TEAM-CUSTOM", "club crest, names and numbers");
        await page.GetByTestId("order-type").FocusAsync();
        await page.GetByTestId("order-type").SelectOptionAsync("Custom");
        await Expect(page.GetByTestId("total")).ToHaveTextAsync("¥2,580.00");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "new-order.png"), FullPage = true });
        await page.GetByTestId("submit-order").FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync("**/orders/SO-*");
        var number = await page.GetByTestId("order-number").InnerTextAsync();
        // A grade-B custom order is confirmed and waits for the signed confirmation and the 30 % deposit: the page
        // follows it there by itself.
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("待付款", new() { Timeout = 30_000 });
        var timeline = page.GetByTestId("timeline");
        await Expect(timeline).ToContainTextAsync("提交订单");
        await Expect(timeline).ToContainTextAsync("desk (phone-desk)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "order.png"), FullPage = true });

        // The order list shows it, in the clerk's language.
        await page.GetByRole(AriaRole.Link, new() { Name = "订单", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = number })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "orders.png"), FullPage = true });

        var order = await platform.GetOrderAsync(number);
        Assert.Equal("C-B001", order["customerId"]!.GetValue<string>());
        Assert.Equal("phone-desk", order["channel"]!.GetValue<string>());
        Assert.Equal(20, order["lines"]![0]!["quantity"]!.GetValue<int>());
        Assert.Equal("desk (phone-desk)", order["timeline"]![0]!["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_order_over_the_limit_is_approved_by_the_credit_controller_under_her_name_and_a_clerk_cannot_approve_it()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-C001", "Regular",
            new { sku = "BB-GAME-7", quantity = 100, unitPrice = 259.00m }));
        await platform.WaitForStatusAsync(number, "OnHold");

        // The clerk is not offered the page, and the API refuses the clerk's approval.
        var desk = await SignInAsync("desk");
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "信用审核" })).ToHaveCountAsync(0);
        await desk.GotoAsync("/review/credit");
        await Expect(desk.GetByRole(AriaRole.Alert)).ToContainTextAsync("您的角色无权访问此页面");
        Assert.Equal(HttpStatusCode.Forbidden, await AsPersonAsync(HttpMethod.Post, $"/api/credit/holds/{number}/approve", "desk", "phone-desk"));
        // The manager may look at the holds, and may not decide them.
        Assert.Equal(HttpStatusCode.OK, await AsPersonAsync(HttpMethod.Get, "/api/credit/holds", "manager", "manager"));
        Assert.Equal(HttpStatusCode.Forbidden, await AsPersonAsync(HttpMethod.Post, $"/api/credit/holds/{number}/approve", "manager", "manager"));

        var credit = await SignInAsync("credit", "en-US");
        await credit.GetByRole(AriaRole.Link, new() { Name = "Credit holds" }).ClickAsync();
        var row = credit.GetByTestId($"hold-{number}");
        await Expect(row).ToContainTextAsync("¥25,900.00");
        await credit.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "credit-holds.png"), FullPage = true });
        await credit.GetByTestId($"reason-{number}").FillAsync("Long-standing customer; guarantee on file");
        await credit.GetByTestId($"approve-{number}").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        await credit.GotoAsync($"/orders/{number}");
        await Expect(credit.GetByTestId("timeline")).ToContainTextAsync("credit (credit)");
        await Expect(credit.GetByTestId("timeline")).ToContainTextAsync("Hold released: Credit");
        var approved = (await platform.GetOrderAsync(number))["timeline"]!.AsArray()
            .Single(t => t!["event"]!.GetValue<string>() == "HoldReleased:Credit");
        Assert.Equal("credit (credit)", approved!["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_sales_manager_approves_an_order_priced_off_the_list_at_another_price_and_the_desk_finds_it_by_its_filters()
    {
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Regular",
            new { sku = "FB-PRO-5", quantity = 10, unitPrice = 150.00m }));
        await platform.WaitForStatusAsync(number, "OnHold");

        // The manager may look at price holds and may not decide them.
        Assert.Equal(HttpStatusCode.Forbidden, await AsPersonAsync(HttpMethod.Post, $"/api/orders/{number}/price-hold/approve", "manager", "manager"));

        var sales = await SignInAsync("sales");
        await sales.GetByRole(AriaRole.Link, new() { Name = "价格与技术审核" }).ClickAsync();
        var row = sales.GetByTestId($"price-{number}");
        await Expect(row).ToContainTextAsync("¥1,500.00");
        await sales.GetByTestId($"open-{number}").ClickAsync();
        var price = sales.GetByTestId("price-FB-PRO-5");
        await Expect(price).ToBeVisibleAsync();
        Assert.Equal(150m, decimal.Parse(await price.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture)); // as offered
        await price.FillAsync("180");
        await sales.GetByTestId("reason").FillAsync("俱乐部折扣，按 180 元");
        await sales.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "price-holds.png"), FullPage = true });
        await sales.GetByTestId("approve").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        var order = await platform.WaitForStatusAsync(number, "ReadyToShip");
        Assert.Equal(1800.00m, order["total"]!.GetValue<decimal>());
        Assert.Equal("sales (sales-manager)", order["timeline"]!.AsArray().Single(t => t!["event"]!.GetValue<string>() == "HoldReleased:Price")!["by"]!.GetValue<string>());

        // The desk looks for the customer's phone-desk orders ready to ship: the search is in the address, and finds it.
        var desk = await SignInAsync("desk");
        await desk.GetByTestId("filter-customer").FillAsync("C-A001");
        await desk.GetByTestId("filter-channel").SelectOptionAsync("phone-desk");
        await desk.GetByTestId("filter-status").SelectOptionAsync("ReadyToShip");
        await desk.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await desk.WaitForURLAsync(url => url.Contains("customer=C-A001") && url.Contains("channel=phone-desk") && url.Contains("status=ReadyToShip"));
        var found = desk.GetByTestId("orders");
        // Once the page shows the search's answer, every order in it is ready to ship, and this one is among them.
        await Expect(found.Locator("tbody tr", new() { HasNotText = "待发货" })).ToHaveCountAsync(0);
        await Expect(found.GetByRole(AriaRole.Link, new() { Name = number })).ToBeVisibleAsync();
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "orders-search.png"), FullPage = true });
    }

    [Fact]
    public async Task Logistics_finds_a_delivered_parcel_by_its_order_and_reads_the_carriers_events_in_english()
    {
        var (number, carrier, tracking) = await platform.DeliveredRetailOrderAsync(new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199.00m, specification = "" });

        // Only logistics (and the manager) are offered the page; the API refuses the desk the shipment list.
        var desk = await SignInAsync("desk");
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "物流" })).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Forbidden, await AsPersonAsync(HttpMethod.Get, "/api/logistics/shipments", "desk", "phone-desk"));

        var logistics = await SignInAsync("logistics", "en-US");
        await logistics.GetByRole(AriaRole.Link, new() { Name = "Logistics" }).ClickAsync();
        await logistics.GetByTestId("shipment-order").FillAsync(number);
        await logistics.GetByTestId("shipment-status").SelectOptionAsync("Delivered");
        await logistics.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await logistics.WaitForURLAsync(url => url.Contains($"order={number}") && url.Contains("status=Delivered"));
        var rows = logistics.GetByTestId("shipments").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows).ToContainTextAsync(carrier);

        await logistics.GetByTestId($"track-{tracking}").ClickAsync();
        var parcel = logistics.GetByTestId("tracking");
        await Expect(parcel).ToContainTextAsync(number);
        var events = parcel.GetByTestId("tracking-events").Locator("tbody tr");
        await Expect(events).ToHaveCountAsync(2);
        await Expect(events.Nth(0)).ToContainTextAsync("Picked up");
        await Expect(events.Nth(1)).ToContainTextAsync("Delivered");
        await logistics.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "logistics.png"), FullPage = true });
    }

    [Fact]
    public async Task A_custom_order_is_made_and_paid_in_the_console_with_progress_a_failed_then_passed_QC_and_both_payments_under_their_names()
    {
        // 20 custom jerseys for grade-B C-B001: 2,580.00, a 30 % deposit (774.00) before production, the balance (1,806.00) before shipment.
        var number = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-B001", "Custom",
            new { sku = "JR-TEAM-CUSTOM", quantity = 20, unitPrice = 129.00m, specification = "club crest, names and numbers" }));
        var confirmed = await platform.WaitForAsync($"/api/orders/{number}", "dev-staff-key",
            o => o["status"]!.GetValue<string>() == "AwaitingPayment" && o["workOrders"]!.AsArray().Count == 1);
        var workOrder = confirmed["workOrders"]![0]!["number"]!.GetValue<string>();

        // The desk records the customer's signed confirmation on the order page.
        var desk = await SignInAsync("desk");
        await desk.GotoAsync($"/orders/{number}");
        await desk.GetByTestId("signed-by").FillAsync("张三");
        await desk.GetByRole(AriaRole.Button, new() { Name = "已收到签字确认" }).ClickAsync();
        await Expect(desk.GetByTestId("timeline")).ToContainTextAsync("收到签字确认");

        // Finance finds the account and records the deposit as a bank transfer: the amount asked now is filled in.
        var finance = await SignInAsync("finance");
        await finance.GetByRole(AriaRole.Link, new() { Name = "财务" }).ClickAsync();
        await finance.GetByTestId("account-order").FillAsync(number);
        await finance.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await finance.WaitForURLAsync(url => url.Contains($"order={number}"));
        await RecordTransferAsync(finance, number, 774.00m, $"BANK-{number}-1");
        await platform.WaitForStatusAsync(number, "InProduction");
        await platform.WaitForAsync($"/api/production/work-orders/{workOrder}", "dev-staff-key", w => w["status"]!.GetValue<string>() == "Released");

        // The planner, in English, sees the work order on the line, opens it by its order number, records the 20 jerseys,
        // fails them at QC, makes them again and passes them.
        var planner = await SignInAsync("production", "en-US");
        await planner.GetByRole(AriaRole.Link, new() { Name = "Production" }).ClickAsync();
        await Expect(planner.GetByTestId("work-orders-LINE-1")).ToContainTextAsync(workOrder);
        await Expect(planner.GetByTestId("load-LINE-1")).ToBeVisibleAsync();
        await planner.GetByTestId("find-work-order").FillAsync(number);
        await planner.GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        var status = planner.GetByTestId("work-order-status");
        await Expect(planner.GetByTestId("work-order")).ToContainTextAsync(workOrder);
        await Expect(status).ToHaveTextAsync("Released");
        await ProduceAsync(planner, 20);
        await Expect(planner.GetByTestId("work-order-done")).ToHaveTextAsync("20 / 20");
        await Expect(status).ToHaveTextAsync("Awaiting inspection");
        await planner.GetByTestId("qc-fail").ClickAsync(); // without a note: refused, naming the field
        await Expect(planner.GetByTestId("problem")).ToContainTextAsync("Note");
        await Expect(status).ToHaveTextAsync("Awaiting inspection");
        await planner.GetByTestId("qc-note").FillAsync("crest misprinted");
        await planner.GetByTestId("qc-fail").ClickAsync();
        await Expect(status).ToHaveTextAsync("Rework");
        await ProduceAsync(planner, 20);
        await Expect(status).ToHaveTextAsync("Awaiting inspection");
        await planner.GetByTestId("qc-note").FillAsync("all 20 checked");
        await planner.GetByTestId("qc-pass").ClickAsync();
        await Expect(status).ToHaveTextAsync("Passed");
        await planner.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "production.png"), FullPage = true });

        // Once the goods are in stock for the order, finance records the balance and the order is ready to ship.
        await platform.WaitForAsync($"/api/orders/{number}", "dev-staff-key", o => o["timeline"]!.AsArray().Any(t => t!["event"]!.GetValue<string>() == "ProducedGoodsReserved"));
        await finance.GotoAsync($"/finance?order={number}");
        await RecordTransferAsync(finance, number, 1806.00m, $"BANK-{number}-2");
        await Expect(finance.GetByTestId($"account-{number}")).ToContainTextAsync("已结清");
        await finance.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "finance.png"), FullPage = true });
        var ready = await platform.WaitForStatusAsync(number, "ReadyToShip");

        // Every step is there under the name of the person who took it, in the API and on the order page.
        string By(string name) => ready["timeline"]!.AsArray().First(t => t!["event"]!.GetValue<string>() == name)!["by"]!.GetValue<string>();
        Assert.Equal("desk (phone-desk)", By("SignedConfirmationReceived"));
        Assert.Equal("production (production)", By("ProductionProgress"));
        Assert.Equal("production (production)", By("QcFailed"));
        Assert.Equal("production (production)", By("QcPassed"));
        Assert.All(ready["timeline"]!.AsArray().Where(t => t!["event"]!.GetValue<string>() == "PaymentReceived"),
            t => Assert.Equal("finance (finance)", t!["by"]!.GetValue<string>()));
        Assert.Equal((2580.00m, 0m), (ready["payment"]!["paid"]!.GetValue<decimal>(), ready["payment"]!["due"]!.GetValue<decimal>()));
        await desk.GotoAsync($"/orders/{number}");
        var timeline = desk.GetByTestId("timeline");
        await Expect(timeline.Locator("tr", new() { HasText = "质检不合格" })).ToContainTextAsync("production (production)");
        await Expect(timeline.Locator("tr", new() { HasText = "收到付款" })).ToHaveCountAsync(2);
        await Expect(timeline.Locator("tr", new() { HasText = "收到付款" }).Nth(1)).ToContainTextAsync("finance (finance)");
        // What the services wrote reads in Chinese too (the planner's note stays as typed): the QC, the payment, the release.
        await Expect(timeline.Locator("tr", new() { HasText = "质检不合格" })).ToContainTextAsync($"{workOrder}：20 件质检不合格（crest misprinted），返工");
        await Expect(timeline.Locator("tr", new() { HasText = "收到付款" }).Nth(1)).ToContainTextAsync("经银行转账收到 1806.00 元；已付 2580.00，待付 0.00");
        await Expect(timeline).ToContainTextAsync("已下达仓库发货");
        await Expect(timeline.Locator("td", new() { HasTextRegex = new System.Text.RegularExpressions.Regex("Released to the warehouse|units passed QC|CNY") })).ToHaveCountAsync(0);
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "order-made.png"), FullPage = true });
    }

    [Fact]
    public async Task The_manager_sees_the_kpis_drawn_from_the_reports_of_the_services()
    {
        // At least one order today, whatever ran before.
        var number = await platform.SubmitAsync("dev-web-shop-key", PlatformFixture.NewOrder("C-A001", "Regular",
            new { sku = "FB-PRO-5", quantity = 1, unitPrice = 199.00m }));
        await platform.WaitForStatusAsync(number, "ReadyToShip");
        var report = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, "/api/orders/reports", "dev-staff-key")).Content.ReadAsStringAsync())!;
        var orders = report["ordersPerDay"]!.AsArray().Sum(d => d!["orders"]!.GetValue<int>());
        var channels = report["ordersPerDay"]!.AsArray().Select(d => d!["channel"]!.GetValue<string>()).Distinct().Count();
        Assert.True(orders > 0);

        // The desk is not offered the page, and the API refuses the desk the report.
        var desk = await SignInAsync("desk");
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "关键指标" })).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Forbidden, await AsPersonAsync(HttpMethod.Get, "/api/orders/reports", "desk", "phone-desk"));

        var manager = await SignInAsync("manager");
        await manager.GetByRole(AriaRole.Link, new() { Name = "关键指标" }).ClickAsync();
        await Expect(manager.GetByTestId("kpi-orders")).ToHaveTextAsync(orders.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // One bar segment per channel on each day it sold, adding up to the orders of the period.
        var bars = manager.GetByTestId("chart-orders-per-day").Locator("rect.bar");
        await Expect(bars.First).ToBeVisibleAsync();
        var drawn = 0;
        foreach (var bar in await bars.AllAsync()) drawn += int.Parse(await bar.GetAttributeAsync("data-value") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(orders, drawn);
        if (channels > 1) await Expect(manager.GetByTestId("chart-orders-per-day").Locator("ul.legend li")).ToHaveCountAsync(channels);
        await Expect(manager.GetByTestId("chart-cycle-shipped")).ToBeVisibleAsync();
        await Expect(manager.GetByTestId("kpi-review")).ToContainTextAsync("%");
        await manager.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "kpis.png"), FullPage = true });

        // Another period is in the address, and a period with no orders draws no bars.
        await manager.GetByTestId("kpi-from").FillAsync("2020-01-01");
        await manager.GetByTestId("kpi-to").FillAsync("2020-01-31");
        await manager.GetByRole(AriaRole.Button, new() { Name = "显示" }).ClickAsync();
        await manager.WaitForURLAsync(url => url.Contains("from=2020-01-01") && url.Contains("to=2020-01-31"));
        await Expect(manager.GetByTestId("kpi-orders")).ToHaveTextAsync("0");
        await Expect(manager.GetByTestId("chart-orders-per-day").Locator("rect.bar")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_warehouse_receives_goods_and_finds_the_receipt_in_the_skus_movements_under_her_name()
    {
        // The desk is neither offered the page nor allowed a receipt.
        var desk = await SignInAsync("desk");
        await Expect(desk.GetByRole(AriaRole.Link, new() { Name = "仓库" })).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.Forbidden, await AsPersonAsync(HttpMethod.Post, "/api/inventory/receipts", "desk", "phone-desk"));

        var note = $"DN-{Guid.NewGuid():N}"[..12];
        var warehouse = await SignInAsync("warehouse");
        await warehouse.GetByRole(AriaRole.Link, new() { Name = "仓库" }).ClickAsync();
        // The page has its lists (alerts, backorders, stock) before anything is typed: their arrival moves the search form down.
        await Expect(warehouse.GetByTestId("stock")).ToBeVisibleAsync();
        await warehouse.GetByTestId("stock-sku").FillAsync("RK-");
        await warehouse.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();
        await warehouse.WaitForURLAsync(url => url.Contains("find=RK-"));
        var row = warehouse.GetByTestId("stock-RK-CARBON");
        await Expect(warehouse.GetByTestId("stock").Locator("tbody tr")).ToHaveCountAsync(1);
        var before = int.Parse(await row.Locator("td").Nth(2).InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        // A receipt with no quantity is refused naming the field; with one, it is taken.
        await warehouse.GetByTestId("receipt-sku").FillAsync("rk-carbon");
        await warehouse.GetByTestId("receipt-warehouse").SelectOptionAsync("WH-SH");
        await warehouse.GetByTestId("receipt-reference").FillAsync(note);
        await warehouse.GetByTestId("receive").ClickAsync();
        await Expect(warehouse.GetByTestId("problem")).ToContainTextAsync("数量");
        await warehouse.GetByTestId("receipt-quantity").FillAsync("5");
        await warehouse.GetByTestId("receive").ClickAsync();
        await Expect(warehouse.GetByTestId("received")).ToContainTextAsync("RK-CARBON");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync((before + 5).ToString(System.Globalization.CultureInfo.InvariantCulture));

        await warehouse.GetByTestId("open-RK-CARBON").ClickAsync();
        var receipt = warehouse.GetByTestId("ledger").Locator("tbody tr", new() { HasText = note });
        await Expect(receipt).ToContainTextAsync("收货");
        await Expect(receipt).ToContainTextAsync("+5");
        await Expect(receipt).ToContainTextAsync("warehouse (warehouse)");
        await Expect(warehouse.GetByTestId("lots").Locator("tbody tr", new() { HasText = "WH-SH" }).First).ToBeVisibleAsync();
        await warehouse.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "warehouse.png"), FullPage = true });
    }

    [Fact]
    public async Task The_after_sales_agent_answers_a_complaint_and_approves_a_return_under_her_name()
    {
        var (number, _, _) = await platform.DeliveredRetailOrderAsync(new { sku = "FB-PRO-5", quantity = 2, unitPrice = 199.00m, specification = "" });
        var complaint = await platform.SendAsync(HttpMethod.Post, "/api/aftersales/complaints", "dev-web-shop-key",
            new { orderNumber = number, reason = "One ball arrived soft", category = "Quality" });
        Assert.Equal(HttpStatusCode.Created, complaint.StatusCode);
        var caseNumber = JsonNode.Parse(await complaint.Content.ReadAsStringAsync())!["caseNumber"]!.GetValue<string>();
        var returnNumber = await RequestReturnAsync(new { orderNumber = number, kind = "Return", reason = "One ball arrived soft", lines = new[] { new { sku = "FB-PRO-5", quantity = 1 } } });

        var agent = await SignInAsync("aftersales", "en-US");
        await agent.GetByRole(AriaRole.Link, new() { Name = "After-sales" }).ClickAsync();
        await Expect(agent.GetByTestId($"case-{caseNumber}")).ToContainTextAsync("Open");
        await agent.GetByTestId($"open-{caseNumber}").ClickAsync();
        var state = agent.GetByTestId("case-state");
        await Expect(state).ToHaveTextAsync("Open");
        await agent.GetByTestId("respond").ClickAsync(); // without a message: refused, naming the field
        await Expect(agent.GetByTestId("problem")).ToContainTextAsync("Message");
        await agent.GetByTestId("case-message").FillAsync("Sorry about that: a new ball is on its way, and we take the soft one back.");
        await agent.GetByTestId("respond").ClickAsync();
        await Expect(state).ToHaveTextAsync("Responded");
        await Expect(agent.GetByTestId("case-steps").Locator("tr", new() { HasText = "Responded" })).ToContainTextAsync("aftersales (aftersales)");

        var returnRow = agent.GetByTestId($"return-{returnNumber}");
        await Expect(returnRow).ToContainTextAsync("Requested");
        await agent.GetByTestId($"note-{returnNumber}").FillAsync("Within the 7-day window");
        await agent.GetByTestId($"accept-{returnNumber}").ClickAsync();
        await Expect(returnRow).Not.ToContainTextAsync("Requested");
        await agent.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "aftersales.png"), FullPage = true });

        var decided = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/aftersales/returns/{returnNumber}", "dev-staff-key")).Content.ReadAsStringAsync())!;
        var approved = decided["steps"]!.AsArray().Single(st => st!["action"]!.GetValue<string>() == "Approved")!;
        Assert.Equal("aftersales (aftersales)", approved["by"]!.GetValue<string>());
        var answered = JsonNode.Parse(await (await platform.SendAsync(HttpMethod.Get, $"/api/aftersales/cases/{caseNumber}", "dev-staff-key")).Content.ReadAsStringAsync())!;
        Assert.NotNull(answered["firstRespondedAt"]);
    }

    [Fact]
    public async Task The_desk_records_a_shortage_choice_a_lowered_quantity_and_a_receipt_for_customers_on_the_telephone_under_its_name()
    {
        // A stocked product with two units: an order for five is short of three.
        var sku = $"TB-{Guid.NewGuid():N}"[..11].ToUpperInvariant();
        Assert.Equal(HttpStatusCode.Created, (await platform.SendAsync(HttpMethod.Post, "/api/inventory/products", "dev-staff-key",
            new { sku, name = "训练球", nameEn = "Training ball", unitPrice = 50m, weightKg = 0.4m, sourcing = "Stocked" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Post, "/api/inventory/receipts", "dev-staff-key",
            new { sku, warehouse = "WH-SH", quantity = 2, reference = "two balls" })).StatusCode);
        var shortOrder = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001", "Regular", new { sku, quantity = 5, unitPrice = 50m, specification = "" }));
        await platform.WaitForStatusAsync(shortOrder, "OnHold");
        // A prepaid customer's order, waiting for payment: its quantity may still be lowered.
        var retail = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("R-0001", "Regular",
            new { sku = "FB-PRO-5", quantity = 3, unitPrice = 199.00m, specification = "" }));
        await platform.WaitForStatusAsync(retail, "AwaitingPayment");
        var delivered = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        await platform.WaitForStatusAsync(delivered, "ReadyToShip");

        var desk = await SignInAsync("desk");
        await desk.GotoAsync($"/orders/{shortOrder}");
        await desk.GetByTestId("shortage-Wait").ClickAsync();
        await Expect(desk.GetByTestId("timeline").Locator("tr", new() { HasText = "缺货处理选择" })).ToContainTextAsync("desk (phone-desk)");
        await Expect(desk.GetByTestId("shortage")).ToHaveCountAsync(0);

        await desk.GotoAsync($"/orders/{retail}");
        await desk.GetByTestId("change-qty-FB-PRO-5").FillAsync("2");
        await desk.GetByTestId("request-change").ClickAsync(); // without a reason: refused, naming it
        await Expect(desk.GetByTestId("problem")).ToContainTextAsync("原因");
        await desk.GetByTestId("change-reason").FillAsync("客户电话减为 2 个");
        await desk.GetByTestId("request-change").ClickAsync();
        await Expect(desk.GetByTestId("timeline").Locator("tr", new() { HasText = "变更已批准" })).ToContainTextAsync("desk (phone-desk)");
        Assert.Equal(398.00m, (await platform.GetOrderAsync(retail))["total"]!.GetValue<decimal>());

        // The customer rings to say the goods arrived: the desk confirms the receipt before the automatic confirmation (10 s here).
        await desk.GotoAsync($"/orders/{delivered}");
        var (carrier, tracking) = await platform.WaitForShipmentAsync(delivered);
        await platform.CarrierEventAsync(carrier, tracking, "PickedUp", $"{tracking}-p", DateTimeOffset.UtcNow);
        await platform.CarrierEventAsync(carrier, tracking, "Delivered", $"{tracking}-d", DateTimeOffset.UtcNow.AddMinutes(1));
        await Expect(desk.GetByTestId("order-status")).ToHaveTextAsync("已签收");
        // The carrier's own events are on the order's page too.
        await Expect(desk.GetByTestId("order-tracking").Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(desk.GetByTestId("order-tracking")).ToContainTextAsync("已揽收");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "order-delivered.png"), FullPage = true });
        await desk.GetByTestId("receipt").ClickAsync();
        await Expect(desk.GetByTestId("order-status")).ToHaveTextAsync("已完成");
        var completed = (await platform.GetOrderAsync(delivered))["timeline"]!.AsArray().Single(t => t!["event"]!.GetValue<string>() == "Completed")!;
        Assert.Equal("desk (phone-desk)", completed["by"]!.GetValue<string>());

        await platform.SendAsync(HttpMethod.Post, $"/api/orders/{shortOrder}/cancel", "dev-phone-desk-key", new { reason = "test clean-up" });
    }

    [Fact]
    public async Task Finance_makes_a_grade_A_customers_statement_and_issues_its_special_VAT_invoice_once()
    {
        var onTerms = await platform.SubmitAsync("dev-phone-desk-key", PlatformFixture.NewOrder("C-A001"));
        await platform.WaitForStatusAsync(onTerms, "ReadyToShip");

        var finance = await SignInAsync("finance", "en-US");
        await finance.GotoAsync("/finance");
        await finance.GetByTestId("statement-customer").FillAsync("c-a001");
        await finance.GetByTestId("make-statement").ClickAsync();
        var statement = finance.GetByTestId("statement");
        await Expect(statement).ToContainTextAsync(onTerms);
        // The statement's number is carried into the invoice form.
        await Expect(finance.GetByTestId("invoice-statement")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^ST-"));
        await finance.GetByTestId("invoice-type").SelectOptionAsync("SpecialVat");
        await finance.GetByTestId("invoice-buyer").FillAsync("Zhang Min Sports");
        await finance.GetByRole(AriaRole.Button, new() { Name = "Issue invoice" }).ClickAsync(); // no tax id: refused, naming it
        await Expect(finance.GetByTestId("problem")).ToContainTextAsync("Buyer's tax id");
        await finance.GetByTestId("invoice-tax-id").FillAsync("91330100MA2B3C4D5E");
        await finance.GetByRole(AriaRole.Button, new() { Name = "Issue invoice" }).ClickAsync();
        await Expect(finance.GetByTestId("recorded")).ToContainTextAsync("issued");

        // Each order is on one statement only: a second one right away has nothing to put on it.
        await finance.GetByTestId("make-statement").ClickAsync();
        await Expect(finance.GetByTestId("problem")).ToBeVisibleAsync();
        var invoices = await platform.WaitForAsync($"/api/billing/invoices?orderNumber={onTerms}", "dev-staff-key", i => i.AsArray().Count == 1);
        Assert.Equal("finance (finance)", invoices[0]!["issuedBy"]!.GetValue<string>());
    }

    /// <summary>Asks for a return as the web shop; AfterSales hears of the delivery a moment after the order shows it.</summary>
    private async Task<string> RequestReturnAsync(object body)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await platform.SendAsync(HttpMethod.Post, "/api/aftersales/returns", "dev-web-shop-key", body);
            var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            if (response.StatusCode == HttpStatusCode.Created) return reply!["returnNumber"]!.GetValue<string>();
            Assert.True(response.StatusCode == HttpStatusCode.Conflict && DateTime.UtcNow < deadline, $"return refused: {response.StatusCode} {reply}");
            await Task.Delay(200);
        }
    }

    private static async Task RecordTransferAsync(IPage finance, string number, decimal expected, string reference)
    {
        var amount = finance.GetByTestId($"amount-{number}");
        await Expect(amount).ToBeVisibleAsync();
        Assert.Equal(expected, decimal.Parse(await amount.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture));
        await finance.GetByTestId($"reference-{number}").FillAsync(reference);
        await finance.GetByTestId($"record-{number}").ClickAsync();
        await Expect(finance.GetByTestId("recorded")).ToContainTextAsync(reference);
    }

    private static async Task ProduceAsync(IPage planner, int units)
    {
        await planner.GetByTestId("progress-quantity").FillAsync(units.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await planner.GetByTestId("record-progress").ClickAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_signing_out_ends_the_session()
    {
        var context = await NewContextAsync("zh-CN");
        var page = await context.NewPageAsync();
        await page.GotoAsync("/orders");
        await page.WaitForURLAsync("**/login**");
        await page.Locator("#name").FillAsync("desk");
        await page.Locator("#password").FillAsync("wrong");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("用户名或密码错误");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "sign-in.png") });

        var signedIn = await SignInAsync("desk", context: context);
        await signedIn.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await signedIn.WaitForURLAsync("**/login**");
        await signedIn.GotoAsync("/orders");
        await signedIn.WaitForURLAsync("**/login**");
    }

    /// <summary>Calls the API as the console does for a person, and returns the status.</summary>
    private async Task<HttpStatusCode> AsPersonAsync(HttpMethod method, string path, string person, string roles)
    {
        using var request = PlatformFixture.Request(method, path, "dev-console-key", method == HttpMethod.Post ? new { reason = "tried" } : null);
        request.Headers.Add("X-On-Behalf-Of", person);
        request.Headers.Add("X-On-Behalf-Roles", roles);
        using var response = await platform.Http.SendAsync(request);
        return response.StatusCode;
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private static async Task TypeIntoAsync(IPage page, string testId, string text)
    {
        await page.GetByTestId(testId).FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync(text);
    }

    private Task<IBrowserContext> NewContextAsync(string locale) => _browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = PlatformFixture.Gateway.ToString(),
        Locale = locale,
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
    });

    /// <summary>Signs in as a development user (password <c>&lt;name&gt;-dev</c>) with the browser asking for <paramref name="locale"/>.</summary>
    private async Task<IPage> SignInAsync(string user, string locale = "zh-CN", IBrowserContext? context = null)
    {
        context ??= await NewContextAsync(locale);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/login**");
        await page.Locator("#name").FillAsync(user);
        await page.Locator("#password").FillAsync($"{user}-dev");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/orders");
        return page;
    }
}
