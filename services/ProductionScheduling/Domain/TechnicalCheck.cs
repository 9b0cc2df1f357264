using OrderPlatform.Contracts;

namespace OrderPlatform.ProductionScheduling.Domain;

/// <summary>
/// Can the goods be made? Each item needs a line that knows its routing and raw material for its
/// quantity (counted across the order's items of the same SKU).
/// </summary>
public static class TechnicalCheck
{
    public sealed record Result(IReadOnlyList<(ProductionItem Item, ProductionLine Line)> Assigned, IReadOnlyList<string> Problems)
    {
        public bool Passed => Problems.Count == 0;
    }

    public static Result Run(IReadOnlyList<ProductionItem> items, IReadOnlyList<ProductionLine> lines, IReadOnlyDictionary<string, RawMaterial> materials)
    {
        var problems = new List<string>();
        var assigned = new List<(ProductionItem, ProductionLine)>();
        foreach (var item in items)
        {
            // The line with the most capacity that knows the routing.
            var line = lines.Where(l => l.Skus.Contains(item.Sku)).OrderByDescending(l => l.DailyCapacity).ThenBy(l => l.Code).FirstOrDefault();
            if (line is null) problems.Add($"{item.Sku}: no production line has a routing for it");
            else assigned.Add((item, line));
        }
        foreach (var sku in items.GroupBy(i => i.Sku))
        {
            var needed = sku.Sum(i => i.Quantity);
            var onHand = materials.GetValueOrDefault(sku.Key)?.Units ?? 0;
            if (onHand < needed) problems.Add($"{sku.Key}: raw material for {onHand} units, {needed} needed");
        }
        return new Result(assigned, problems);
    }
}
