using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Inventory.Api;
using OrderPlatform.Inventory.Data;
using OrderPlatform.ServiceDefaults;
using OrderPlatform.ServiceDefaults.Coordination;

namespace OrderPlatform.Inventory.Messaging;

/// <summary>
/// Puts a list price set for later into the catalogue once its moment has come, and clears the cached catalogue. Orders
/// do not wait for it: Intake's price check already counts a scheduled price from its moment (CatalogueGrpc).
/// </summary>
public sealed class ScheduledPrices(IServiceScopeFactory scopes, IOutputCacheStore cache, TimeProvider clock, JobLeases leases,
    ILogger<ScheduledPrices> logger) : PeriodicJob(TimeSpan.FromSeconds(5), leases, logger)
{
    protected override async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDb>();
        var now = clock.GetUtcNow();
        var due = await db.Prices.Where(p => !p.Applied && p.EffectiveFrom <= now).OrderBy(p => p.EffectiveFrom).ThenBy(p => p.Id).Take(100).ToListAsync(ct);
        if (due.Count == 0) return;
        var skus = due.Select(p => p.Sku).Distinct().ToList();
        var products = await db.Products.Where(p => skus.Contains(p.Sku)).ToDictionaryAsync(p => p.Sku, ct);
        foreach (var price in due) products[price.Sku].Apply(price); // in order: the latest due price of each SKU is the one left
        await db.SaveChangesAsync(ct);
        await cache.EvictByTagAsync(InventoryApi.CatalogueTag, ct);
        logger.LogInformation("Scheduled list prices now in force: {Skus}", string.Join(", ", skus));
    }
}
