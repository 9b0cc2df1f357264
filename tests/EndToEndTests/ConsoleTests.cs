using System.Net;
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
