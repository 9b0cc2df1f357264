using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>The filters every list shares: a status by its name, and pages of at most 500 rows from an offset.</summary>
public static class Paging
{
    public const int MaxLimit = 500;

    /// <summary>The status asked for, or null when none was; a name that is not one adds an error naming the field and the names.</summary>
    public static TEnum? Status<TEnum>(Validation v, string? value, string field = "status") where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (Enum.TryParse<TEnum>(value, ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value[0])) return parsed;
        v.Add(field, $"must be one of {string.Join(", ", Enum.GetNames<TEnum>())}");
        return null;
    }

    public static void Check(Validation v, int? offset)
    {
        if (offset < 0) v.Add("offset", "must not be negative");
    }

    /// <summary>For a list paged by nothing else: the answer naming a negative offset, or null when it is fine.</summary>
    public static ValidationProblem? Refuse(int? offset)
    {
        var v = new Validation();
        Check(v, offset);
        return Answer(v);
    }

    /// <summary>For a list filtered by a status and paged: the status asked for in <paramref name="wanted"/>, or the answer naming a bad status or offset.</summary>
    public static ValidationProblem? Refuse<TEnum>(string? status, int? offset, out TEnum? wanted) where TEnum : struct, Enum
    {
        var v = new Validation();
        wanted = Status<TEnum>(v, status);
        Check(v, offset);
        return Answer(v);
    }

    private static ValidationProblem? Answer(Validation v) => v.IsValid ? null : TypedResults.ValidationProblem(v.Errors);
    /// <summary><paramref name="limit"/> rows (1 to 500; <paramref name="byDefault"/> when not given) from <paramref name="offset"/>.</summary>
    public static IQueryable<T> Page<T>(this IQueryable<T> query, int? limit, int? offset, int byDefault = MaxLimit)
        => query.Skip(offset ?? 0).Take(Math.Clamp(limit ?? byDefault, 1, MaxLimit));

    /// <summary>The same page of rows ordered in memory (by a rule the database cannot run).</summary>
    public static IEnumerable<T> Page<T>(this IEnumerable<T> rows, int? limit, int? offset)
        => rows.Skip(offset ?? 0).Take(Math.Clamp(limit ?? MaxLimit, 1, MaxLimit));
}
