using System.Text.RegularExpressions;

namespace OrderPlatform.Gateway.Auth;

/// <summary>
/// The roles of the people who work in the staff console (DOMAIN.md), and the API roles each one carries. A person acting
/// through the console is known to the services as <c>name (role, role)</c>, which is what an order's timeline shows.
/// </summary>
public static partial class StaffRoles
{
    private static readonly Dictionary<string, string[]> ApiRolesOf = new(StringComparer.Ordinal)
    {
        ["phone-desk"] = ["channel:phone-desk"],
        ["sales-manager"] = ["staff:sales-manager"],
        ["credit"] = ["staff:credit"],
        ["production"] = ["staff:production"],
        ["warehouse"] = ["staff:warehouse"],
        ["logistics"] = ["staff:logistics"],
        ["finance"] = ["staff:finance"],
        ["aftersales"] = ["staff:aftersales"],
        ["manager"] = ["staff:manager"],
    };

    /// <summary>The person a request names, or null when the name is missing or malformed, or a role is unknown.</summary>
    public static (string Name, IReadOnlyList<string> ApiRoles)? Person(string name, string roles)
    {
        var given = roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (!PersonName().IsMatch(name) || given.Length == 0 || given.Any(r => !ApiRolesOf.ContainsKey(r))) return null;
        return ($"{name} ({string.Join(", ", given)})", given.SelectMany(r => ApiRolesOf[r]).Distinct().ToList());
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex PersonName();
}
