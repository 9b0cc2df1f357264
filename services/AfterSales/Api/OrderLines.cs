using OrderPlatform.Contracts;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.AfterSales.Api;

public static class OrderLines
{
    /// <summary>
    /// The lines asked for, priced as ordered: each SKU must be on the order and each quantity at most
    /// <paramref name="remaining"/> of it (the ordered quantity unless given). Bad lines are named in <paramref name="v"/>.
    /// </summary>
    public static List<OrderLine> Pick(IReadOnlyList<OrderLine> ordered, IReadOnlyList<LineRequest> asked, Validation v,
        Func<string, int>? remaining = null)
    {
        var picked = new List<OrderLine>();
        for (var i = 0; i < asked.Count; i++)
        {
            var line = asked[i];
            var onOrder = ordered.FirstOrDefault(o => o.Sku == line.Sku);
            if (string.IsNullOrWhiteSpace(line.Sku)) { v.Add($"lines[{i}].sku", "is required"); continue; }
            if (onOrder is null) { v.Add($"lines[{i}].sku", $"{line.Sku} is not on this order"); continue; }
            var max = remaining?.Invoke(line.Sku) ?? ordered.Where(o => o.Sku == line.Sku).Sum(o => o.Quantity);
            if (line.Quantity is null or <= 0) v.Add($"lines[{i}].quantity", "must be a positive whole number");
            else if (line.Quantity > max) v.Add($"lines[{i}].quantity", $"at most {max} of {line.Sku} can be returned or sent again");
            else picked.Add(onOrder with { Quantity = line.Quantity.Value });
        }
        if (asked.GroupBy(l => l.Sku).Any(g => g.Count() > 1)) v.Add("lines", "name each SKU once");
        return picked;
    }
}
