using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace OrderPlatform.StaffConsole.People;

/// <summary>A person who may sign in: a password hash (ASP.NET Core Identity's PBKDF2 format) and their roles.</summary>
public sealed class StaffUser
{
    public string PasswordHash { get; set; } = "";
    public string[] Roles { get; set; } = [];
}

/// <summary>Console:Users:{name} from configuration (hashes only; never a password).</summary>
public sealed class StaffDirectoryOptions
{
    public Dictionary<string, StaffUser> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The people who sign in to the console. In Development there is one user per role, named after it, with the password
/// <c>&lt;name&gt;-dev</c> (desk / desk-dev for the phone desk, sales / sales-dev for the sales manager); anywhere else
/// only the users configured exist.
/// </summary>
public sealed class StaffDirectory
{
    public static readonly string[] Roles = ["phone-desk", "sales-manager", "credit", "production", "warehouse", "logistics", "finance", "aftersales", "manager"];

    public static readonly IReadOnlyDictionary<string, string> DevelopmentUsers = Roles.ToDictionary(
        role => role switch { "phone-desk" => "desk", "sales-manager" => "sales", _ => role }, role => role);

    private readonly PasswordHasher<string> _hasher = new();
    private readonly Dictionary<string, StaffUser> _users;

    public StaffDirectory(IOptions<StaffDirectoryOptions> options, IHostEnvironment environment, ILogger<StaffDirectory> logger)
    {
        _users = new(options.Value.Users, StringComparer.OrdinalIgnoreCase);
        if (environment.IsDevelopment())
            foreach (var (name, role) in DevelopmentUsers)
                _users.TryAdd(name, new StaffUser { PasswordHash = _hasher.HashPassword(name, $"{name}-dev"), Roles = [role] });
        foreach (var (name, user) in _users.Where(u => u.Value.Roles.Any(r => !Roles.Contains(r))))
            throw new InvalidOperationException($"Console:Users:{name} has a role the console does not know; roles are {string.Join(", ", Roles)}.");
        if (_users.Count == 0) logger.LogWarning("No console users are configured (Console:Users): nobody can sign in");
    }

    /// <summary>The person's identity when the password is theirs, else null.</summary>
    public ClaimsPrincipal? SignIn(string name, string password, string scheme)
    {
        if (!_users.TryGetValue(name.Trim(), out var user)) return null;
        var key = _users.Keys.First(k => string.Equals(k, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (_hasher.VerifyHashedPassword(key, user.PasswordHash, password) == PasswordVerificationResult.Failed) return null;
        var claims = new List<Claim> { new(ClaimTypes.Name, key) };
        claims.AddRange(user.Roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
