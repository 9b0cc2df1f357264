using Microsoft.AspNetCore.Components;

namespace OrderPlatform.StaffConsole.Platform;

/// <summary>
/// How a page asks the platform for one page of a list: one row more than it shows, so that it knows whether there is a
/// next page without counting (the lists are paged by the services' databases).
/// </summary>
public static class Paged
{
    public const int Size = 50;

    /// <summary>The page number in the address (<c>?page=3</c>), 1 when absent or nonsense.</summary>
    public static int Number(int? asked) => Math.Max(1, asked ?? 1);

    public static string Query(int page) => $"limit={Size + 1}&offset={(page - 1) * Size}";

    /// <summary>The page's rows and whether more follow; what was shown before when the platform did not answer.</summary>
    public static (List<T>? Rows, bool More) Of<T>(List<T>? answer, List<T>? shown, bool more)
        => answer is null ? (shown, more) : (answer.Take(Size).ToList(), answer.Count > Size);

    /// <summary>Shows page <paramref name="page"/> of the list whose page the address names <paramref name="parameter"/>, the rest of the address kept.</summary>
    public static void GoToPage(this NavigationManager navigation, string parameter, int page)
        => navigation.NavigateTo(navigation.GetUriWithQueryParameter(parameter, page > 1 ? page : null));
}
