namespace OrderPlatform.ProductionScheduling.Domain;

/// <summary>A production line: what it can make (its routings), how many units a working day, and the warehouse it delivers to.</summary>
public sealed class ProductionLine
{
    public static readonly int[] EveryDay = [1, 2, 3, 4, 5, 6, 7];

    public required string Code { get; init; }
    public required string Name { get; set; }
    public int DailyCapacity { get; set; }
    /// <summary>Days of the week the line works, ISO numbered (1 Monday … 7 Sunday).</summary>
    public int[] WorkingDays { get; set; } = EveryDay;
    public string[] Skus { get; set; } = [];
    public string Warehouse { get; set; } = "WH-SH";

    public bool WorksOn(DateOnly day) => WorkingDays.Contains(day.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)day.DayOfWeek);

    /// <summary>The line's working day <paramref name="n"/> counted from <paramref name="today"/> (0: today if it works today, else its next working day).</summary>
    public DateOnly WorkingDay(DateOnly today, int n)
    {
        if (WorkingDays.Length == 0) throw new InvalidOperationException($"Line {Code} has no working days.");
        var day = today;
        while (!WorksOn(day)) day = day.AddDays(1);
        for (var i = 0; i < n; i++)
            do day = day.AddDays(1); while (!WorksOn(day));
        return day;
    }
}

/// <summary>Raw material on hand for a SKU, counted in finished units it is enough for.</summary>
public sealed class RawMaterial
{
    public required string Sku { get; init; }
    public int Units { get; private set; }

    public static RawMaterial Create(string sku, int units) => new() { Sku = sku, Units = units };

    public bool CanSupply(int units) => Units >= units;

    public void Allocate(int units) => Units -= units;

    public void Receive(int units) => Units += units;
}
