using System.Linq.Expressions;

namespace OrderPlatform.ServiceDefaults.Persistence;

public static class ChinaDays
{
    /// <summary>
    /// The rows whose moment <paramref name="at"/> falls on the China-time days <paramref name="from"/> to <paramref name="to"/>
    /// (both included; either may be left open), compared in the database as UTC instants.
    /// </summary>
    public static IQueryable<T> OnChinaDays<T>(this IQueryable<T> query, Expression<Func<T, DateTimeOffset>> at, DateOnly? from, DateOnly? to)
    {
        if (from is { } f) query = query.Where(Compare(at, Expression.GreaterThanOrEqual, ChinaTime.StartOf(f)));
        if (to is { } t) query = query.Where(Compare(at, Expression.LessThan, ChinaTime.StartOf(t.AddDays(1))));
        return query;
    }

    private static Expression<Func<T, bool>> Compare<T>(Expression<Func<T, DateTimeOffset>> at,
        Func<Expression, Expression, BinaryExpression> compare, DateTimeOffset bound)
        // The bound read from an object, as a captured variable would be, so that EF sends it as a parameter.
        => Expression.Lambda<Func<T, bool>>(compare(at.Body, Expression.Property(Expression.Constant(new Bound(bound)), nameof(Bound.Value))), at.Parameters);

    private sealed class Bound(DateTimeOffset value)
    {
        public DateTimeOffset Value { get; } = value;
    }
}
