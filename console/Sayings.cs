using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace OrderPlatform.StaffConsole;

/// <summary>
/// The texts the services write in English — a timeline's details, a hold's reason, why a request was refused — in the
/// person's language. The platform's record stays as written (partners read it through the API); the console reads it
/// through the entries <c>Say.{shape}</c>, where a shape is the English text with its variable parts as <c>{0}</c>,
/// <c>{1}</c>…: <c>Say.{0} x {1} in {2}</c> = <c>{0} 件 {1}（{2}）</c>. A text is matched whole against the shapes (of
/// several that fit, the reading with the fewest English words left); each part put back is read the same way (a reason inside a detail), or as a
/// status or other term, a UTC time in China time, or a list of such parts. A text that fits nothing is shown as sent.
/// Written here because the messages are composed by the services, not looked up by key; small and unit-tested.
/// </summary>
public sealed partial class Sayings
{
    private const string Prefix = "Say.";
    private const int Depth = 4;

    /// <summary>The kinds of term a part may be (a status, a hold's kind, who must act …), looked up as <c>{kind}.{part}</c>.</summary>
    private static readonly string[] TermKinds = ["Status", "Hold", "Channel", "Who", "Terms", "Shipment", "OrderType", "WorkOrder", "Return", "ReturnKind", "Case"];

    private static readonly (string Separator, string Joiner)[] Lists = [("; ", "；"), (", ", "、")];

    private static readonly ConcurrentDictionary<string, Sayings> ByCulture = new();

    private readonly Dictionary<string, string> _exact = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(Regex Shape, string Said)> _shapes = [];

    public Sayings(IEnumerable<LocalizedString> entries)
    {
        var shaped = new List<(Regex, string, int)>();
        foreach (var entry in entries)
        {
            if (!entry.Name.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var english = entry.Name[Prefix.Length..];
            if (!Hole().IsMatch(english)) { _exact[english] = entry.Value; continue; }
            var pattern = "^" + string.Concat(Hole().Split(english).Select((piece, i) => i % 2 == 0 ? Regex.Escape(piece) : "(.+?)")) + "$";
            shaped.Add((new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant), entry.Value, Hole().Replace(english, "").Length));
        }
        _shapes.AddRange(shaped.OrderByDescending(s => s.Item3).Select(s => (s.Item1, s.Item2)));
    }

    /// <summary>The sayings of the person's language (built once per language from the localizer's entries).</summary>
    public static Sayings Of(IStringLocalizer L)
        => ByCulture.GetOrAdd(CultureInfo.CurrentUICulture.Name, _ => new Sayings(L.GetAllStrings(includeParentCultures: true)));

    public string Say(IStringLocalizer L, string? text) => string.IsNullOrEmpty(text) ? "" : Part(L, text, 0);

    /// <summary>Who did something, as the timeline names them: a service or channel by its word, a carrier by its code; a person as sent.</summary>
    public static string Who(IStringLocalizer L, string by)
    {
        if (L[$"Who.{by}"] is { ResourceNotFound: false } word) return word.Value;
        return by.StartsWith("carrier:", StringComparison.Ordinal) ? $"{L["Who.carrier"].Value} {by["carrier:".Length..]}" : by;
    }

    /// <summary>
    /// The text in the language with the number of English words left in it, or null when it fits no shape. When several
    /// shapes fit ("{0} (waiting for {1})" and "{0} offered {1}, list {2}" both fit a price hold's reason), the reading
    /// that leaves the fewest English words wins; the shapes with the most fixed words are tried first.
    /// </summary>
    private (string Text, int English)? Read(IStringLocalizer L, string text, int depth)
    {
        if (_exact.TryGetValue(text, out var said)) return (said, EnglishWord().Count(said));
        if (depth >= Depth) return null;
        (string, int)? best = null;
        var least = int.MaxValue;
        foreach (var (shape, saidShape) in _shapes)
        {
            var match = shape.Match(text);
            if (!match.Success) continue;
            var parts = match.Groups.Values.Skip(1).Select(g => (object)Part(L, g.Value, depth + 1)).ToArray();
            var reading = string.Format(CultureInfo.CurrentCulture, saidShape, parts);
            var english = EnglishWord().Count(reading);
            if (english < least) (best, least) = ((reading, english), english);
            if (english == 0) break;
        }
        return best;
    }

    private string Part(IStringLocalizer L, string part, int depth)
    {
        // A list ("2 x FB-PRO-5 in WH-SH; 1 x BB-GAME-7 in WH-BJ") whose every item is known, unless a shape reads it better.
        var list = depth < Depth ? List(L, part, depth, every: true) : null;
        var listEnglish = list is null ? int.MaxValue : EnglishWord().Count(list);
        if (listEnglish == 0) return list!;
        if (Read(L, part, depth) is { } read && read.English < listEnglish) return read.Text;
        if (list is not null) return list;
        foreach (var kind in TermKinds)
            if (L[$"{kind}.{part}"] is { ResourceNotFound: false } term) return term.Value;
        if (DateTimeOffset.TryParseExact(part, "u", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)) return Format.Time(at);
        if (part.StartsWith("carrier:", StringComparison.Ordinal)) return Who(L, part);
        // A status with the carrier's own words after it ("PickedUp: at the depot"): the status in the language, the words as sent.
        if (part.IndexOf(": ", StringComparison.Ordinal) is > 0 and var colon && L[$"Shipment.{part[..colon]}"] is { ResourceNotFound: false } status)
            return $"{status.Value}：{part[(colon + 2)..]}";
        return depth < Depth ? List(L, part, depth, every: false) ?? part : part;
    }

    /// <summary>The items of a list in the language, joined the language's way; null unless every item (or, failing that, any) is known.</summary>
    private string? List(IStringLocalizer L, string part, int depth, bool every)
    {
        foreach (var (separator, joiner) in Lists)
        {
            if (!part.Contains(separator, StringComparison.Ordinal)) continue;
            var items = part.Split(separator);
            var read = every ? items.Select(item => Read(L, item, depth + 1)?.Text).ToArray() : items.Select(item => Part(L, item, depth + 1)).ToArray();
            if (every ? read.All(r => r is not null) : !read.SequenceEqual(items)) return string.Join(joiner, read);
        }
        return null;
    }

    [GeneratedRegex(@"\b[a-z]{2,}\b")]
    private static partial Regex EnglishWord();

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Hole();
}
