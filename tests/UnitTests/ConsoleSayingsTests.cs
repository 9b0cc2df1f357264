using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using OrderPlatform.Contracts;
using OrderPlatform.Intake.Domain;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.StaffConsole;

namespace OrderPlatform.UnitTests;

/// <summary>The texts the services write in English (timeline details, hold reasons, refusals), as the console shows them in Chinese.</summary>
public sealed partial class ConsoleSayingsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly Address Address = new("王芳", "13900000000", "江苏", "南京", "中山路 8 号", "210000");

    private static readonly Dictionary<string, string> Chinese = ConsoleTests.Resx("Text.zh-CN.resx");

    private static readonly IStringLocalizer L = Chinese.AsLocalizer();
    private static readonly Sayings Sayings = new(L.GetAllStrings(true));

    private static string Say(string text) => Sayings.Say(L, text);

    [Theory]
    [InlineData("2 line(s), total 398.00 CNY, via phone-desk", "2 行，合计 398.00 元，渠道：电话订购")]
    [InlineData("2 x FB-PRO-5 in WH-SH; 1 x BB-GAME-7 in WH-BJ", "2 件 FB-PRO-5（WH-SH）；1 件 BB-GAME-7（WH-BJ）")]
    [InlineData("Price differs from the price list: FB-PRO-5 offered 150.00, list 199.00; RK-CARBON offered 10.00, list 12.00",
        "价格与价目表不符：FB-PRO-5 报价 150.00，价目表价 199.00；RK-CARBON 报价 10.00，价目表价 12.00")]
    [InlineData("Order is Cancelled: 2 x FB-PRO-5 in WH-SH", "订单状态：已取消；2 件 FB-PRO-5（WH-SH）")]
    [InlineData("JR-TEAM-CUSTOM: 0 of 100 reserved; made on our own lines, so production makes the rest", "JR-TEAM-CUSTOM：已预留 0/100；本厂产线可做，其余由生产补足")]
    [InlineData("Over credit limit: exposure 1000.00 + order 398.00 > limit 1000.00 (waiting for staff:credit)",
        "超出信用额度：已占用 1000.00 + 本单 398.00 > 额度 1000.00（待信用主管处理）")]
    [InlineData("Not reviewed within 4 h of receipt; waiting for Credit hold for staff:credit", "收单后 4 小时内未审核完；等待：信用冻结（待信用主管处理）")]
    [InlineData("a reason someone typed", "a reason someone typed")]
    [InlineData("", "")]

    public void A_service_text_reads_in_Chinese_with_its_parts_and_an_unknown_one_as_sent(string sent, string shown)
        => Assert.Equal(shown, Say(sent));

    [Fact]
    public void A_carrier_report_reads_its_status_in_Chinese_its_own_words_as_sent_and_its_time_in_China_time()
    {
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("zh-CN");
        try
        {
            Assert.Equal("ZTO ZTO1：已揽收：PickedUp at the depot（2026/11/22 17:00）",
                Say("ZTO ZTO1: PickedUp: PickedUp at the depot (at 2026-11-22 09:00:00Z)"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Who_acted_is_named_in_Chinese_and_a_person_as_sent()
    {
        Assert.Equal("账务服务", Sayings.Who(L, "billing"));
        Assert.Equal("信用主管", Sayings.Who(L, "staff:credit"));
        Assert.Equal("承运商 ZTO", Sayings.Who(L, "carrier:ZTO"));
        Assert.Equal("desk (phone-desk)", Sayings.Who(L, "desk (phone-desk)"));
    }

    /// <summary>
    /// Two orders driven through the order's rules — a retail order with a price hold, a credit hold, a shortage the customer
    /// waits for, a refused change, payment, dispatch and delivery; a business order made to order with a late signed
    /// confirmation, a deposit, progress, a failed and a passed QC, the balance and an invoice — and every timeline detail,
    /// hold reason and refusal they produce read in Chinese: no English word left (identifiers are upper case, people's
    /// words here are Chinese).
    /// </summary>
    [Fact]
    public void Every_text_of_an_orders_life_reads_in_Chinese()
    {
        var texts = new List<string>();
        var retail = Order.Submit("SO-20261122-000001", "web-shop", "web-shop",
            new CustomerSnapshot("R-0001", "王芳", CustomerKinds.Retail, "C", PaymentTerms.Prepaid, 0m), OrderTypes.Regular,
            [new OrderLine("FB-PRO-5", 2, 150m, "")], Address, new DateOnly(2026, 12, 1), null, [new PriceMismatch("FB-PRO-5", 150m, 199m)], Now);
        texts.AddRange(retail.Holds.Select(h => h.Reason));
        retail.ApprovePriceHold("sales (sales-manager)", "同意", Now, new Dictionary<string, decimal> { ["FB-PRO-5"] = 199m });
        retail.OnCreditHeld("Over credit limit: exposure 1000.00 + order 398.00 > limit 1000.00", Now);
        texts.AddRange(retail.Holds.Select(h => h.Reason));
        retail.FlagReviewOverdue(TimeSpan.FromHours(4), Now.AddHours(5));
        retail.OnCreditApproved("credit (credit)", "老客户", Now);
        retail.OnStockShort([new ShortLine("FB-PRO-5", 2, 1)], Now);
        texts.AddRange(retail.Holds.Select(h => h.Reason));
        retail.ChooseShortageOption(ShortageChoices.Wait, "desk (phone-desk)", Now);
        texts.AddRange(retail.Holds.Select(h => h.Reason));
        retail.OnStockReserved([new ReservedLine("FB-PRO-5", 2, "WH-SH")], Now);
        texts.Add(retail.RequestChange(null, null, [new OrderLine("FB-PRO-5", 3, 199m, "")], "desk (phone-desk)", "客户要求", Now)!);
        retail.OnPaymentRequested(PaymentKinds.Full, 398m, Now);
        retail.OnPaymentReceived(398m, 398m, 0m, "bank-transfer", Now, "Paid in full (398.00 CNY)", "finance (finance)");
        retail.OnShipmentCreated("ZTO", "ZTO1", "DN-1", "Cheapest carrier covering 浙江 for 1.2 kg: ZTO (8.00 CNY)", ShipmentPurposes.Order, null, Now);
        retail.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.PickedUp, Now, null, null, null, ShipmentPurposes.Order, Now);
        retail.OnShipmentStatusChanged("ZTO", "ZTO1", ShipmentStatuses.Delivered, Now, "王芳", null, null, ShipmentPurposes.Order, Now);
        texts.Add(Assert.Throws<DomainException>(() => retail.Cancel("desk (phone-desk)", "不要了", Now)).Message);
        retail.AutoConfirmReceipt(TimeSpan.FromDays(7), Now.AddDays(8));
        texts.AddRange(retail.Timeline.Select(t => t.Detail));

        var business = Order.Submit("SO-20261122-000002", "phone-desk", "desk (phone-desk)",
            new CustomerSnapshot("C-B001", "球队", CustomerKinds.Business, "B", PaymentTerms.DepositAndBalance, 30m), OrderTypes.Custom,
            [new OrderLine("JR-TEAM-CUSTOM", 100, 129m, "队徽")], Address, new DateOnly(2026, 12, 10), null, [], Now);
        business.OnCreditApproved("credit-review", "Within credit limit: exposure 0.00 + order 12900.00 <= limit 50000.00", Now);
        business.OnStockShort([new ShortLine("JR-TEAM-CUSTOM", 100, 0, Producible: true)], Now);
        business.OnProductionPlanned([new PlannedWorkOrder("WO-1", "JR-TEAM-CUSTOM", 100, "LINE-1", new DateOnly(2026, 11, 25))], new DateOnly(2026, 11, 25), Now);
        texts.AddRange(business.Holds.Select(h => h.Reason));
        texts.Add(business.RequestChange(null, null, [new OrderLine("JR-TEAM-CUSTOM", 50, 129m, "队徽")], "desk (phone-desk)", "少做一些", Now)!);
        business.RecordSignedConfirmation("李伟", "desk (phone-desk)", null, Now.AddDays(2));
        business.OnPaymentRequested(PaymentKinds.Deposit, 3870m, Now);
        business.OnDepositReceived(3870m, 3870m, Now);
        business.OnProductionProgressed("WO-1", 50, 100, null, Now, "production (production)");
        business.OnProductionProgressed("WO-1", 60, 100, "缺布料", Now, "production (production)");
        business.OnQualityInspected("WO-1", false, 100, "线头松", "production (production)", Now);
        business.OnQualityInspected("WO-1", true, 100, "合格", "production (production)", Now);
        business.OnProducedGoodsReserved("WO-1", "JR-TEAM-CUSTOM", 100, "WH-SH", Now);
        business.OnPaymentRequested(PaymentKinds.Balance, 9030m, Now);
        business.OnPaymentReceived(9030m, 12900m, 0m, "bank-transfer", Now, "Paid in full (12900.00 CNY)");
        business.OnInvoiceIssued("INV-1", "SpecialVat", 12900m, 1484.07m, Now);
        business.OnDispatchOverdue(Now, Now);
        texts.AddRange(business.Timeline.Select(t => t.Detail));

        var english = texts.Select(t => (Sent: t, Shown: Say(t))).Where(t => EnglishWord().IsMatch(t.Shown)).ToList();
        Assert.True(english.Count == 0, "still English:\n" + string.Join("\n", english.Select(t => $"{t.Sent}\n  → {t.Shown}")));
        Assert.True(texts.Count > 40, $"only {texts.Count} texts");
    }

    [Fact]
    public void The_shapes_the_console_translates_are_ones_the_services_write()
    {
        // Each Say.* entry's fixed words, between its parts and sentences (a detail may be put together from a few), appear in the services' code; an entry for a text no service writes any more fails.
        var sources = string.Join("\n", Directory.EnumerateFiles(Path.Combine(ConsoleTests.Root(), "services"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(ConsoleTests.Root(), "ServiceDefaults"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).Select(File.ReadAllText));
        var unknown = Chinese.Keys.Where(k => k.StartsWith("Say.", StringComparison.Ordinal))
            .SelectMany(k => Regex.Split(k[4..], @"\{\d+\}|; |\. ").Where(piece => piece.Trim().Length > 3).Select(piece => (k, piece)))
            .Where(e => !sources.Contains(e.piece, StringComparison.Ordinal)).ToList();
        Assert.True(unknown.Count == 0, "no service writes: " + string.Join(" | ", unknown.Select(u => $"{u.k} («{u.piece}»)")));
    }

    [GeneratedRegex(@"\b[a-z]{2,}\b")]
    private static partial Regex EnglishWord();
}
