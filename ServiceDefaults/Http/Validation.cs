namespace OrderPlatform.ServiceDefaults.Http;

/// <summary>Collects the bad fields of one request, for a 400 problem that names each of them.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public void Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "is required");
    }

    /// <summary>A reference-data code (a warehouse, carrier or line): 2 to 20 capital letters, digits or dashes.</summary>
    public void Code(string field, string? value)
    {
        if (value is null || !System.Text.RegularExpressions.Regex.IsMatch(value, "^[A-Z0-9][A-Z0-9-]{1,19}$"))
            Add(field, "must be 2 to 20 capital letters, digits or dashes");
    }

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
