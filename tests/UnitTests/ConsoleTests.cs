using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrderPlatform.Intake.Domain;
using OrderPlatform.StaffConsole;
using OrderPlatform.StaffConsole.People;
using OrderPlatform.StaffConsole.Platform;

namespace OrderPlatform.UnitTests;

/// <summary>The staff console's words in both languages, and who may sign in to it.</summary>
public sealed partial class ConsoleTests
{
    private static readonly string Console = Path.Combine(Root(), "console");

    internal static Dictionary<string, string> Resx(string file) => XDocument.Load(Path.Combine(Console, "Resources", file))
        .Root!.Elements("data").ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [Fact]
    public void Every_text_the_pages_show_has_a_Chinese_entry()
    {
        var chinese = Resx("Text.zh-CN.resx");
        var keys = Directory.EnumerateFiles(Path.Combine(Console, "Components"), "*.razor", SearchOption.AllDirectories)
            .SelectMany(f => Literal().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)).Distinct().ToList();
        Assert.True(keys.Count > 50, $"only {keys.Count} texts found: is the pattern still right?");
        Missing(keys, chinese);
    }

    [Fact]
    public void Every_order_status_hold_kind_order_type_payment_term_role_and_shipment_status_has_a_word_in_both_languages()
    {
        var (chinese, english) = (Resx("Text.zh-CN.resx"), Resx("Text.resx"));
        // Every kind of hold is in the list the order search accepts (and these words are checked for).
        Assert.Equal(typeof(HoldKinds).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).Order(),
            HoldKinds.All.Order());
        var terms = Enum.GetNames<OrderStatus>().Select(s => $"Status.{s}")
            .Concat(OrderTypes.All.Select(t => $"OrderType.{t}"))
            .Concat(HoldKinds.All.Select(k => $"Hold.{k}"))
            .Concat(typeof(OrderPlatform.Contracts.PaymentTerms).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => $"Terms.{f.GetValue(null)}"))
            .Concat(StaffDirectory.Roles.Select(r => $"Role.{r}"))
            .Concat(new[] { "web-shop", "wechat", "phone-desk" }.Select(c => $"Channel.{c}"))
            .Concat(OrderPlatform.Logistics.Domain.Shipment.Statuses.Select(s => $"Shipment.{s}"))
            .Concat(new[] { OrderPlatform.Contracts.ShipmentPurposes.Replacement, OrderPlatform.Contracts.ShipmentPurposes.Return }.Select(p => $"Purpose.{p}"))
            .Concat(Words.ParcelKinds.Select(p => $"Parcel.{p}"))
            .ToList();
        Missing(terms, chinese);
        Missing(terms, english);
    }

    [Fact]
    public void Every_event_of_an_orders_timeline_has_a_word_in_both_languages()
    {
        // The names Intake's order records or moves under (the notes after a space or colon are kept as sent).
        var order = File.ReadAllText(Path.Combine(Root(), "services", "Intake", "Domain", "Order.cs"));
        var events = EventName().Matches(order).Select(m => $"Event.{m.Groups[1].Value}").Distinct().ToList();
        Assert.True(events.Count > 30, $"only {events.Count} events found: is the pattern still right?");
        Missing(events, Resx("Text.zh-CN.resx"));
        Missing(events, Resx("Text.resx"));
    }

    [Theory]
    [InlineData("StockShort", "库存不足")]
    [InlineData("StockShort (ignored)", "库存不足 (ignored)")]
    [InlineData("HoldReleased:Credit", "冻结解除: 信用")]
    [InlineData("HoldReleased:Unknown", "冻结解除: Unknown")]
    [InlineData("SomethingNew", "SomethingNew")]
    [InlineData("CarrierPickedUp", "承运商: 已揽收")]
    [InlineData("ReturnDelivered", "退货包裹: 已签收")]
    [InlineData("CarrierLost", "CarrierLost")]
    public void An_event_is_named_in_the_language_and_keeps_its_note(string sent, string shown)
        => Assert.Equal(shown, new Dictionary<string, string>
        {
            ["Event.StockShort"] = "库存不足", ["Event.HoldReleased"] = "冻结解除", ["Hold.Credit"] = "信用",
            ["Parcel.Carrier"] = "承运商", ["Parcel.Return"] = "退货包裹", ["Shipment.PickedUp"] = "已揽收", ["Shipment.Delivered"] = "已签收",
        }.AsLocalizer().Term("Event", sent));

    [Theory]
    [InlineData("is required", "必填")]
    [InlineData("must be at most 200 characters", "最多 200 个字符")]
    [InlineData("must be a phone number (7 to 20 digits)", "必须是电话号码（7 到 20 位数字）")]
    [InlineData("must be one of Wait, ShipAvailable, Cancel", "must be one of Wait, ShipAvailable, Cancel")]
    [InlineData("must be 3 parsecs", "must be 3 parsecs")]
    public void An_API_message_is_shown_in_the_language_with_its_numbers_and_an_unknown_one_as_sent(string sent, string shown)
        => Assert.Equal(shown, new Dictionary<string, string>
        {
            ["Api.is required"] = "必填", ["Api.must be at most {n} characters"] = "最多 {n} 个字符",
            ["Api.must be a phone number ({n} to {n} digits)"] = "必须是电话号码（{n} 到 {n} 位数字）",
        }.AsLocalizer().Message(sent));

    [Fact]
    public void The_API_messages_the_console_translates_are_ones_the_services_send()
    {
        // Each Api.* entry, its numbers as {n}, is a message some service or their shared code writes (or Validation.Required's "is required").
        var sources = string.Join("\n", new[] { "services", "ServiceDefaults" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(Root(), folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).Select(File.ReadAllText));
        var shaped = System.Text.RegularExpressions.Regex.Replace(sources, @"\d+", "{n}");
        var unknown = Resx("Text.zh-CN.resx").Keys
            .Where(k => k.StartsWith("Api.", StringComparison.Ordinal)).Select(k => k[4..])
            .Where(m => m != "is required" && !shaped.Contains($"\"{m}\"", StringComparison.Ordinal)).ToList();
        Assert.True(unknown.Count == 0, "no service sends: " + string.Join(" | ", unknown));
    }

    [Fact]
    public void A_list_asks_for_one_row_more_than_its_page_to_know_a_next_page_follows()
    {
        Assert.Equal("limit=51&offset=100", Paged.Query(3));
        Assert.Equal(1, Paged.Number(-2));
        var (rows, more) = Paged.Of(Enumerable.Range(1, 51).ToList(), null, false);
        Assert.Equal((50, true), (rows!.Count, more));
        var (exactly, none) = Paged.Of(Enumerable.Range(1, 50).ToList(), null, true);
        Assert.Equal((50, false), (exactly!.Count, none));
        // The platform did not answer: what was shown stays.
        var shown = new List<int> { 7 };
        Assert.Equal((shown, true), Paged.Of(null, shown, true));
    }

    private static StaffDirectory People(string environment, Dictionary<string, StaffUser>? users = null)
        => new(Options.Create(new StaffDirectoryOptions { Users = users ?? [] }), new Environment(environment), NullLogger<StaffDirectory>.Instance);

    [Fact]
    public void In_development_there_is_one_user_per_role_named_after_it_with_the_dev_password()
    {
        var people = People(Environments.Development);
        var desk = people.SignIn("desk", "desk-dev", "cookie");
        Assert.Equal("desk", desk!.Identity!.Name);
        Assert.True(desk.IsInRole("phone-desk"));
        Assert.False(desk.IsInRole("credit"));
        Assert.True(people.SignIn("sales", "sales-dev", "cookie")!.IsInRole("sales-manager"));
        Assert.All(StaffDirectory.Roles, role => Assert.Contains(role, StaffDirectory.DevelopmentUsers.Values));
        Assert.Null(people.SignIn("desk", "credit-dev", "cookie"));
        Assert.Null(people.SignIn("nobody", "nobody-dev", "cookie"));
    }

    [Fact]
    public void Outside_development_only_configured_users_exist_and_their_passwords_are_stored_hashed()
    {
        Assert.Null(People(Environments.Production).SignIn("desk", "desk-dev", "cookie"));

        var hash = new Microsoft.AspNetCore.Identity.PasswordHasher<string>().HashPassword("wang.fang", "a long passphrase");
        var people = People(Environments.Production, new() { ["wang.fang"] = new StaffUser { PasswordHash = hash, Roles = ["credit"] } });
        Assert.True(people.SignIn("wang.fang", "a long passphrase", "cookie")!.IsInRole("credit"));
        Assert.Null(people.SignIn("wang.fang", "wrong", "cookie"));
        Assert.Null(people.SignIn("desk", "desk-dev", "cookie"));
    }

    [Fact]
    public void A_configured_user_with_a_role_the_console_does_not_know_stops_it_from_starting()
        => Assert.Throws<InvalidOperationException>(() =>
            People(Environments.Production, new() { ["x"] = new StaffUser { PasswordHash = "h", Roles = ["admin"] } }));

    private static void Missing(IEnumerable<string> keys, Dictionary<string, string> words)
    {
        var missing = keys.Where(k => !words.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, $"no entry for: {string.Join(", ", missing)}");
    }

    [GeneratedRegex("""(?:Record\(now, |MoveTo\(OrderStatus\.\w+, now, |GiveBackStock\()\$?"([A-Za-z]+)""")]
    private static partial Regex EventName();

    [GeneratedRegex("""L\["([^"]+)"\]""")]
    private static partial Regex Literal();

    internal static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OrderPlatform.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("OrderPlatform.sln not found above the test's folder");
    }

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "console";
        public string ContentRootPath { get; set; } = "";
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}

internal static class LocalizerExtensions
{
    public static IStringLocalizer AsLocalizer(this Dictionary<string, string> words) => new DictionaryLocalizer(words);

    private sealed class DictionaryLocalizer(Dictionary<string, string> words) : IStringLocalizer
    {
        public LocalizedString this[string name]
            => words.TryGetValue(name, out var value) ? new(name, value) : new(name, name, resourceNotFound: true);

        public LocalizedString this[string name, params object[] arguments] => this[name];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => words.Select(w => new LocalizedString(w.Key, w.Value));
    }
}
