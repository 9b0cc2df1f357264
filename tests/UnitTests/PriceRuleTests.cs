using OrderPlatform.Inventory.Domain;
using OrderPlatform.ServiceDefaults;

namespace OrderPlatform.UnitTests;

public sealed class PriceRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static Product Football() => Product.Add("FB-TRAIN-4", "Training football, size 4", null, null, 99m, 0.4m, null,
        Sourcing.Stocked, 10, "sales", Now).Product;

    [Theory]
    [InlineData(Sourcing.Stocked, false, false)]
    [InlineData(Sourcing.MadeInHouse, false, true)]
    [InlineData(Sourcing.Custom, true, true)]
    public void A_product_is_sourced_as_registered(string sourcing, bool madeToOrder, bool madeInHouse)
    {
        var (product, price) = Product.Add("X-1", "x", null, null, 10m, 1m, null, sourcing, 0, "sales", Now);
        Assert.Equal((sourcing, madeToOrder, madeInHouse), (product.Sourcing, product.MadeToOrder, product.MadeInHouse));
        Assert.Equal((10m, Now, true), (price.UnitPrice, price.EffectiveFrom, price.Applied));
    }

    [Fact]
    public void A_price_from_now_is_in_force_at_once_and_one_for_later_waits_for_its_moment()
    {
        var product = Football();
        var now = product.SetPrice(109m, Now, "Supplier price rise", "sales", Now);
        Assert.True(now.Applied);
        Assert.Equal(109m, product.ListPrice);

        var later = product.SetPrice(119m, Now.AddDays(7), "New season", "sales", Now);
        Assert.False(later.Applied);
        Assert.Equal(109m, product.ListPrice);
        product.Apply(later);
        Assert.Equal(119m, product.ListPrice);
    }

    [Fact]
    public void A_price_cannot_be_set_for_the_past()
        => Assert.Throws<DomainException>(() => Football().SetPrice(89m, Now.AddDays(-1), "back-dated", "sales", Now));

    [Fact]
    public void An_agreed_price_counts_from_its_start_until_its_end()
    {
        var agreed = new CustomerPrice { CustomerId = "C-A001", Sku = "FB-PRO-5", UnitPrice = 179m, ValidFrom = Now, ValidTo = Now.AddDays(30),
            Reason = "Season contract", SetBy = "sales", SetAt = Now };
        Assert.False(agreed.InForceAt(Now.AddSeconds(-1)));
        Assert.True(agreed.InForceAt(Now));
        Assert.True(agreed.InForceAt(Now.AddDays(29)));
        Assert.False(agreed.InForceAt(Now.AddDays(30)));
    }
}
