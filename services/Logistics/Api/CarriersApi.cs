using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using OrderPlatform.Logistics.Data;
using OrderPlatform.Logistics.Domain;
using OrderPlatform.ServiceDefaults.Http;
using OrderPlatform.ServiceDefaults.Persistence;

namespace OrderPlatform.Logistics.Api;

/// <summary>A carrier as the logistics clerk states it: the provinces it covers (<c>*</c> for all), weight limit, speed and rates.</summary>
public record CarrierRequest(string? Code, string? Name, bool? Express, bool? Bulky, decimal? MaxWeightKg, int? TransitDays, decimal? BaseRate,
    decimal? RatePerKg, string[]? Provinces, bool? Active, string? Reason);

/// <summary>The carriers the dispatch rules choose from, kept by logistics staff, with the history of every change.</summary>
public static class CarriersApi
{
    private const string Kind = "carrier";

    public static void MapCarriersApi(this RouteGroupBuilder api)
    {
        api.MapGet("carriers", async (LogisticsDb db, CancellationToken ct) =>
                TypedResults.Ok((await db.Carriers.AsNoTracking().OrderBy(c => c.Code).ToListAsync(ct)).ConvertAll(CarrierResponse.From)))
            .WithName("ListCarriers").WithSummary("List carriers").RequireRole("staff:logistics");
        api.MapGet("carriers/{code}", Get).WithSummary("Get a carrier with the history of its changes").RequireRole("staff:logistics");
        api.MapPost("carriers", Add).WithSummary("Add a carrier").ProducesProblem(StatusCodes.Status409Conflict).RequireRole("staff:logistics");
        api.MapPut("carriers/{code}", Change).WithSummary("Change a carrier's coverage, limits, speed or rates, or (de)activate it")
            .RequireRole("staff:logistics");
    }

    private static async Task<Results<Ok<CarrierDetailResponse>, NotFound>> Get(string code, LogisticsDb db, CancellationToken ct)
        => await db.Carriers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == code, ct) is { } carrier
            ? TypedResults.Ok(new CarrierDetailResponse(CarrierResponse.From(carrier), await db.HistoryAsync(Kind, code, ct)))
            : TypedResults.NotFound();

    private static async Task<Results<Created<CarrierDetailResponse>, ValidationProblem, ProblemHttpResult>> Add(CarrierRequest body,
        Caller caller, LogisticsDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = Check(body);
        v.Code("code", body.Code);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        if (await db.Carriers.AnyAsync(c => c.Code == body.Code, ct))
            return Problems.InvalidState("Carrier already exists", $"A carrier {body.Code} is already set up.");
        var carrier = new Carrier { Code = body.Code!, Name = "" };
        Apply(carrier, body);
        db.Carriers.Add(carrier);
        var now = clock.GetUtcNow();
        db.RecordChange(Kind, carrier.Code, "Added", null, CarrierResponse.From(carrier), caller.Client, body.Reason?.Trim() ?? "New carrier", now);
        await db.SaveChangesAsync(ct); // a concurrent addition of the same code is the primary key's 409
        return TypedResults.Created($"/api/logistics/carriers/{carrier.Code}",
            new CarrierDetailResponse(CarrierResponse.From(carrier), await db.HistoryAsync(Kind, carrier.Code, ct)));
    }

    private static async Task<Results<Ok<CarrierDetailResponse>, NotFound, ValidationProblem>> Change(string code, CarrierRequest body,
        Caller caller, LogisticsDb db, TimeProvider clock, CancellationToken ct)
    {
        var v = Check(body);
        v.Required("reason", body.Reason);
        if (!v.IsValid) return TypedResults.ValidationProblem(v.Errors);
        var carrier = await db.Carriers.SingleOrDefaultAsync(c => c.Code == code, ct);
        if (carrier is null) return TypedResults.NotFound();
        var before = CarrierResponse.From(carrier);
        Apply(carrier, body);
        var after = CarrierResponse.From(carrier);
        if (db.RecordChange(Kind, code, "Changed", before, after, caller.Client, body.Reason!.Trim(), clock.GetUtcNow()))
            await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CarrierDetailResponse(after, await db.HistoryAsync(Kind, code, ct)));
    }

    private static Validation Check(CarrierRequest body)
    {
        var v = new Validation();
        v.Required("name", body.Name);
        if (body.Provinces is not { Length: > 0 } || body.Provinces.Any(string.IsNullOrWhiteSpace))
            v.Add("provinces", "must name at least one province, or \"*\" for all");
        if (body.BaseRate is not >= 0) v.Add("baseRate", "must be zero or more");
        if (body.RatePerKg is not >= 0) v.Add("ratePerKg", "must be zero or more");
        if (body.MaxWeightKg is <= 0) v.Add("maxWeightKg", "must be more than zero, or left out for no limit");
        if (body.TransitDays is < 0 or > 30) v.Add("transitDays", "must be from 0 to 30");
        return v;
    }

    private static void Apply(Carrier carrier, CarrierRequest body)
    {
        carrier.Name = body.Name!.Trim();
        carrier.Express = body.Express ?? false;
        carrier.Bulky = body.Bulky ?? false;
        carrier.MaxWeightKg = body.MaxWeightKg;
        carrier.TransitDays = body.TransitDays ?? 3;
        carrier.BaseRate = body.BaseRate!.Value;
        carrier.RatePerKg = body.RatePerKg!.Value;
        carrier.Provinces = body.Provinces!.Select(p => p.Trim()).Distinct().ToArray();
        carrier.Active = body.Active ?? true;
    }
}
