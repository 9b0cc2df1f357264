using Microsoft.EntityFrameworkCore;
using OrderPlatform.ProductionScheduling.Data;
using OrderPlatform.ServiceDefaults.Http;

namespace OrderPlatform.ProductionScheduling.Api;

public static class ProductionApi
{
    public static void MapProductionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/production");
        api.MapGet("lines", async (ProductionDb db, CancellationToken ct) =>
            TypedResults.Ok(await db.Lines.AsNoTracking().OrderBy(l => l.Code).ToListAsync(ct))).RequireRole("staff:production");
    }
}
